#include "jobs/webhook_delivery.h"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <ctime>

#include "http/address_policy.h"
#include "http/http_client.h"
#include "jobs/webhook_signature.h"

namespace octgate::jobs {

DeliveryAttempt WebhookDelivery::post(const std::string& url_text, const std::string& request_uuid,
                                      const std::string& body) const {
  std::string timestamp = std::to_string(std::time(nullptr));
  http::OutboundRequest request;
  request.method = "POST";
  request.url = url_text;
  request.headers = {{"Content-Type", "application/json"}, {"webhook-id", request_uuid}, {"webhook-timestamp", timestamp}};
  if (!options_.signing_key.empty())
    request.headers.emplace_back("webhook-signature", webhook_signature(options_.signing_key, request_uuid, timestamp, body));
  request.body = body;
  request.connect_timeout = options_.connect_timeout;
  request.total_timeout = options_.attempt_timeout;
  request.max_response_bytes = 64 << 10;
  if (options_.block_private_addresses) {
    // Checked here, on every attempt, and pinned: no second lookup between check and connect.
    auto url = boost::urls::parse_absolute_uri(url_text);
    if (!url) return {0, "webhook URL is not valid", std::nullopt, true};
    std::string host(url->host_address());
    if (url->host_type() == boost::urls::host_type::name) {
      auto address = http::resolve_public_address(host);
      if (!address) return {0, address.status().message(), std::nullopt,
                            address.status().code() == StatusCode::kPermissionDenied};
      request.pinned_address = address->to_string();
    } else {
      boost::system::error_code ec;
      auto literal = boost::asio::ip::make_address(host, ec);
      if (ec || http::is_private_address(literal))
        return {0, host + " is a private or loopback address", std::nullopt, true};
    }
  }

  auto response = http::send_request(request);
  if (!response) return {0, response.status().message(), std::nullopt};
  if (response->status >= 200 && response->status <= 299) return {response->status, {}, std::nullopt};
  DeliveryAttempt failed{response->status, "webhook answered HTTP " + std::to_string(response->status), std::nullopt,
                         response->status == 410};
  if (response->status == 429 || response->status == 503) failed.retry_after = parse_retry_after(response->header("retry-after"));
  return failed;
}

}  // namespace octgate::jobs
