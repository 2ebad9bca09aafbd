#include "inference/bytes_tensor.h"

#include <cstdint>

namespace octgate::inference {

void append_bytes_element(std::string& raw, std::string_view element) {
  auto n = static_cast<std::uint32_t>(element.size());
  const char prefix[4] = {static_cast<char>(n & 0xff), static_cast<char>((n >> 8) & 0xff),
                          static_cast<char>((n >> 16) & 0xff), static_cast<char>((n >> 24) & 0xff)};
  raw.append(prefix, 4);
  raw.append(element);
}

std::string serialize_bytes_tensor(const std::vector<std::string_view>& elements) {
  std::string raw;
  std::size_t total = 0;
  for (auto e : elements) total += 4 + e.size();
  raw.reserve(total);
  for (auto e : elements) append_bytes_element(raw, e);
  return raw;
}

Result<std::vector<std::string_view>> deserialize_bytes_tensor(std::string_view raw, std::string_view tensor) {
  std::vector<std::string_view> elements;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    if (raw.size() - pos < 4)
      return invalid_argument("incomplete string length indicator for tensor '" + std::string(tensor) + "'");
    auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(raw[pos + i])); };
    std::uint32_t n = b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24);
    pos += 4;
    if (raw.size() - pos < n)
      return invalid_argument("incomplete string data for tensor '" + std::string(tensor) + "': element " +
                              std::to_string(elements.size()) + " declares " + std::to_string(n) + " bytes, " +
                              std::to_string(raw.size() - pos) + " remain");
    elements.push_back(raw.substr(pos, n));
    pos += n;
  }
  return elements;
}

}  // namespace octgate::inference
