#include "storage/storage_http.h"

#include <random>
#include <thread>

namespace octgate::storage {
namespace {

bool transient(long status) { return status == 408 || status == 429 || status >= 500; }

}  // namespace

Result<http::OutboundResponse> send_with_retries(const http::OutboundRequest& request, const RetryPolicy& policy) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  auto backoff = policy.first_backoff;
  for (int attempt = 1;; ++attempt) {
    auto response = http::send_request(request);
    bool retry = response ? transient(response->status) : response.status().code() != StatusCode::kResourceExhausted;
    if (!retry || attempt >= policy.attempts) return response;
    auto pause = backoff + std::chrono::milliseconds(jitter() % (backoff.count() / 2 + 1));
    std::this_thread::sleep_for(pause);
    backoff *= 2;
  }
}

std::string location_label(std::string_view kind, std::string_view bucket) {
  std::string noun = kind == "azure" ? "Azure container" : kind == "gcs" ? "GCS bucket" : "local bucket";
  return noun + " '" + std::string(bucket) + "'";
}

Status storage_error(std::string_view label, std::string_view what, long http_status, std::string_view detail) {
  StatusCode code;
  std::string cause;
  if (http_status == 401 || http_status == 403) {
    code = StatusCode::kPermissionDenied;
    cause = "access denied: the storage service refused the credentials";
  } else if (http_status == 404) {
    code = StatusCode::kNotFound;
    cause = "not found";
  } else if (transient(http_status)) {
    code = StatusCode::kUnavailable;
    cause = "the storage service is unavailable";
  } else {
    code = StatusCode::kInvalidArgument;
    cause = "the storage service rejected the request";
  }
  std::string message = std::string(label) + ": " + cause + " (HTTP " + std::to_string(http_status) + ") while " +
                        std::string(what);
  if (!detail.empty()) message += ": " + std::string(detail);
  return Status(code, message);
}

Status unreachable_error(std::string_view label, std::string_view what, const Status& cause) {
  StatusCode code = cause.code() == StatusCode::kDeadlineExceeded ? StatusCode::kDeadlineExceeded
                    : cause.code() == StatusCode::kResourceExhausted ? StatusCode::kPayloadTooLarge
                                                                     : StatusCode::kUnavailable;
  std::string reason = code == StatusCode::kPayloadTooLarge ? "the object is too large" : "storage unreachable";
  return Status(code, std::string(label) + ": " + reason + " while " + std::string(what) + ": " + cause.message());
}

}  // namespace octgate::storage
