#pragma once
// UTF-8 validation for text that octgate echoes into JSON, logs and webhooks.
#include <string_view>

namespace octgate {

// True when s is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF),
// nothing above U+10FFFF, no truncated sequence.
bool is_valid_utf8(std::string_view s);

}  // namespace octgate
