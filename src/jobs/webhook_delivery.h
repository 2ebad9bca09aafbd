#pragma once
// Posts a result document to the caller's webhook, once, with Standard Webhooks headers
// (webhook-id, webhook-timestamp, and webhook-signature when a secret is set). Blocking: runs
// on the delivery pool. Redirects are not followed (a 3xx is a failure).
#include <chrono>
#include <optional>
#include <string>

#include "jobs/retry_schedule.h"

namespace octgate::jobs {

struct WebhookOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds attempt_timeout{15000};
  std::string signing_key;  // raw key; empty = unsigned
  bool block_private_addresses = false;  // refuse hosts that resolve to private or loopback addresses
};

struct DeliveryAttempt {
  long http_status = 0;  // 0 when no answer arrived
  std::string error;     // empty on success (any 2xx)
  std::optional<Millis> retry_after;
  bool permanent = false;  // retrying cannot help (410 Gone, a refused address)
  bool delivered() const { return error.empty(); }
};

class WebhookDelivery {
 public:
  explicit WebhookDelivery(WebhookOptions options) : options_(std::move(options)) {}
  DeliveryAttempt post(const std::string& url, const std::string& request_uuid, const std::string& body) const;

 private:
  WebhookOptions options_;
};

}  // namespace octgate::jobs
