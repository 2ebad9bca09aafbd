#pragma once
// The durable job store: one SQLite file (WAL) under the data folder. A job is committed,
// with its decoded image, before "sent" is answered; inserts that arrive together are
// committed in one transaction by the store's writer thread. Thread-safe.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "jobs/job.h"
#include "jobs/job_state.h"
#include "jobs/sqlite_db.h"

namespace octgate::jobs {

struct JobRecord {
  Job job;  // image only from load_unfinished()
  JobState state = JobState::kQueued;
  int delivery_attempts = 0;
  int inference_attempts = 0;
  std::optional<std::string> last_error;
  std::optional<std::string> document;       // the webhook document, once there is one
  std::optional<std::string> result_object;  // what goes to job.result_destination, once there is one
  std::int64_t next_attempt_at_ms = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

class JobStore {
 public:
  static Result<std::unique_ptr<JobStore>> open(const std::filesystem::path& data_dir);
  ~JobStore();

  // Durable once done(Status::ok()) is called (on the writer thread).
  void insert(const Job& job, std::function<void(Status)> done);

  Status mark_running(const std::string& id);
  Status record_inference_retry(const std::string& id, int attempts, const std::string& error);
  // Inference is over: keep the document (and the result object), drop the image, start delivering.
  Status save_document(const std::string& id, const std::string& document, int inference_attempts,
                       const std::optional<std::string>& result_object = std::nullopt);
  // A delivery attempt happened: the job's new state (delivering while retries remain).
  Status record_delivery(const std::string& id, JobState state, int attempts, const std::optional<std::string>& error,
                         std::int64_t next_attempt_at_ms);

  std::vector<JobRecord> load_unfinished();
  std::optional<JobRecord> find(const std::string& id);
  std::vector<JobRecord> find_examination(const std::string& examination_id);
  std::uint64_t count_unfinished();
  // Deletes finished jobs last updated before the cutoff; returns how many.
  std::int64_t prune_finished_before(std::int64_t cutoff_ms);

  static std::int64_t now_ms();

 private:
  explicit JobStore(std::unique_ptr<SqliteDb> db);
  void writer_loop();
  Status update(const std::string& sql, const std::function<void(SqliteStatement&)>& bind);
  std::vector<JobRecord> query(const std::string& where, const std::string& key, bool with_image);

  std::unique_ptr<SqliteDb> db_;
  std::mutex db_mutex_;

  struct PendingInsert {
    Job job;  // a cheap copy: the image is shared, not copied
    std::function<void(Status)> done;
  };
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<PendingInsert> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace octgate::jobs
