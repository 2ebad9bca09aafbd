// The synthetic OCT generator: its ground truth is what the accuracy tests stand on.
#include "synth/oct_generator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/core.hpp>

#include "synth/accuracy.h"

namespace octgate::synth {
namespace {

TEST(OctGenerator, SameSeedSameScanOtherSeedOtherSpeckle) {
  ScanOptions o;
  const SyntheticScan a = generate_scan(o), b = generate_scan(o);
  EXPECT_EQ(cv::norm(a.image, b.image, cv::NORM_INF), 0.0);
  o.seed = 2;
  EXPECT_GT(cv::norm(a.image, generate_scan(o).image, cv::NORM_L1), 0.0);
}

TEST(OctGenerator, SizeAndGroundTruthInEveryColumn) {
  ScanOptions o;
  o.width = 512;
  o.height = 1024;
  const SyntheticScan s = generate_scan(o);
  EXPECT_EQ(s.image.cols, 512);
  EXPECT_EQ(s.image.rows, 1024);
  ASSERT_EQ(s.ilm_row.size(), 512u);
  for (float y : s.ilm_row) {
    ASSERT_FALSE(std::isnan(y));
    EXPECT_GT(y, 0.f);
    EXPECT_LT(y, 1023.f);
  }
}

TEST(OctGenerator, TruthIsTheLinearHalfWayPointOfTheVitreousToRetinaStep) {
  // Without speckle and noise, the log-compressed profile mapped back to linear intensity crosses
  // half-way between the vitreous and the inner retina at the ground-truth row.
  ScanOptions o;
  o.noise = {1e6f, 0.f, 1.f};
  o.vessels = 0;
  o.fovea_depth = 0.f;
  const SyntheticScan s = generate_scan(o);
  const int x = o.width / 4;
  const float truth = s.ilm_row[x];
  const int y0 = static_cast<int>(truth);
  auto linear = [&](int y) { return std::pow(10.f, s.image.at<unsigned char>(y, x) / 255.f * 3.f); };
  const float lo = linear(y0 - 8), hi = linear(y0 + 4);
  const float half = 0.5f * (lo + hi);
  float crossing = NAN;
  for (int y = y0 - 5; y < y0 + 5; ++y) {
    if (linear(y) <= half && linear(y + 1) > half) {
      crossing = y + (half - linear(y)) / (linear(y + 1) - linear(y));
      break;
    }
  }
  ASSERT_FALSE(std::isnan(crossing));
  EXPECT_NEAR(crossing, truth, 0.35);
}

TEST(OctGenerator, DeviceBandsAreExactWhiteAndBlackAndHideTheTruth) {
  ScanOptions o;
  o.device_bands = true;
  const SyntheticScan s = generate_scan(o);
  const int bottom_band = s.image.rows / 30;
  for (int y = 0; y < s.image.rows; ++y) {
    EXPECT_EQ(s.no_data.at<unsigned char>(y, 0), 1);
    EXPECT_EQ(s.image.at<unsigned char>(y, 0), y >= s.image.rows - bottom_band ? 255 : 0) << "row " << y;
  }
  EXPECT_TRUE(std::isnan(s.ilm_row[0]));
  EXPECT_EQ(s.image.at<unsigned char>(0, o.width - 1), 255);
  EXPECT_EQ(s.image.at<unsigned char>(o.height - 1, o.width / 2), 255);
}

TEST(BoundaryError, CountsMissingAndLargeErrorsSeparately) {
  const float nan = std::nanf("");
  const BoundaryError e = compare_boundaries({10.f, 10.f, 10.f, nan, 10.f}, {10.5f, nan, 14.f, 3.f, 9.f});
  EXPECT_EQ(e.columns, 4);
  EXPECT_EQ(e.missing, 1);
  EXPECT_NEAR(e.mean_abs, (0.5 + 4.0 + 1.0) / 3.0, 1e-9);
  EXPECT_NEAR(e.share_over_3px, 1.0 / 3.0, 1e-9);
  EXPECT_NEAR(e.max_abs, 4.0, 1e-9);
}

}  // namespace
}  // namespace octgate::synth
