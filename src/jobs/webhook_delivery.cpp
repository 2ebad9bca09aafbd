#include "jobs/webhook_delivery.h"

#include "http/http_client.h"

namespace octgate::jobs {

DeliveryAttempt WebhookDelivery::post(const std::string& url, const std::string& request_uuid,
                                      const std::string& body) const {
  http::OutboundRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/json"}, {"webhook-id", request_uuid}};
  request.body = body;
  request.connect_timeout = options_.connect_timeout;
  request.total_timeout = options_.attempt_timeout;
  request.max_response_bytes = 64 << 10;

  auto response = http::send_request(request);
  if (!response) return {0, response.status().message()};
  if (response->status < 200 || response->status > 299) {
    return {response->status, "webhook answered HTTP " + std::to_string(response->status)};
  }
  return {response->status, {}};
}

}  // namespace octgate::jobs
