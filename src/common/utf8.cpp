#include "common/utf8.h"

#include <cstdint>

namespace octgate {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The number of bytes in the sequence led by `lead`, and the range its second byte must fall in
// (which is what rules out overlongs, surrogates and code points past U+10FFFF); 0 if `lead`
// cannot start a sequence.
struct Lead {
  int length;
  unsigned char second_min;
  unsigned char second_max;
};

Lead classify(unsigned char lead) {
  if (lead < 0x80) return {1, 0, 0};
  if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0xBF};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};
  if (lead == 0xED) return {3, 0x80, 0x9F};
  if (lead >= 0xE1 && lead <= 0xEF) return {3, 0x80, 0xBF};
  if (lead == 0xF0) return {4, 0x90, 0xBF};
  if (lead >= 0xF1 && lead <= 0xF3) return {4, 0x80, 0xBF};
  if (lead == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto lead = static_cast<unsigned char>(s[i]);
    Lead kind = classify(lead);
    if (kind.length == 0 || s.size() - i < static_cast<std::size_t>(kind.length)) return false;
    if (kind.length > 1) {
      auto second = static_cast<unsigned char>(s[i + 1]);
      if (second < kind.second_min || second > kind.second_max) return false;
      for (int k = 2; k < kind.length; ++k)
        if (!is_continuation(static_cast<unsigned char>(s[i + k]))) return false;
    }
    i += kind.length;
  }
  return true;
}

}  // namespace octgate
