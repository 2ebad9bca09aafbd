#include "jobs/webhook_signature.h"

#include "common/crypto.h"

namespace octgate::jobs {

Result<std::string> decode_webhook_secret(std::string_view secret) {
  if (secret.starts_with("whsec_")) secret.remove_prefix(6);
  auto key = crypto::base64_decode(secret);
  if (!key || key->empty()) return invalid_argument("webhook secret must be whsec_ followed by base64");
  return *key;
}

std::string webhook_signature(std::string_view key, std::string_view id, std::string_view timestamp,
                              std::string_view body) {
  std::string message;
  message.reserve(id.size() + timestamp.size() + body.size() + 2);
  message.append(id).append(".").append(timestamp).append(".").append(body);
  return "v1," + crypto::base64_encode(crypto::hmac_sha256(key, message));
}

}  // namespace octgate::jobs
