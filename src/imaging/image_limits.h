#pragma once
#include <cstdint>

namespace octgate::imaging {

struct ImageLimits {
  std::uint64_t max_pixels = 64ull * 1000 * 1000;  // 64 megapixels
};

}  // namespace octgate::imaging
