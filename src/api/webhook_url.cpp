#include "api/webhook_url.h"

#include <boost/url/parse.hpp>

namespace octgate::api {

Result<std::string> validate_webhook_url(std::optional<std::string_view> header) {
  if (!header || header->empty()) return invalid_argument("Webhook-Url header is missing");
  auto url = boost::urls::parse_absolute_uri(*header);
  if (!url) return invalid_argument("Webhook-Url is not a valid absolute URL: " + std::string(*header));
  auto scheme = url->scheme_id();
  if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https)
    return invalid_argument("Webhook-Url must use http or https, got '" + std::string(url->scheme()) + "'");
  if (url->host().empty()) return invalid_argument("Webhook-Url has no host");
  return std::string(*header);
}

}  // namespace octgate::api
