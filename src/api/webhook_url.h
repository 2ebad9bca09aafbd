#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace octgate::api {

// The Webhook-Url header must be an absolute http(s) URL with a host.
Result<std::string> validate_webhook_url(std::optional<std::string_view> header);

}  // namespace octgate::api
