// The Inference-Parameters header. Input: the header value (empty input: the header is absent).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/inference_parameters.h"
#include "check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace octgate::api;
  std::optional<std::string_view> header;
  if (size > 0) header = std::string_view(reinterpret_cast<const char*>(data), size);
  auto params = parse_inference_parameters(header);
  if (!params) return 0;
  FUZZ_CHECK(!header || header->size() <= kMaxParametersBytes);
  FUZZ_CHECK(std::isfinite(params->threshold) && params->threshold >= 0.0f && params->threshold <= 1.0f);
  FUZZ_CHECK(params->json.find('\'') == std::string::npos);
  if (params->slice_idx) {
    FUZZ_CHECK(params->slice_idx->size() <= kMaxSliceIndices);
    for (int idx : *params->slice_idx) FUZZ_CHECK(idx >= 0 && idx <= 999999);
  }
  return 0;
}
