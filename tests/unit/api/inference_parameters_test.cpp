#include "api/inference_parameters.h"

#include <gtest/gtest.h>

namespace octgate::api {
namespace {

TEST(InferenceParameters, MissingHeaderMeansTheDefaultThreshold) {
  auto p = parse_inference_parameters(std::nullopt);
  ASSERT_TRUE(p);
  EXPECT_FLOAT_EQ(p->threshold, 0.25f);
  EXPECT_EQ(p->json, R"({"threshold": 0.25})");
  EXPECT_FALSE(p->slice_idx);
}

TEST(InferenceParameters, SingleQuotesAreAcceptedAsTheReferenceDoes) {
  auto p = parse_inference_parameters("{'threshold': 0.5, 'model_hint': 'x'}");
  ASSERT_TRUE(p);
  EXPECT_FLOAT_EQ(p->threshold, 0.5f);
  EXPECT_EQ(p->json, R"({"threshold": 0.5, "model_hint": "x"})");
}

TEST(InferenceParameters, SliceIndicesAreIntegers) {
  auto p = parse_inference_parameters("{'slice_idx': [45, 46, 7.0]}");
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->slice_idx);
  EXPECT_EQ(*p->slice_idx, (std::vector<int>{45, 46, 7}));
  EXPECT_FALSE(parse_inference_parameters("{'slice_idx': [4.5]}"));
  EXPECT_FALSE(parse_inference_parameters("{'slice_idx': ['45']}"));
  EXPECT_FALSE(parse_inference_parameters("{'slice_idx': 45}"));
  EXPECT_FALSE(parse_inference_parameters("{'slice_idx': [-1]}"));
}

TEST(InferenceParameters, BadValuesNameTheProblem) {
  EXPECT_NE(parse_inference_parameters("{").status().message().find("not valid JSON"), std::string::npos);
  EXPECT_NE(parse_inference_parameters("0.5").status().message().find("JSON object"), std::string::npos);
  EXPECT_NE(parse_inference_parameters("{'threshold': null}").status().message().find("must be a number"), std::string::npos);
  EXPECT_NE(parse_inference_parameters("{'threshold': 2}").status().message().find("between 0 and 1"), std::string::npos);
  EXPECT_TRUE(parse_inference_parameters("{'threshold': 0}"));
  EXPECT_TRUE(parse_inference_parameters("{'threshold': 1}"));
}

TEST(InferenceParameters, SizeDepthAndSliceCountAreLimited) {
  std::string big = "{'threshold': 0.5, 'note': '" + std::string(kMaxParametersBytes, 'x') + "'}";
  EXPECT_NE(parse_inference_parameters(big).status().message().find("bytes; at most 16384"), std::string::npos);
  std::string fits = "{'note': '" + std::string(kMaxParametersBytes - 20, 'x') + "'}";
  EXPECT_TRUE(parse_inference_parameters(fits));

  auto nested = [](std::size_t depth) {
    std::string json = "{'n': ";
    for (std::size_t i = 1; i < depth; ++i) json += "[";
    json += "0";
    for (std::size_t i = 1; i < depth; ++i) json += "]";
    return json + "}";
  };
  EXPECT_TRUE(parse_inference_parameters(nested(kMaxParametersDepth)));
  EXPECT_NE(parse_inference_parameters(nested(kMaxParametersDepth + 1)).status().message().find("nests deeper than 16"),
            std::string::npos);

  auto slices = [](std::size_t n) {
    std::string json = "{'slice_idx': [";
    for (std::size_t i = 0; i < n; ++i) json += (i ? ",0" : "0");
    return json + "]}";
  };
  auto many = parse_inference_parameters(slices(kMaxSliceIndices));
  ASSERT_TRUE(many);
  EXPECT_EQ(many->slice_idx->size(), kMaxSliceIndices);
  EXPECT_NE(parse_inference_parameters(slices(kMaxSliceIndices + 1)).status().message().find("4097 entries"),
            std::string::npos);
}

}  // namespace
}  // namespace octgate::api
