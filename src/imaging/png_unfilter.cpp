#include "imaging/png_unfilter.h"

#include <cstdlib>
#include <cstring>

namespace octgate::imaging {
namespace {

// With one byte per pixel, Paeth makes each pixel depend on its left neighbour: a serial chain that
// dominates decoding of Paeth-filtered scans. It is written without branches (on speckle their
// outcome is random). Computing bounds from the row above first, so that the chain holds only
// compares, was measured slower (more instructions, no shorter chain in practice).
void unpaeth_row(const std::uint8_t* in, const std::uint8_t* prev, std::uint8_t* out, int width) {
  int a = out[0] = static_cast<std::uint8_t>(in[0] + prev[0]);  // a = c = 0: Paeth picks b
  for (int i = 1; i < width; ++i) {
    const int b = prev[i], c = prev[i - 1];
    const int bc = b - c, ac = a - c;
    const int pa = std::abs(bc), pb = std::abs(ac), pc = std::abs(ac + bc);
    const bool not_a = pb < pa || pc < pa;
    const int b_or_c = pb <= pc ? b : c;
    a = out[i] = static_cast<std::uint8_t>(in[i] + (not_a ? b_or_c : a));
  }
}

}  // namespace

std::uint8_t paeth_predictor(int left, int above, int above_left) {
  const int p = left + above - above_left;
  const int pa = std::abs(p - left), pb = std::abs(p - above), pc = std::abs(p - above_left);
  if (pa <= pb && pa <= pc) return static_cast<std::uint8_t>(left);
  return static_cast<std::uint8_t>(pb <= pc ? above : above_left);
}

bool unfilter_gray_row(std::uint8_t filter, const std::uint8_t* in, const std::uint8_t* prev, std::uint8_t* out,
                       int width) {
  switch (filter) {
    case 0:
      std::memcpy(out, in, static_cast<std::size_t>(width));
      return true;
    case 1:
      out[0] = in[0];
      for (int i = 1; i < width; ++i) out[i] = static_cast<std::uint8_t>(in[i] + out[i - 1]);
      return true;
    case 2:
      for (int i = 0; i < width; ++i) out[i] = static_cast<std::uint8_t>(in[i] + prev[i]);
      return true;
    case 3:
      out[0] = static_cast<std::uint8_t>(in[0] + (prev[0] >> 1));
      for (int i = 1; i < width; ++i) out[i] = static_cast<std::uint8_t>(in[i] + ((out[i - 1] + prev[i]) >> 1));
      return true;
    case 4:
      unpaeth_row(in, prev, out, width);
      return true;
    default:
      return false;
  }
}

}  // namespace octgate::imaging
