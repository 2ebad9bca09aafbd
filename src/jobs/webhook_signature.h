#pragma once
// Standard Webhooks signatures: webhook-signature = "v1," + base64(HMAC-SHA256(secret,
// "{webhook-id}.{webhook-timestamp}.{body}")), with the secret given as "whsec_" + base64.
#include <string>
#include <string_view>

#include "common/status.h"

namespace octgate::jobs {

// The raw key of a "whsec_<base64>" secret (the prefix is optional).
Result<std::string> decode_webhook_secret(std::string_view secret);
std::string webhook_signature(std::string_view key, std::string_view id, std::string_view timestamp,
                              std::string_view body);

}  // namespace octgate::jobs
