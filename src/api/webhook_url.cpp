#include "api/webhook_url.h"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include "http/address_policy.h"

namespace octgate::api {

Result<std::string> validate_webhook_url(std::optional<std::string_view> header, bool block_private) {
  if (!header || header->empty()) return invalid_argument("Webhook-Url header is missing");
  auto url = boost::urls::parse_absolute_uri(*header);
  if (!url) return invalid_argument("Webhook-Url is not a valid absolute URL: " + std::string(*header));
  auto scheme = url->scheme_id();
  if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https)
    return invalid_argument("Webhook-Url must use http or https, got '" + std::string(url->scheme()) + "'");
  if (url->host().empty()) return invalid_argument("Webhook-Url has no host");
  if (block_private && url->host_type() != boost::urls::host_type::name) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(std::string(url->host_address()), ec);
    if (ec || http::is_private_address(address))
      return invalid_argument("Webhook-Url points to a private or loopback address (" + std::string(url->host_address()) +
                              "); this server only delivers to public addresses");
  }
  return std::string(*header);
}

}  // namespace octgate::api
