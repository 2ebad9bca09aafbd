#include "jobs/job_dispatcher.h"

#include <boost/asio/post.hpp>
#include <memory>

#include "common/log.h"
#include "jobs/result_document.h"

namespace octgate::jobs {

JobDispatcher::JobDispatcher(inference::InferenceBackend& backend, boost::asio::thread_pool& delivery_pool,
                             WebhookDelivery delivery)
    : backend_(backend), delivery_pool_(delivery_pool), delivery_(delivery) {}

void JobDispatcher::submit(Job job) {
  ++unfinished_;
  auto shared = std::make_shared<Job>(std::move(job));
  inference::InferenceRequest request{shared->id, shared->image, shared->parameters_json, shared->threshold};
  backend_.infer(std::move(request), [this, shared](Result<inference::InferenceResult> result) {
    // The image is no longer needed once inference is over.
    int height = shared->image.rows, width = shared->image.cols;
    shared->image.release();
    std::string document, error, stored;
    if (result) {
      document = completed_document(shared->id, shared->filename, height, width, result->points);
    } else {
      error = result.status().message();
      document = failed_document(shared->id, shared->filename, error);
    }
    if (shared->result_destination) stored = result ? stored_points_document(result->points) : stored_error_document(error);
    boost::asio::post(delivery_pool_, [this, shared, ok = result.is_ok(), document = std::move(document),
                                       error = std::move(error), stored = std::move(stored)]() mutable {
      // As the reference: the result object is written before the webhook is posted.
      if (shared->result_destination) write_result_object(*shared->result_destination, *shared, stored);
      deliver(*shared, ok, std::move(document), error);
    });
  });
}

void JobDispatcher::deliver(const Job& job, bool completed, std::string document, const std::string& error) {
  DeliveryAttempt attempt = delivery_.post(job.webhook_url, job.id, document);
  boost::json::object fields{{"model", backend_.model_name()},
                             {"examination_id", job.examination_id.empty() ? boost::json::value(nullptr)
                                                                            : boost::json::value(job.examination_id)},
                             {"filename", job.filename},
                             {"request_uuid", job.id}};
  if (attempt.delivered()) {
    fields["status"] = completed ? "COMPLETED" : "FAILED";
    if (!completed) fields["error"] = error;
    completed ? log::info(std::move(fields)) : log::error(std::move(fields));
  } else {
    fields["status"] = "ERROR";
    fields["error"] = "Error sending webhook action for (" + job.filename + ", " + job.id + "): " + attempt.error;
    log::error(std::move(fields));
  }
  --unfinished_;
}

}  // namespace octgate::jobs
