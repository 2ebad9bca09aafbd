#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace octgate::api {

// The Webhook-Url header must be an absolute http(s) URL with a host. With block_private, a
// literal private or loopback address is refused too (names are checked when delivering).
Result<std::string> validate_webhook_url(std::optional<std::string_view> header, bool block_private = false);

}  // namespace octgate::api
