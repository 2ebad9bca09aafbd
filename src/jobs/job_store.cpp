#include "jobs/job_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/log.h"
#include "common/private_directory.h"

namespace octgate::jobs {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  examination_id TEXT NOT NULL,
  filename TEXT NOT NULL,
  webhook_url TEXT NOT NULL,
  parameters_json TEXT NOT NULL,
  threshold REAL NOT NULL,
  state TEXT NOT NULL,
  inference_attempts INTEGER NOT NULL DEFAULT 0,
  delivery_attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  document TEXT,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  result_bucket TEXT,
  result_path TEXT,
  result_object TEXT
);
-- The decoded input, apart from the job: SQLite rewrites a whole row on any update, and the
-- job's row changes state several times while the image is only written once and deleted.
CREATE TABLE IF NOT EXISTS job_inputs (
  id TEXT PRIMARY KEY,
  image BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_examination ON jobs(examination_id);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs(state, updated_at);
)sql";

constexpr const char* kColumns =
    "id, examination_id, filename, webhook_url, parameters_json, threshold, state, inference_attempts, "
    "delivery_attempts, last_error, document, next_attempt_at, created_at, updated_at, width, height, result_bucket, "
    "result_path, result_object";

constexpr const char* kUnfinished = "state IN ('queued', 'running', 'delivering')";

}  // namespace

std::int64_t JobStore::now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<JobStore>> JobStore::open(const std::filesystem::path& data_dir) {
  // Uploads and webhook URLs are the callers' data: a folder octgate creates is its user's alone, and
  // so is a new store (SQLite gives its WAL and shared-memory files the database file's mode).
  if (std::error_code ec = create_private_directories(data_dir))
    return unavailable("cannot create data folder " + data_dir.string() + ": " + ec.message());
  const std::string db_path = (data_dir / "jobs.sqlite3").string();
  if (int fd = ::open(db_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    return unavailable("cannot create job store " + db_path + ": " + std::strerror(errno));
  }
  auto db = SqliteDb::open(db_path);
  if (!db) return db.status();
  // WAL with synchronous=NORMAL: a commit survives a crash of the process (not of the OS).
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", kSchema}) {
    Status s = (*db)->exec(pragma);
    if (!s.is_ok()) return s;
  }
  SqliteStatement old_layout((*db)->handle(), "SELECT COUNT(*) FROM pragma_table_info('jobs') WHERE name = 'image'");
  if (old_layout.step() == SQLITE_ROW && old_layout.column_int(0) > 0)
    return invalid_argument("the job store in " + data_dir.string() +
                            " was written by an older development build of octgate; move it away");
  return std::unique_ptr<JobStore>(new JobStore(std::move(*db)));
}

JobStore::JobStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)), writer_([this] { writer_loop(); }) {}

JobStore::~JobStore() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  writer_.join();
}

void JobStore::insert(const Job& job, std::function<void(Status)> done) {
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back({job, std::move(done)});
  }
  queue_cv_.notify_one();
}

void JobStore::writer_loop() {
  while (true) {
    std::deque<PendingInsert> batch;
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      batch.swap(queue_);
    }
    Status status;
    {
      std::lock_guard lock(db_mutex_);
      status = db_->exec("BEGIN IMMEDIATE");
      SqliteStatement insert(db_->handle(),
                             "INSERT INTO jobs (id, examination_id, filename, webhook_url, parameters_json, threshold, "
                             "state, created_at, updated_at, width, height, result_bucket, result_path) "
                             "VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)");
      SqliteStatement insert_input(db_->handle(), "INSERT INTO job_inputs (id, image) VALUES (?, ?)");
      std::int64_t now = now_ms();
      for (auto& pending : batch) {
        if (!status.is_ok()) break;
        const Job& j = pending.job;
        insert.bind(1, j.id).bind(2, j.examination_id).bind(3, j.filename).bind(4, j.webhook_url);
        insert.bind(5, j.parameters_json).bind(6, static_cast<double>(j.threshold)).bind(7, now).bind(8, now);
        insert.bind(9, std::int64_t{j.image.cols}).bind(10, std::int64_t{j.image.rows});
        if (j.result_destination) insert.bind(11, j.result_destination->bucket).bind(12, j.result_destination->path);
        insert_input.bind(1, j.id).bind_blob(2, j.image.data, j.image.total());
        if (insert.step() != SQLITE_DONE || insert_input.step() != SQLITE_DONE)
          status = internal_error("job store insert failed: " + db_->last_error());
        insert.reset();
        insert_input.reset();
      }
      status = status.is_ok() ? db_->exec("COMMIT") : status;
      if (!status.is_ok()) db_->exec("ROLLBACK");
    }
    for (auto& pending : batch) pending.done(status);
  }
}

Status JobStore::update(const std::string& sql, const std::function<void(SqliteStatement&)>& bind) {
  std::lock_guard lock(db_mutex_);
  SqliteStatement statement(db_->handle(), sql);
  if (!statement.valid()) return internal_error("job store: " + db_->last_error());
  bind(statement);
  if (statement.step() != SQLITE_DONE) return internal_error("job store update failed: " + db_->last_error());
  return Status::ok();
}

