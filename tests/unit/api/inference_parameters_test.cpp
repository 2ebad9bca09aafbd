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

}  // namespace
}  // namespace octgate::api
