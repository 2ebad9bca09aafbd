#include "api/request_names.h"

#include <algorithm>
#include <string>

#include "common/utf8.h"

namespace octgate::api {
namespace {

// C0 controls and DEL; C1 controls (U+0080..U+009F) are the two-byte sequences C2 80..C2 9F.
bool has_control_character(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
  }
  return false;
}

}  // namespace

Status check_request_name(std::string_view field, std::string_view value, std::size_t max_bytes) {
  std::string name(field);
  if (value.size() > max_bytes)
    return invalid_argument(name + " is " + std::to_string(value.size()) + " bytes long; at most " +
                            std::to_string(max_bytes) + " are accepted");
  if (!is_valid_utf8(value)) return invalid_argument(name + " is not valid UTF-8");
  if (has_control_character(value)) return invalid_argument(name + " contains a control character");
  return Status();
}

}  // namespace octgate::api
