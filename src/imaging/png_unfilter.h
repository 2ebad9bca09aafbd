#pragma once
// Reverses the PNG row filters (None, Sub, Up, Average, Paeth) for one byte per pixel.
#include <cstdint>

namespace octgate::imaging {

// filter is the row's filter-type byte, in the filtered pixels, prev the row above (all zeros for
// the first row), out width pixels. False for an unknown filter type.
bool unfilter_gray_row(std::uint8_t filter, const std::uint8_t* in, const std::uint8_t* prev, std::uint8_t* out,
                       int width);

// The Paeth predictor exactly as the PNG specification states it (the reference for the tests).
std::uint8_t paeth_predictor(int left, int above, int above_left);

}  // namespace octgate::imaging
