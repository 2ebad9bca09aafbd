#pragma once
// Outbound HTTP(S) over libcurl, for webhooks and storage APIs. Blocking: call it from worker
// threads, never from an I/O thread. Each thread keeps one curl handle, so connections, DNS
// and TLS sessions are reused across calls. Redirects are never followed.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace octgate::http {

struct OutboundRequest {
  std::string method = "GET";
  std::string url;
  // A header with an empty value is not sent, not even the one libcurl would add itself
  // (e.g. "Content-Type" for a body).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;  // must outlive the call; bytes, sent as they are (binary is fine)
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};
  std::uint64_t max_response_bytes = 1ull << 20;
  // Connect to this address (already checked) instead of resolving the URL's host name again.
  std::string pinned_address;
};

struct OutboundResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string_view header(std::string_view lower_name) const;
};

// Fails (kUnavailable / kDeadlineExceeded) only when no HTTP answer arrived; any answer,
// whatever its status, is a value.
Result<OutboundResponse> send_request(const OutboundRequest& request);

}  // namespace octgate::http
