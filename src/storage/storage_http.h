#pragma once
// What the cloud stores share: sending a request with a few retries for transient failures,
// and turning a storage answer into a Status that names the bucket and the cause.
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/http_client.h"

namespace octgate::storage {

struct RetryPolicy {
  int attempts = 3;  // in all, including the first
  std::chrono::milliseconds first_backoff{200};  // doubled after each attempt
};

// Retries when no answer arrived or the answer is 408, 429 or 5xx; returns the last outcome.
Result<http::OutboundResponse> send_with_retries(const http::OutboundRequest& request, const RetryPolicy& policy);

// "GCS bucket 'b'" / "Azure container 'c'": how errors name where they happened.
std::string location_label(std::string_view kind, std::string_view bucket);

// A non-2xx storage answer as a Status: 401/403 kPermissionDenied, 404 kNotFound, 400 and other 4xx
// kInvalidArgument, 408/429/5xx kUnavailable. what: e.g. "listing 'exam/'", "reading 'exam/file.000'".
Status storage_error(std::string_view label, std::string_view what, long http_status, std::string_view detail);
// No answer arrived (refused, DNS, timeout): kUnavailable / kDeadlineExceeded, naming the location.
Status unreachable_error(std::string_view label, std::string_view what, const Status& cause);

}  // namespace octgate::storage
