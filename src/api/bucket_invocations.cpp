// POST /bucket_invocations (GCS) and POST /bucket_invocations_azure_uae (Azure Blob): run every
// slice of a volume that sits under a prefix in a bucket.
//
// Checks run in the reference's order: webhook 400, Inference-Parameters 400, then (added here)
// Input-Location, Write-To-GCS and bucket names 400. Then, off the I/O thread:
//   list every prefix in parallel (storage pool) -> download every object in parallel (storage
//   pool, so its size bounds the requests in flight) -> decode each as grayscale (worker pool;
//   an object that does not decode is logged and skipped) -> one job per image -> answer.
// A listing or download that fails (unknown bucket, refused credentials, unreachable storage)
// fails the whole request with {"error", "examination_id"} naming the bucket and the cause:
// nothing is submitted, so there is never a partial, silent success.
#include <atomic>
#include <boost/asio/post.hpp>
#include <memory>
#include <mutex>
#include <span>

#include "api/bucket_request.h"
#include "api/inference_parameters.h"
#include "api/request_id.h"
#include "api/request_names.h"
#include "api/responses.h"
#include "api/router.h"
#include "api/webhook_url.h"
#include "common/log.h"
#include "imaging/decode.h"
#include "storage/storage_http.h"

namespace octgate::api {
namespace {

enum class Source { kGcs, kAzure };

// Everything decided from the headers.
struct VolumeRequest {
  Source source = Source::kGcs;
  storage::ObjectStore* store = nullptr;
  std::string input_bucket;
  std::vector<std::string> prefixes;
  std::optional<std::string> examination_id;
  std::string webhook_url;
  std::string parameters_json;
  float threshold = 0.25f;
  bool write_results = false;
  std::string output_bucket;
};

std::optional<std::string> owned(std::optional<std::string_view> s) {
  return s ? std::optional<std::string>(std::string(*s)) : std::nullopt;
}

std::optional<std::string_view> view(const std::optional<std::string>& s) {
  return s ? std::optional<std::string_view>(*s) : std::nullopt;
}

// One request's listing, downloads and decodes; answers through respond exactly once.
class VolumeFetch : public std::enable_shared_from_this<VolumeFetch> {
 public:
  VolumeFetch(const ApiContext& ctx, VolumeRequest request, http::Responder respond)
      : ctx_(ctx), request_(std::move(request)), respond_(std::move(respond)) {}

  void start() {
    if (request_.prefixes.empty()) return after_listing();  // "slice_idx": []
    listings_.assign(request_.prefixes.size(), Status(StatusCode::kInternal, "not listed"));
    pending_ = request_.prefixes.size();
    for (std::size_t i = 0; i < request_.prefixes.size(); ++i) {
      boost::asio::post(*ctx_.buckets->storage_pool, [self = shared_from_this(), i] {
        self->listings_[i] = storage::list_all(*self->request_.store, self->request_.input_bucket, self->request_.prefixes[i]);
        if (--self->pending_ == 0) self->after_listing();
      });
    }
  }

 private:
  void after_listing() {
    for (const auto& listing : listings_)
      if (!listing) return answer_error(listing.status());
    for (auto& listing : listings_)
      for (auto& object : *listing) names_.push_back(std::move(object.name));
    listings_.clear();
    if (names_.size() > ctx_.buckets->max_volume_objects) {
      return answer_error(Status(StatusCode::kPayloadTooLarge,
                                 storage::location_label(request_.store->kind(), request_.input_bucket) + ": " +
                                     std::to_string(names_.size()) + " objects match the request; at most " +
                                     std::to_string(ctx_.buckets->max_volume_objects) + " are processed at once"));
    }
    if (names_.empty()) return finish();
    images_.resize(names_.size());
    read_errors_.assign(names_.size(), Status::ok());
    pending_ = names_.size();
    for (std::size_t i = 0; i < names_.size(); ++i)
      boost::asio::post(*ctx_.buckets->storage_pool, [self = shared_from_this(), i] { self->download(i); });
  }

