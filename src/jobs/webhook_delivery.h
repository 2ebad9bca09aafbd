#pragma once
// Posts a result document to the caller's webhook. Blocking: runs on the delivery pool.
#include <chrono>
#include <string>

#include "common/status.h"

namespace octgate::jobs {

struct WebhookOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds attempt_timeout{15000};
};

struct DeliveryAttempt {
  long http_status = 0;  // 0 when no answer arrived
  std::string error;     // empty on success
  bool delivered() const { return error.empty(); }
};

class WebhookDelivery {
 public:
  explicit WebhookDelivery(WebhookOptions options) : options_(options) {}
  // One POST of body (application/json); success is any 2xx answer.
  DeliveryAttempt post(const std::string& url, const std::string& request_uuid, const std::string& body) const;

 private:
  WebhookOptions options_;
};

}  // namespace octgate::jobs
