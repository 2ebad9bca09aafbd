#include "jobs/result_document.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace octgate::jobs {
namespace {

TEST(ResultDocument, CompletedHasTheReferenceShape) {
  auto doc = boost::json::parse(completed_document("u-1", "scan \"1\".png", 496, 512, {0, 181.254f, 1, 182.5f}));
  EXPECT_EQ(doc.at("id").as_string(), "u-1");
  EXPECT_EQ(doc.at("status").as_string(), "COMPLETED");
  EXPECT_EQ(doc.at("filename").as_string(), "scan \"1\".png");
  EXPECT_EQ(doc.at("output").at("metadata").at("height").as_int64(), 496);
  EXPECT_EQ(doc.at("output").at("metadata").at("width").as_int64(), 512);
  const auto& instance = doc.at("output").at("instances").at(0);
  EXPECT_EQ(instance.at("type").as_string(), "polyline");
  EXPECT_EQ(instance.at("classId").as_int64(), 14);
  const auto& points = instance.at("points").as_array();
  ASSERT_EQ(points.size(), 4u);
  EXPECT_DOUBLE_EQ(points[1].to_number<double>(), 181.25);  // two decimals
  EXPECT_DOUBLE_EQ(points[3].to_number<double>(), 182.5);
}

TEST(ResultDocument, PointsAreWrittenInShortDecimalForm) {
  std::string doc = output_document(10, 3, {0, 2.5f, 1, 3.0f, 2, 4.126f});
  EXPECT_NE(doc.find(R"("points":[0,2.5,1,3,2,4.13])"), std::string::npos) << doc;
}

TEST(ResultDocument, FailedHasTheReferenceShape) {
  auto doc = boost::json::parse(failed_document("u-2", "a.png", "[StatusCode.UNAVAILABLE] down"));
  EXPECT_EQ(doc.at("status").as_string(), "FAILED");
  EXPECT_EQ(doc.at("error").as_string(), "[StatusCode.UNAVAILABLE] down");
  EXPECT_EQ(doc.at("filename").as_string(), "a.png");
  EXPECT_FALSE(doc.as_object().contains("output"));
}

}  // namespace
}  // namespace octgate::jobs
