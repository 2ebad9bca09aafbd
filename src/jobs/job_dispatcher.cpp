#include "jobs/job_dispatcher.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>

#include "common/log.h"
#include "jobs/result_destination.h"
#include "jobs/result_document.h"

namespace octgate::jobs {
namespace {

bool is_transient(StatusCode code) { return code == StatusCode::kUnavailable || code == StatusCode::kDeadlineExceeded; }

boost::json::value nullable(const std::string& s) { return s.empty() ? boost::json::value(nullptr) : boost::json::value(s); }

// The "error" of a FAILED webhook document, for the log line (as the reference logs it).
std::string document_error(const std::string& document) {
  boost::system::error_code ec;
  auto doc = boost::json::parse(document, ec);
  if (ec || !doc.is_object()) return {};
  const auto* error = doc.as_object().if_contains("error");
  return error && error->is_string() ? std::string(error->as_string()) : std::string();
}

}  // namespace

struct JobDispatcher::Delivery {
  std::string id, examination_id, filename, webhook_url, document;
  bool completed = true;  // the document's status: COMPLETED or FAILED
  int attempts = 0;
  std::optional<ResultDestination> destination;  // Write-To-GCS: written once, before the first POST
  std::string result_object;
};

JobDispatcher::JobDispatcher(JobStore& store, inference::InferenceBackend& backend,
                             boost::asio::thread_pool& delivery_pool, WebhookDelivery delivery, DispatcherOptions options)
    : store_(store),
      backend_(backend),
      delivery_pool_(delivery_pool),
      delivery_(std::move(delivery)),
      options_(std::move(options)),
      timers_guard_(timers_.get_executor()),
      timer_thread_([this] { timers_.run(); }) {
  if (options_.webhook_schedule.empty()) options_.webhook_schedule = *parse_retry_schedule(kDefaultWebhookSchedule);
  if (options_.inference_schedule.empty()) options_.inference_schedule = *parse_retry_schedule(kDefaultInferenceSchedule);
}

JobDispatcher::~JobDispatcher() { shutdown(Millis(0)); }

bool JobDispatcher::try_reserve(std::uint64_t n) {
  std::uint64_t current = unfinished_.load();
  do {
    if (current + n > options_.max_unfinished_jobs) return false;
  } while (!unfinished_.compare_exchange_weak(current, current + n));
  return true;
}

void JobDispatcher::release_reservation(std::uint64_t n) { unfinished_ -= n; }

void JobDispatcher::finish() { --unfinished_; }

void JobDispatcher::after(Millis delay, std::function<void()> action) {
  if (stopping_) return;  // the job stays in the store and resumes on restart
  if (delay.count() <= 0) return action();
  auto timer = std::make_shared<boost::asio::steady_timer>(timers_, delay);
  timer->async_wait([this, timer, action = std::move(action)](const boost::system::error_code& ec) {
    if (!ec && !stopping_) action();
  });
}

void JobDispatcher::submit(Job job, std::function<void(Status)> accepted) {
  auto shared = std::make_shared<Job>(std::move(job));
  store_.insert(*shared, [this, shared, accepted = std::move(accepted)](Status status) {
    if (!status.is_ok()) {
      release_reservation(1);
      log::error({{"status", "ERROR"}, {"request_uuid", shared->id}, {"error", status.message()}});
      return accepted(Status(StatusCode::kUnavailable, "could not record the job: " + status.message()));
    }
    accepted(Status::ok());
    run_inference(shared, 0);
  });
}

std::size_t JobDispatcher::recover() {
  auto records = store_.load_unfinished();
  unfinished_ += records.size();
  std::int64_t now = JobStore::now_ms();
  for (auto& record : records) {
    if (record.state == JobState::kDelivering && record.document) {
      auto d = std::make_shared<Delivery>();
      d->id = record.job.id;
      d->examination_id = record.job.examination_id;
      d->filename = record.job.filename;
      d->webhook_url = record.job.webhook_url;
      d->document = std::move(*record.document);
      d->completed = d->document.find(R"("status":"COMPLETED")") != std::string::npos;
      d->attempts = record.delivery_attempts;
      d->destination = std::move(record.job.result_destination);
      d->result_object = record.result_object.value_or("");
      schedule_delivery(d, Millis(std::max<std::int64_t>(0, record.next_attempt_at_ms - now)));
    } else {
      auto job = std::make_shared<Job>(std::move(record.job));
      run_inference(job, record.inference_attempts);
    }
  }
  if (!records.empty()) log::info({{"status", "RECOVERED"}, {"jobs", records.size()}});
  return records.size();
}

void JobDispatcher::run_inference(std::shared_ptr<Job> job, int attempt) {
  if (job->image.empty()) {
    return on_inference(job, attempt, 0, 0, internal_error("the job's input image was not found in the job store"));
  }
  store_.mark_running(job->id);
  ++in_flight_;
  inference::InferenceRequest request{job->id, job->image, job->parameters_json, job->threshold};
  int height = job->image.rows, width = job->image.cols;
  backend_.infer(std::move(request), [this, job, attempt, height, width](Result<inference::InferenceResult> result) {
    on_inference(job, attempt, height, width, std::move(result));
    --in_flight_;
  });
}

void JobDispatcher::on_inference(std::shared_ptr<Job> job, int attempt, int height, int width,
                                 Result<inference::InferenceResult> result) {
  int attempts = attempt + 1;
  if (!result && is_transient(result.status().code()) && attempts < static_cast<int>(options_.inference_schedule.size())) {
    store_.record_inference_retry(job->id, attempts, result.status().message());
    log::warn({{"status", "RETRYING"}, {"request_uuid", job->id}, {"error", result.status().message()}});
    return after(with_jitter(options_.inference_schedule[attempts]), [this, job, attempts] { run_inference(job, attempts); });
  }
  auto d = std::make_shared<Delivery>();
  d->id = job->id;
  d->examination_id = job->examination_id;
  d->filename = job->filename;
  d->webhook_url = job->webhook_url;
  d->completed = result.is_ok();
  d->document = result ? completed_document(job->id, job->filename, height, width, result->points)
                       : failed_document(job->id, job->filename, result.status().message());
  if (job->result_destination) {
    d->destination = job->result_destination;
    d->result_object = result ? stored_points_document(result->points) : stored_error_document(result.status().message());
  }
  job->image.release();
  Status saved = store_.save_document(job->id, d->document, attempts,
                                      d->destination ? std::optional<std::string>(d->result_object) : std::nullopt);
  if (!saved.is_ok()) log::error({{"status", "ERROR"}, {"request_uuid", job->id}, {"error", saved.message()}});
  schedule_delivery(d, options_.webhook_schedule[0]);
}

void JobDispatcher::schedule_delivery(std::shared_ptr<Delivery> delivery, Millis delay) {
  after(delay, [this, delivery] {
    ++in_flight_;
    boost::asio::post(delivery_pool_, [this, delivery] {
      attempt_delivery(delivery);
      --in_flight_;
    });
  });
}

void JobDispatcher::attempt_delivery(std::shared_ptr<Delivery> d) {
  // As the reference: the result object is written before the webhook is posted (once; a
  // restart writes it again, which is harmless: same path, same content).
  if (d->destination && options_.result_store) {
    write_result_object(*options_.result_store, *d->destination, d->id, d->examination_id, d->filename, d->result_object);
    d->destination.reset();
  }
  DeliveryAttempt attempt = delivery_.post(d->webhook_url, d->id, d->document);
  d->attempts += 1;
  boost::json::object fields{{"model", backend_.model_name()},
                             {"examination_id", nullable(d->examination_id)},
                             {"filename", d->filename},
                             {"request_uuid", d->id}};
  if (attempt.delivered()) {
    store_.record_delivery(d->id, d->completed ? JobState::kCompleted : JobState::kFailed, d->attempts, std::nullopt, 0);
    fields["status"] = d->completed ? "COMPLETED" : "FAILED";
    if (!d->completed) fields["error"] = document_error(d->document);
    d->completed ? log::info(std::move(fields)) : log::error(std::move(fields));
    return finish();
  }

  std::string error = "Error sending webhook action for (" + d->filename + ", " + d->id + "): " + attempt.error;
  bool gone = attempt.permanent;
  bool exhausted = d->attempts >= static_cast<int>(options_.webhook_schedule.size());
  fields["error"] = error;
  fields["attempts"] = d->attempts;
  if (gone || exhausted) {
    store_.record_delivery(d->id, JobState::kDead, d->attempts, attempt.error, 0);
    fields["status"] = "DEAD";
    log::error(std::move(fields));
    return finish();
  }
  Millis delay = with_jitter(options_.webhook_schedule[d->attempts]);
  if (attempt.retry_after) delay = std::max(delay, std::min(*attempt.retry_after, Millis(24 * 3600 * 1000)));
  store_.record_delivery(d->id, JobState::kDelivering, d->attempts, attempt.error, JobStore::now_ms() + delay.count());
  fields["status"] = "ERROR";
  fields["retry_in_ms"] = delay.count();
  log::warn(std::move(fields));
  schedule_delivery(d, delay);
}

void JobDispatcher::shutdown(Millis grace) {
  if (stopping_.exchange(true)) return;
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(Millis(20));
  timers_guard_.reset();
  timers_.stop();
  if (timer_thread_.joinable()) timer_thread_.join();
}

}  // namespace octgate::jobs
