#include "imaging/png_unfilter.h"

#include <gtest/gtest.h>

namespace octgate::imaging {
namespace {

// Every (left, above, above-left) triple: the row-wise Paeth gives the specification's predictor.
TEST(PngUnfilter, PaethMatchesTheSpecificationForEveryTriple) {
  std::uint8_t prev[2], in[2] = {0, 0}, out[2];
  int mismatches = 0;
  for (int c = 0; c < 256; ++c) {
    for (int b = 0; b < 256; ++b) {
      prev[0] = static_cast<std::uint8_t>(c);
      prev[1] = static_cast<std::uint8_t>(b);
      for (int a = 0; a < 256; ++a) {
        // out[0] = in[0] + prev[0] = a, so pixel 1 is predicted from (a, b, c); in[1] = 0 shows it.
        in[0] = static_cast<std::uint8_t>(a - c);
        ASSERT_TRUE(unfilter_gray_row(4, in, prev, out, 2));
        if (out[0] != a || out[1] != paeth_predictor(a, b, c)) ++mismatches;
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(PngUnfilter, UnknownFilterTypesAreRefused) {
  std::uint8_t prev[3] = {}, in[3] = {}, out[3];
  for (int f : {5, 6, 255}) EXPECT_FALSE(unfilter_gray_row(static_cast<std::uint8_t>(f), in, prev, out, 3));
}

}  // namespace
}  // namespace octgate::imaging
