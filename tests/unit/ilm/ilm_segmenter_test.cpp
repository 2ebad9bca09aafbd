// The embedded ILM engine, measured on the synthetic generator (exact ground truth).
#include "ilm/ilm_segmenter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/core.hpp>
#include <thread>

#include "synth/accuracy.h"
#include "synth/oct_generator.h"

namespace octgate::ilm {
namespace {

using synth::BoundaryError;
using synth::NoiseLevel;
using synth::ScanOptions;

// Pools the errors of `seeds` generated scans.
BoundaryError pooled_error(ScanOptions options, int seeds) {
  const IlmSegmenter segmenter;
  std::vector<float> truth, found;
  for (int seed = 1; seed <= seeds; ++seed) {
    options.seed = static_cast<std::uint64_t>(seed);
    const synth::SyntheticScan scan = synth::generate_scan(options);
    const IlmBoundary b = segmenter.segment(scan.image);
    truth.insert(truth.end(), scan.ilm_row.begin(), scan.ilm_row.end());
    found.insert(found.end(), b.row.begin(), b.row.end());
  }
  return synth::compare_boundaries(truth, found);
}

ScanOptions with_noise(NoiseLevel noise) {
  ScanOptions o;
  o.noise = noise;
  return o;
}

TEST(IlmAccuracy, CleanScansHaveNoColumnOffByMoreThan3Px) {
  const BoundaryError e = pooled_error(with_noise(NoiseLevel::clean()), 3);
  EXPECT_EQ(e.missing, 0);
  EXPECT_LT(e.mean_abs, 0.3);
  EXPECT_LT(e.p95_abs, 0.8);
  EXPECT_EQ(e.share_over_3px, 0.0);
}

TEST(IlmAccuracy, ModerateNoiseMeanErrorBelowHalfAPixel) {
  const BoundaryError e = pooled_error(with_noise(NoiseLevel::moderate()), 3);
  EXPECT_EQ(e.missing, 0);
  EXPECT_LT(e.mean_abs, 0.5);
  EXPECT_LT(std::fabs(e.mean_signed), 0.3) << "convention offset out of calibration";
  EXPECT_LT(e.p95_abs, 1.0);
  EXPECT_LT(e.share_over_3px, 0.002);
}

TEST(IlmAccuracy, HeavyNoiseStaysWithinAPixelMostly) {
  const BoundaryError e = pooled_error(with_noise(NoiseLevel::heavy()), 3);
  EXPECT_LT(e.mean_abs, 0.8);
  EXPECT_LT(e.p95_abs, 1.5);
  EXPECT_LT(e.share_over_3px, 0.01);
}

TEST(IlmAccuracy, MembraneAboveTheRetinaIsNotTakenForTheIlm) {
  ScanOptions o;
  o.membrane = true;
  o.tilt_px = 60.f;
  const BoundaryError e = pooled_error(o, 3);
  EXPECT_LT(e.mean_abs, 0.5);
  EXPECT_EQ(e.share_over_3px, 0.0);
}

TEST(IlmAccuracy, SteepDiscCupIsFollowedToItsFloor) {
  ScanOptions o;
  o.disc_cup = true;
  const synth::SyntheticScan scan = synth::generate_scan(o);
  const IlmBoundary b = IlmSegmenter{}.segment(scan.image);
  const int centre = static_cast<int>(0.9f * o.width);
  for (int x = centre - 10; x <= centre + 10; ++x) {
    ASSERT_FALSE(std::isnan(b.row[x])) << "column " << x;
    EXPECT_NEAR(b.row[x], scan.ilm_row[x], 2.0) << "column " << x;
  }
  const BoundaryError e = synth::compare_boundaries(scan.ilm_row, b.row);
  EXPECT_LT(e.share_over_3px, 0.05) << "only the near-vertical walls may be off";
}

TEST(IlmAccuracy, VesselShadowsAndDeviceBandsDoNotDisturbTheBoundary) {
  ScanOptions o;
  o.device_bands = true;
  o.vessels = 8;
  const BoundaryError e = pooled_error(o, 2);
  EXPECT_LT(e.mean_abs, 0.5);
  EXPECT_EQ(e.share_over_3px, 0.0);
}

TEST(IlmDeviceBands, NoPointLiesInsideNoDataRegions) {
  ScanOptions o;
  o.device_bands = true;
  o.noise = NoiseLevel::heavy();
  const synth::SyntheticScan scan = synth::generate_scan(o);
  const IlmBoundary b = IlmSegmenter{}.segment(scan.image);
  const std::vector<float> points = to_polyline(b, 0.0f);
  for (size_t i = 0; i < points.size(); i += 2) {
    const int x = static_cast<int>(points[i]);
    const int y = static_cast<int>(std::lround(points[i + 1]));
    EXPECT_EQ(scan.no_data.at<unsigned char>(y, x), 0) << "point (" << x << ", " << y << ")";
  }
  for (int x = 0; x < o.width / 48; ++x) EXPECT_TRUE(std::isnan(b.row[x])) << "black column " << x;
}

TEST(IlmConfidence, InUnitRangeAndZeroWhereThereIsNoRow) {
  ScanOptions o;
  o.device_bands = true;
  const IlmBoundary b = IlmSegmenter{}.segment(synth::generate_scan(o).image);
  ASSERT_EQ(b.confidence.size(), b.row.size());
  for (size_t x = 0; x < b.row.size(); ++x) {
    EXPECT_GE(b.confidence[x], 0.f);
    EXPECT_LE(b.confidence[x], 1.f);
    if (std::isnan(b.row[x])) {
      EXPECT_EQ(b.confidence[x], 0.f);
    }
  }
}

TEST(IlmConfidence, RetinaColumnsAreConfidentAndPureNoiseIsNot) {
  const IlmBoundary retina = IlmSegmenter{}.segment(synth::generate_scan({}).image);
  int confident = 0;
  for (float c : retina.confidence) confident += c >= 0.25f;
  EXPECT_GT(confident, 0.98 * retina.width);

  cv::Mat noise(496, 768, CV_8UC1);
  cv::RNG rng(7);
  rng.fill(noise, cv::RNG::UNIFORM, 10, 40);
  const IlmBoundary none = IlmSegmenter{}.segment(noise);
  int above = 0;
  for (float c : none.confidence) above += c >= 0.25f;
  EXPECT_LT(above, 0.05 * none.width) << "speckle alone must not look like a retina";
}

TEST(IlmPolyline, LeavesOutColumnsBelowTheThresholdAndIsFlatXY) {
  IlmBoundary b;
  b.width = 4;
  b.height = 10;
  b.row = {1.5f, std::nanf(""), 3.25f, 4.f};
  b.confidence = {0.9f, 0.f, 0.2f, 0.25f};
  EXPECT_EQ(to_polyline(b, 0.25f), (std::vector<float>{0.f, 1.5f, 3.f, 4.f}));
  EXPECT_EQ(to_polyline(b, 0.0f), (std::vector<float>{0.f, 1.5f, 2.f, 3.25f, 3.f, 4.f}));
}

TEST(IlmSegmenter, AnySizeAndContentIsHandled) {
  const IlmSegmenter segmenter;
  for (const cv::Size size : {cv::Size(1, 1), cv::Size(7, 7), cv::Size(8, 8), cv::Size(9, 300),
                              cv::Size(300, 9), cv::Size(33, 17)}) {
    for (const int value : {0, 128, 255}) {
      const IlmBoundary b = segmenter.segment(cv::Mat(size, CV_8UC1, cv::Scalar(value)));
      EXPECT_EQ(b.width, size.width);
      EXPECT_EQ(b.height, size.height);
      ASSERT_EQ(static_cast<int>(b.row.size()), size.width);
      for (int x = 0; x < size.width; ++x) {
        if (!std::isnan(b.row[x])) {
          EXPECT_GE(b.row[x], 0.f);
          EXPECT_LE(b.row[x], size.height - 1.f);
        }
      }
    }
  }
  EXPECT_THROW(segmenter.segment(cv::Mat(10, 10, CV_8UC3)), std::invalid_argument);
}

TEST(IlmSegmenter, NonContiguousRoiGivesTheSameResultAsACopy) {
  const synth::SyntheticScan scan = synth::generate_scan({});
  const cv::Mat roi = scan.image(cv::Rect(100, 0, 400, 496));
  const IlmBoundary a = IlmSegmenter{}.segment(roi);
  const IlmBoundary b = IlmSegmenter{}.segment(roi.clone());
  EXPECT_EQ(a.row.size(), b.row.size());
  for (size_t x = 0; x < a.row.size(); ++x) EXPECT_FLOAT_EQ(a.row[x], b.row[x]);
}

TEST(IlmSegmenter, ConcurrentCallsOnOneInstanceAgree) {
  const IlmSegmenter segmenter;
  ScanOptions o1, o2;
  o2.seed = 2;
  o2.width = 512;
  const cv::Mat img1 = synth::generate_scan(o1).image, img2 = synth::generate_scan(o2).image;
  const IlmBoundary ref1 = segmenter.segment(img1), ref2 = segmenter.segment(img2);
  auto work = [&](const cv::Mat& img, const IlmBoundary& ref, bool& same) {
    same = true;
    for (int i = 0; i < 3; ++i) {
      const IlmBoundary b = segmenter.segment(img);
      for (size_t x = 0; x < b.row.size(); ++x)
        same = same && (b.row[x] == ref.row[x] || (std::isnan(b.row[x]) && std::isnan(ref.row[x])));
    }
  };
  bool same1 = false, same2 = false;
  std::thread t1(work, std::cref(img1), std::cref(ref1), std::ref(same1));
  std::thread t2(work, std::cref(img2), std::cref(ref2), std::ref(same2));
  t1.join();
  t2.join();
  EXPECT_TRUE(same1);
  EXPECT_TRUE(same2);
}

}  // namespace
}  // namespace octgate::ilm
