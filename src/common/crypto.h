#pragma once
// The few cryptographic primitives octgate needs, over OpenSSL 3: Base64 (standard and URL-safe),
// SHA-256 (API keys), HMAC-SHA256 (Azure SharedKey and SAS) and RSASSA-PKCS1-v1_5 with SHA-256 (RS256, Google JWTs).
#include <string>
#include <string_view>

#include "common/status.h"

namespace octgate::crypto {

std::string base64_encode(std::string_view bytes);
// Standard alphabet with padding; whitespace is not accepted.
Result<std::string> base64_decode(std::string_view text);
// URL-safe alphabet, no padding (RFC 7515 "base64url").
std::string base64url_encode(std::string_view bytes);
Result<std::string> base64url_decode(std::string_view text);

std::string hmac_sha256(std::string_view key, std::string_view message);
std::string sha256(std::string_view message);  // the 32-byte digest

std::string hex_encode(std::string_view bytes);  // lower-case
// Lower- or upper-case hex; an error for an odd length or any other character.
Result<std::string> hex_decode(std::string_view text);
// Equal sizes and equal bytes, in time that depends on the size only.
bool constant_time_equal(std::string_view a, std::string_view b);

// Signs message with a PEM private key (PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY").
Result<std::string> rs256_sign(std::string_view private_key_pem, std::string_view message);
// Verifies with a PEM public key ("BEGIN PUBLIC KEY").
Result<bool> rs256_verify(std::string_view public_key_pem, std::string_view message, std::string_view signature);

}  // namespace octgate::crypto
