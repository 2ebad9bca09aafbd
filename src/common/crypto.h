#pragma once
// Small OpenSSL wrappers: base64 and HMAC-SHA256.
#include <optional>
#include <string>
#include <string_view>

namespace octgate::crypto {

std::string base64_encode(std::string_view bytes);
// nullopt when the text is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);
// The raw 32-byte MAC.
std::string hmac_sha256(std::string_view key, std::string_view message);

}  // namespace octgate::crypto