  void download(std::size_t i) {
    if (failed_) return complete_one();  // another object already failed the request
    auto bytes = request_.store->read(request_.input_bucket, names_[i]);
    if (!bytes) {
      read_errors_[i] = bytes.status();
      failed_ = true;
      return complete_one();
    }
    boost::asio::post(ctx_.workers, [self = shared_from_this(), i, bytes = std::move(*bytes)] {
      auto data = std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      auto gray = imaging::decode_grayscale(data, self->ctx_.image_limits);
      if (gray) {
        self->images_[i] = std::move(*gray);
      } else {
        log::error({{"status", "ERROR"},
                    {"examination_id", nullable(view(self->request_.examination_id))},
                    {"filename", self->names_[i]},
                    {"message", "Failed to read image " + self->names_[i] + " from " +
                                    storage::location_label(self->request_.store->kind(), self->request_.input_bucket) +
                                    ": " + gray.status().message()}});
      }
      self->complete_one();
    });
  }

  void complete_one() {
    if (--pending_ == 0) finish();
  }

  void finish() {
    for (const auto& error : read_errors_)
      if (!error.is_ok()) return answer_error(error);

    boost::json::array filenames, uuids, paths;
    std::vector<jobs::Job> jobs;
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (images_[i].empty()) continue;  // did not decode: logged and skipped
      jobs::Job job;
      job.id = new_request_uuid();
      job.filename = names_[i];
      job.examination_id = request_.examination_id.value_or("");
      job.webhook_url = request_.webhook_url;
      job.parameters_json = request_.parameters_json;
      job.threshold = request_.threshold;
      job.image = std::move(images_[i]);
      std::string path = result_path(ctx_.buckets->output_folder, job.id);
      if (request_.write_results)
        job.result_destination = jobs::ResultDestination{request_.output_bucket, path};
      filenames.push_back(boost::json::string(job.filename));
      uuids.push_back(boost::json::string(job.id));
      paths.push_back(boost::json::string(path));
      jobs.push_back(std::move(job));
    }
    if (jobs.empty() && request_.source == Source::kAzure) {
      return respond_(json_response(400, {{"error", "No images found"}}));  // the reference's exact body
    }
    log::info({{"status", "LISTED"},
               {"examination_id", nullable(view(request_.examination_id))},
               {"bucket", request_.input_bucket},
               {"objects", names_.size()},
               {"images", jobs.size()}});
    auto answer = std::make_shared<boost::json::object>(boost::json::object{
        {"filename", std::move(filenames)},
        {"request_uuid", std::move(uuids)},
        {"result_path", std::move(paths)},
        {"examination_id", nullable(view(request_.examination_id))},
        {"status", "sent"}});
    if (jobs.empty()) return respond_(json_response(200, *answer));
    if (!ctx_.dispatcher.try_reserve(jobs.size())) return respond_(too_many_jobs_response(view(request_.examination_id)));
    // "sent" once every job of the volume is durable.
    auto pending = std::make_shared<std::atomic<std::size_t>>(jobs.size());
    auto failure = std::make_shared<std::optional<Status>>();
    auto failure_mutex = std::make_shared<std::mutex>();
    for (auto& job : jobs) {
      ctx_.dispatcher.submit(std::move(job), [self = shared_from_this(), answer, pending, failure, failure_mutex](Status s) {
        if (!s.is_ok()) {
          std::lock_guard lock(*failure_mutex);
          if (!*failure) *failure = s;
        }
        if (--*pending > 0) return;
        if (*failure) return self->answer_error(**failure);
        self->respond_(json_response(200, *answer));
      });
    }
  }

  void answer_error(const Status& status) {
    log::error({{"status", "ERROR"},
                {"examination_id", nullable(view(request_.examination_id))},
                {"bucket", request_.input_bucket},
                {"error", status.message()}});
    respond_(error_response(status, view(request_.examination_id)));
  }

