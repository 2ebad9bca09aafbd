#include "jobs/webhook_delivery.h"

#include <ctime>

#include "http/http_client.h"
#include "jobs/webhook_signature.h"

namespace octgate::jobs {

DeliveryAttempt WebhookDelivery::post(const std::string& url, const std::string& request_uuid,
                                      const std::string& body) const {
  std::string timestamp = std::to_string(std::time(nullptr));
  http::OutboundRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/json"}, {"webhook-id", request_uuid}, {"webhook-timestamp", timestamp}};
  if (!options_.signing_key.empty())
    request.headers.emplace_back("webhook-signature", webhook_signature(options_.signing_key, request_uuid, timestamp, body));
  request.body = body;
  request.connect_timeout = options_.connect_timeout;
  request.total_timeout = options_.attempt_timeout;
  request.max_response_bytes = 64 << 10;

  auto response = http::send_request(request);
  if (!response) return {0, response.status().message(), std::nullopt};
  if (response->status >= 200 && response->status <= 299) return {response->status, {}, std::nullopt};
  DeliveryAttempt failed{response->status, "webhook answered HTTP " + std::to_string(response->status), std::nullopt};
  if (response->status == 429 || response->status == 503) failed.retry_after = parse_retry_after(response->header("retry-after"));
  return failed;
}

}  // namespace octgate::jobs
