#pragma once
// Percent-encoding for storage URLs (RFC 3986). Every byte outside the unreserved set
// A-Z a-z 0-9 - . _ ~ is encoded, except the characters listed in keep (e.g. "/" for paths).
#include <string>
#include <string_view>

namespace octgate::storage {

std::string percent_encode(std::string_view s, std::string_view keep = "");
// Decodes %XX; with plus_is_space also '+' as ' ' (form encoding). Malformed escapes stay as they are.
std::string percent_decode(std::string_view s, bool plus_is_space = false);

}  // namespace octgate::storage
