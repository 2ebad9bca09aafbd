// multipart/form-data as /invocations reads it. Input: a Content-Type line, '\n', then the body.
// When the line has no usable boundary it is tried as the boundary itself, so that bodies are
// explored even while the header is being mutated.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.h"
#include "http/multipart.h"

namespace {

bool within(std::string_view inner, std::string_view outer) {
  return inner.empty() || (inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  std::string_view content_type = input.substr(0, newline);
  std::string_view body = input.substr(newline + 1);

  auto boundary = octgate::http::multipart_boundary(content_type);
  if (boundary) FUZZ_CHECK(!boundary->empty() && boundary->size() <= 200);
  std::string fallback(content_type.substr(0, 200));
  if (!boundary && fallback.empty()) return 0;
  auto parts = octgate::http::parse_multipart(body, boundary ? *boundary : fallback);
  if (!parts) return 0;
  for (const auto& part : *parts) {
    // Views, never copies: a part's data and type point into the body.
    FUZZ_CHECK(within(part.data, body));
    FUZZ_CHECK(within(part.content_type, body));
    (void)octgate::http::media_type(part.content_type);
  }
  return 0;
}
