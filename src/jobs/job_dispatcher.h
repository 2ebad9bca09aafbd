#pragma once
// Carries every accepted job to its webhook, at least once, whatever happens to the process:
//   submit: commit to the JobStore, then "sent"
//   -> inference (transient failures retried on the inference schedule)
//   -> result document saved -> webhook POSTs on the delivery schedule -> completed | failed | dead.
// On start-up, recover() resumes every unfinished job from the store. Thread-safe.
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "inference/inference_backend.h"
#include "jobs/job.h"
#include "jobs/job_store.h"
#include "jobs/retry_schedule.h"
#include "jobs/webhook_delivery.h"

namespace octgate::storage {
class ObjectStore;
}

namespace octgate::jobs {

struct DispatcherOptions {
  std::vector<Millis> webhook_schedule;
  std::vector<Millis> inference_schedule;
  std::uint64_t max_unfinished_jobs = 10000;
  storage::ObjectStore* result_store = nullptr;  // where Job::result_destination objects go
};

class JobDispatcher {
 public:
  JobDispatcher(JobStore& store, inference::InferenceBackend& backend, boost::asio::thread_pool& delivery_pool,
                WebhookDelivery delivery, DispatcherOptions options);
  ~JobDispatcher();

  // Backpressure: reserves room for n new jobs; false when that would pass the limit.
  bool try_reserve(std::uint64_t n);
  void release_reservation(std::uint64_t n);
  // Consumes one reservation. accepted(ok) once the job is durable; then it runs.
  void submit(Job job, std::function<void(Status)> accepted);
  // Resumes the unfinished jobs found in the store; returns how many.
  std::size_t recover();
  std::uint64_t unfinished() const { return unfinished_.load(); }
  // Stops scheduling; waits up to grace for work in flight. What is left resumes on restart.
  void shutdown(Millis grace);

 private:
  struct Delivery;
  void run_inference(std::shared_ptr<Job> job, int attempt);
  void on_inference(std::shared_ptr<Job> job, int attempt, int height, int width, Result<inference::InferenceResult> result);
  void schedule_delivery(std::shared_ptr<Delivery> delivery, Millis delay);
  void attempt_delivery(std::shared_ptr<Delivery> delivery);
  void after(Millis delay, std::function<void()> action);
  void finish();

  JobStore& store_;
  inference::InferenceBackend& backend_;
  boost::asio::thread_pool& delivery_pool_;
  WebhookDelivery delivery_;
  DispatcherOptions options_;

  std::atomic<std::uint64_t> unfinished_{0};
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<bool> stopping_{false};
  boost::asio::io_context timers_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> timers_guard_;
  std::thread timer_thread_;
};

}  // namespace octgate::jobs