  const ApiContext& ctx_;
  VolumeRequest request_;
  http::Responder respond_;
  std::vector<Result<std::vector<storage::ObjectInfo>>> listings_;
  std::vector<std::string> names_;
  std::vector<cv::Mat> images_;
  std::vector<Status> read_errors_;
  std::atomic<std::size_t> pending_{0};
  std::atomic<bool> failed_{false};
};

void handle_bucket_route(Source source, const ApiContext& ctx, http::HttpRequest request, http::Responder respond) {
  auto examination_id = request.header("Examination-ID");
  if (examination_id) {
    auto check = check_request_name("Examination-ID", *examination_id, kMaxExaminationIdBytes);
    if (!check.is_ok()) return respond(error_response(check, std::nullopt));
  }
  auto webhook_url = validate_webhook_url(request.header("Webhook-Url"), ctx.block_private_webhooks);
  if (!webhook_url) return respond(error_response(webhook_url.status(), examination_id));

  auto params = parse_inference_parameters(request.header("Inference-Parameters"));
  if (!params) return respond(error_response(params.status(), examination_id));

  auto input_location = request.header("Input-Location");
  if (!input_location || input_location->empty())
    return respond(error_response(invalid_argument("the Input-Location header is required: the prefix of the volume's "
                                                   "objects in the bucket, e.g. exam/"),
                                  examination_id));

  auto write_results = parse_write_to_gcs(request.header("Write-To-GCS"));
  if (!write_results) return respond(error_response(write_results.status(), examination_id));

  if (!ctx.buckets) return respond(error_response(unavailable("bucket storage is not configured"), examination_id));
  const BucketRoutes& buckets = *ctx.buckets;
  bool azure = source == Source::kAzure;

  VolumeRequest volume;
  volume.source = source;
  volume.store = azure ? buckets.azure_store : buckets.gcs_store;
  volume.input_bucket = std::string(request.header("Input-Bucket-Name").value_or(
      azure ? buckets.azure_input_container : buckets.input_bucket));
  volume.output_bucket = std::string(request.header("Output-Bucket-Name").value_or(
      azure ? buckets.azure_output_bucket : buckets.output_bucket));
  if (!volume.store)
    return respond(error_response(unavailable(std::string(azure ? "Azure" : "GCS") + " storage is not configured"),
                                  examination_id));
  if (volume.input_bucket.empty())
    return respond(error_response(invalid_argument(std::string("no input ") + (azure ? "container" : "bucket") +
                                                   ": send Input-Bucket-Name or configure " +
                                                   (azure ? "--azure-input-container" : "--input-bucket")),
                                  examination_id));
  if (*write_results && volume.output_bucket.empty())
    return respond(error_response(invalid_argument(std::string("Write-To-GCS is true but there is no output bucket: send "
                                                               "Output-Bucket-Name or configure ") +
                                                   (azure ? "--azure-output-bucket" : "--output-bucket")),
                                  examination_id));
  volume.prefixes = volume_prefixes(*input_location, params->slice_idx);
  volume.examination_id = owned(examination_id);
  volume.webhook_url = std::move(*webhook_url);
  volume.parameters_json = std::move(params->json);
  volume.threshold = params->threshold;
  volume.write_results = *write_results;

  std::make_shared<VolumeFetch>(ctx, std::move(volume), std::move(respond))->start();
}

}  // namespace

void handle_bucket_invocations(const ApiContext& ctx, http::HttpRequest request, http::Responder respond) {
  handle_bucket_route(Source::kGcs, ctx, std::move(request), std::move(respond));
}

void handle_bucket_invocations_azure(const ApiContext& ctx, http::HttpRequest request, http::Responder respond) {
  handle_bucket_route(Source::kAzure, ctx, std::move(request), std::move(respond));
}

}  // namespace octgate::api