Status JobStore::mark_running(const std::string& id) {
  return update("UPDATE jobs SET state = 'running', updated_at = ? WHERE id = ?",
                [&](SqliteStatement& s) { s.bind(1, now_ms()).bind(2, id); });
}

Status JobStore::record_inference_retry(const std::string& id, int attempts, const std::string& error) {
  return update("UPDATE jobs SET state = 'queued', inference_attempts = ?, last_error = ?, updated_at = ? WHERE id = ?",
                [&](SqliteStatement& s) { s.bind(1, std::int64_t{attempts}).bind(2, error).bind(3, now_ms()).bind(4, id); });
}

Status JobStore::save_document(const std::string& id, const std::string& document, int inference_attempts,
                               const std::optional<std::string>& result_object) {
  Status saved = update(
      "UPDATE jobs SET state = 'delivering', document = ?, inference_attempts = ?, next_attempt_at = 0, "
      "result_object = ?, updated_at = ? WHERE id = ?",
      [&](SqliteStatement& s) {
        s.bind(1, document).bind(2, std::int64_t{inference_attempts}).bind_optional(3, result_object);
        s.bind(4, now_ms()).bind(5, id);
      });
  if (!saved.is_ok()) return saved;
  return update("DELETE FROM job_inputs WHERE id = ?", [&](SqliteStatement& s) { s.bind(1, id); });
}

Status JobStore::record_delivery(const std::string& id, JobState state, int attempts,
                                 const std::optional<std::string>& error, std::int64_t next_attempt_at_ms) {
  return update(
      "UPDATE jobs SET state = ?, delivery_attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?",
      [&](SqliteStatement& s) {
        s.bind(1, std::string_view(state_name(state))).bind(2, std::int64_t{attempts}).bind_optional(3, error);
        s.bind(4, next_attempt_at_ms).bind(5, now_ms()).bind(6, id);
      });
}

std::vector<JobRecord> JobStore::query(const std::string& where, const std::string& key, bool with_image) {
  std::lock_guard lock(db_mutex_);
  std::string sql = std::string("SELECT ") + kColumns +
                    (with_image ? ", (SELECT image FROM job_inputs WHERE job_inputs.id = jobs.id)" : "") +
                    " FROM jobs WHERE " + where + " ORDER BY created_at, id";
  SqliteStatement select(db_->handle(), sql);
  if (!key.empty()) select.bind(1, key);
  std::vector<JobRecord> records;
  while (select.step() == SQLITE_ROW) {
    JobRecord r;
    r.job.id = select.column_text(0);
    r.job.examination_id = select.column_text(1);
    r.job.filename = select.column_text(2);
    r.job.webhook_url = select.column_text(3);
    r.job.parameters_json = select.column_text(4);
    r.job.threshold = static_cast<float>(select.column_double(5));
    r.state = parse_state(select.column_text(6)).value_or(JobState::kQueued);
    r.inference_attempts = static_cast<int>(select.column_int(7));
    r.delivery_attempts = static_cast<int>(select.column_int(8));
    r.last_error = select.column_optional_text(9);
    r.document = select.column_optional_text(10);
    r.next_attempt_at_ms = select.column_int(11);
    r.created_at_ms = select.column_int(12);
    r.updated_at_ms = select.column_int(13);
    int width = static_cast<int>(select.column_int(14)), height = static_cast<int>(select.column_int(15));
    auto result_bucket = select.column_optional_text(16), result_path = select.column_optional_text(17);
    if (result_bucket && result_path) r.job.result_destination = ResultDestination{*result_bucket, *result_path};
    r.result_object = select.column_optional_text(18);
    if (with_image && select.column_bytes(19) == width * height && width > 0 && height > 0) {
      cv::Mat(height, width, CV_8UC1, const_cast<void*>(select.column_blob(19))).copyTo(r.job.image);
    }
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<JobRecord> JobStore::load_unfinished() { return query(kUnfinished, "", true); }

std::optional<JobRecord> JobStore::find(const std::string& id) {
  auto records = query("id = ?", id, false);
  if (records.empty()) return std::nullopt;
  return std::move(records.front());
}

std::vector<JobRecord> JobStore::find_examination(const std::string& examination_id) {
  return query("examination_id = ?", examination_id, false);
}

std::uint64_t JobStore::count_unfinished() {
  std::lock_guard lock(db_mutex_);
  SqliteStatement count(db_->handle(), std::string("SELECT COUNT(*) FROM jobs WHERE ") + kUnfinished);
  return count.step() == SQLITE_ROW ? static_cast<std::uint64_t>(count.column_int(0)) : 0;
}

std::int64_t JobStore::prune_finished_before(std::int64_t cutoff_ms) {
  std::lock_guard lock(db_mutex_);
  SqliteStatement prune(db_->handle(),
                        "DELETE FROM jobs WHERE state IN ('completed', 'failed', 'dead') AND updated_at < ?");
  prune.bind(1, cutoff_ms);
  prune.step();
  std::int64_t pruned = sqlite3_changes(db_->handle());
  // Inputs are deleted when inference ends; none should be left behind, but never keep one.
  db_->exec("DELETE FROM job_inputs WHERE id NOT IN (SELECT id FROM jobs)");
  return pruned;
}

}  // namespace octgate::jobs
