// Each output form a model may answer with, in each element type, becomes the same polyline.
#include "inference/output_decoding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <deque>
#include <limits>

namespace octgate::inference {
namespace {

// Raw little-endian bytes of values, kept alive for the test's duration (OutputTensor holds a view).
std::string_view keep(std::string bytes) {
  static std::deque<std::string> kept;
  return kept.emplace_back(std::move(bytes));
}

template <typename T>
std::string_view raw_of(const std::vector<T>& values) {
  std::string raw(values.size() * sizeof(T), '\0');
  if (!values.empty()) std::memcpy(raw.data(), values.data(), raw.size());
  return keep(std::move(raw));
}

// Exact for the values used here (normal numbers with few mantissa bits, zero).
std::uint16_t to_half(float f) {
  if (f == 0) return 0;
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  std::uint32_t sign = (bits >> 16) & 0x8000u;
  int exponent = static_cast<int>((bits >> 23) & 0xff) - 127 + 15;
  return static_cast<std::uint16_t>(sign | (exponent << 10) | ((bits >> 13) & 0x3ffu));
}

// Encodes values in a datatype (integers are truncated).
std::string_view encode(const std::vector<float>& values, const std::string& datatype) {
  if (datatype == "FP32") return raw_of(values);
  std::string raw;
  for (float v : values) {
    if (datatype == "FP16") raw += raw_of(std::vector<std::uint16_t>{to_half(v)});
    else if (datatype == "INT64") raw += raw_of(std::vector<std::int64_t>{static_cast<std::int64_t>(v)});
    else if (datatype == "UINT8") raw += raw_of(std::vector<std::uint8_t>{static_cast<std::uint8_t>(v)});
  }
  return keep(std::move(raw));
}

TEST(HalfToFloat, ConvertsNormalSubnormalInfiniteAndNanValues) {
  EXPECT_EQ(half_to_float(0x0000), 0.0f);
  EXPECT_TRUE(std::signbit(half_to_float(0x8000)));
  EXPECT_EQ(half_to_float(0x3c00), 1.0f);
  EXPECT_EQ(half_to_float(0x3800), 0.5f);
  EXPECT_EQ(half_to_float(0x3400), 0.25f);
  EXPECT_EQ(half_to_float(0xc000), -2.0f);
  EXPECT_EQ(half_to_float(0x7bff), 65504.0f);                 // largest normal
  EXPECT_EQ(half_to_float(0x5fd0), 500.0f);                   // a row in a 512-row scan
  EXPECT_EQ(half_to_float(0x0001), std::ldexp(1.0f, -24));    // smallest subnormal
  EXPECT_EQ(half_to_float(0x03ff), std::ldexp(1023.0f, -24)); // largest subnormal
  EXPECT_EQ(half_to_float(0x7c00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(half_to_float(0xfc00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(half_to_float(0x7e00)));
}

class EachElementType : public ::testing::TestWithParam<std::string> {};

TEST_P(EachElementType, PointsTensorNx2IsUsedAsIs) {
  std::vector<float> pairs{0, 10, 1, 11, 3, 12};
  std::string_view raw = encode(pairs, GetParam());
  for (auto shape : {std::vector<std::int64_t>{3, 2}, std::vector<std::int64_t>{1, 3, 2}}) {
    OutputTensor t{"POINTS", GetParam(), shape, raw};
    EXPECT_EQ(classify_output(t, 64, 48), OutputForm::kPoints);
    auto points = decode_ilm_points({t}, 64, 48, 0.25f);
    ASSERT_TRUE(points) << points.status().message();
    EXPECT_EQ(*points, pairs);
  }
}

TEST_P(EachElementType, RowTensorGivesOnePointPerColumnWithARow) {
  // 4 columns; column 2 has no boundary (-1), which integer types can carry too.
  std::vector<float> rows{5, 6, -1, 8};
  // Unsigned types have no "none" marker: there column 2 sits on row 0.
  std::string_view raw = GetParam() == "UINT8" ? encode({5, 6, 0, 8}, "UINT8") : encode(rows, GetParam());
  OutputTensor t{"ILM_ROW", GetParam(), {4}, raw};
  EXPECT_EQ(classify_output(t, 4, 16), OutputForm::kRow);
  auto points = decode_ilm_points({t}, 4, 16, 0.25f);
  ASSERT_TRUE(points) << points.status().message();
  if (GetParam() == "UINT8") EXPECT_EQ(*points, (std::vector<float>{0, 5, 1, 6, 2, 0, 3, 8}));
  else EXPECT_EQ(*points, (std::vector<float>{0, 5, 1, 6, 3, 8}));
}

TEST_P(EachElementType, MapTensorGivesTheTopForegroundRowPerColumnInEveryLayout) {
  // 5 rows x 3 columns. Column 0: foreground from row 2; column 1: none; column 2: from row 4.
  const int width = 3, height = 5;
  std::vector<float> map(width * height, 0.0f);
  for (int y = 2; y < height; ++y) map[y * width + 0] = 1;
  map[4 * width + 2] = 1;
  for (auto shape : {std::vector<std::int64_t>{5, 3}, std::vector<std::int64_t>{1, 5, 3},
                     std::vector<std::int64_t>{1, 1, 5, 3}}) {
    OutputTensor t{"PROB", GetParam(), shape, encode(map, GetParam())};
    EXPECT_EQ(classify_output(t, width, height), OutputForm::kMap);
    auto points = decode_ilm_points({t}, width, height, 0.5f);
    ASSERT_TRUE(points) << points.status().message();
    // A 0 -> 1 step: the 0.5 crossing lies half-way between the rows for probabilities; masks
    // (integer types) report the first foreground row.
    bool probability = GetParam() == "FP32" || GetParam() == "FP16";
    float offset = probability ? 0.5f : 0.0f;
    EXPECT_EQ(*points, (std::vector<float>{0, 2 - offset, 2, 4 - offset}));
  }
}

INSTANTIATE_TEST_SUITE_P(Types, EachElementType, ::testing::Values("FP32", "FP16", "INT64", "UINT8"),
                         [](const auto& info) { return info.param; });

TEST(MapDecoding, ProbabilitiesAreThresholdedWithASubPixelCrossing) {
  // One column: p = 0, 0.2, 0.6, 1.0 -> threshold 0.4 is crossed half-way from row 1 to row 2.
  std::vector<float> map{0.0f, 0.2f, 0.6f, 1.0f};
  auto points = points_from_map(map, 1, 4, 0.4f, false);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_FLOAT_EQ(points[1], 1.5f);
  // A higher threshold moves the crossing down; one no pixel reaches drops the column.
  EXPECT_FLOAT_EQ(points_from_map(map, 1, 4, 0.8f, false)[1], 2.5f);
  EXPECT_TRUE(points_from_map(map, 1, 4, 1.0f, false).size() == 2u);
  EXPECT_TRUE(points_from_map({0.1f, 0.2f}, 1, 2, 0.5f, false).empty());
}

TEST(MapDecoding, AForegroundTopRowNeedsNoInterpolation) {
  auto points = points_from_map({0.9f, 1.0f}, 1, 2, 0.5f, false);
  EXPECT_EQ(points, (std::vector<float>{0, 0}));
}

TEST(RowDecoding, AConfidenceOutputThresholdsTheColumnsAsTheEmbeddedEngineDoes) {
  OutputTensor rows{"ROW", "FP32", {3}, raw_of(std::vector<float>{4.5f, 5.5f, 6.5f})};
  OutputTensor confidence{"CONFIDENCE", "FP32", {3}, raw_of(std::vector<float>{0.9f, 0.1f, 0.25f})};
  EXPECT_EQ(classify_output(confidence, 3, 10), OutputForm::kConfidence);
  auto points = decode_ilm_points({confidence, rows}, 3, 10, 0.25f);
  ASSERT_TRUE(points);
  EXPECT_EQ(*points, (std::vector<float>{0, 4.5f, 2, 6.5f}));
}

TEST(RowDecoding, NanRowsAreDropped) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(points_from_rows({1, nan, 3}, {}, 0.25f), (std::vector<float>{0, 1, 2, 3}));
  EXPECT_EQ(points_from_pairs({0, 1, 1, nan, 2, 3}), (std::vector<float>{0, 1, 2, 3}));
}

TEST(OutputChoice, PointsWinOverConfidenceAndMapsWinOverRows) {
  OutputTensor points{"POINTS", "FP32", {1, 2}, raw_of(std::vector<float>{7, 8})};
  OutputTensor confidence{"CONFIDENCE", "FP32", {2}, raw_of(std::vector<float>{1, 1})};
  OutputTensor rows{"ROW", "FP32", {2}, raw_of(std::vector<float>{0, 0})};
  OutputTensor map{"MAP", "UINT8", {1, 2}, std::string_view("\x01\x00", 2)};
  EXPECT_EQ(*decode_ilm_points({confidence, points}, 2, 1, 0.25f), (std::vector<float>{7, 8}));
  EXPECT_EQ(*decode_ilm_points({rows, map}, 2, 1, 0.25f), (std::vector<float>{0, 0}));
}

TEST(OutputChoice, NoUsableOutputIsAnErrorListingWhatCameBack) {
  OutputTensor odd{"LOGITS", "FP32", {7, 3}, raw_of(std::vector<float>(21, 0.0f))};
  auto points = decode_ilm_points({odd}, 64, 48, 0.25f);
  ASSERT_FALSE(points);
  EXPECT_NE(points.status().message().find("'LOGITS' FP32 [7,3]"), std::string::npos) << points.status().message();
  EXPECT_NE(points.status().message().find("48x64"), std::string::npos);
}

TEST(OutputChoice, ASizeThatDoesNotMatchTheShapeIsAnError) {
  OutputTensor t{"POINTS", "FP32", {2, 2}, raw_of(std::vector<float>{1, 2, 3})};
  auto points = decode_ilm_points({t}, 64, 48, 0.25f);
  ASSERT_FALSE(points);
  EXPECT_NE(points.status().message().find("should hold 16 bytes, got 12"), std::string::npos)
      << points.status().message();
}

TEST(OutputChoice, BytesOutputsCannotBeReadAsNumbers) {
  OutputTensor t{"POINTS", "BYTES", {1, 2}, "xx"};
  auto points = decode_ilm_points({t}, 64, 48, 0.25f);
  ASSERT_FALSE(points);
  EXPECT_NE(points.status().message().find("datatype 'BYTES'"), std::string::npos);
}

TEST(TensorToFloats, ReadsEveryNumericType) {
  EXPECT_EQ(*tensor_to_floats({"t", "INT32", {2}, raw_of(std::vector<std::int32_t>{-3, 4})}), (std::vector<float>{-3, 4}));
  EXPECT_EQ(*tensor_to_floats({"t", "FP64", {1}, raw_of(std::vector<double>{2.5})}), (std::vector<float>{2.5f}));
  EXPECT_EQ(*tensor_to_floats({"t", "UINT16", {1}, raw_of(std::vector<std::uint16_t>{600})}), (std::vector<float>{600}));
  EXPECT_EQ(*tensor_to_floats({"t", "BOOL", {2}, std::string_view("\x00\x02", 2)}), (std::vector<float>{0, 1}));
  EXPECT_EQ(*tensor_to_floats({"t", "BF16", {1}, raw_of(std::vector<std::uint16_t>{0x3fc0})}), (std::vector<float>{1.5f}));
}

}  // namespace
}  // namespace octgate::inference
