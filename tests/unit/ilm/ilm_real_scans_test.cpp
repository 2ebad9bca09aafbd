// The ILM engine on the 20 real Spectralis scans in ../shared/data/real-oct (no labels): it must not
// crash, must report the ILM in every column that holds retina, and must never put a point inside
// the device's white (255) or black (0) no-data regions. Skips when the folder is absent.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <string>

#include "ilm/ilm_segmenter.h"
#include "support/paths.h"

namespace octgate::ilm {
namespace {

namespace fs = std::filesystem;

fs::path real_dir() { return octgate::testing::shared_dir() / "data" / "real-oct"; }

// Independent of the engine's own mask: a column is a no-data column when nearly all its pixels
// are exactly 0 or 255; a pixel is in a band when it and its vertical neighbours are all exactly
// 255, or all exactly 0.
bool no_data_column(const cv::Mat& img, int x) {
  int extreme = 0;
  for (int y = 0; y < img.rows; ++y) {
    const unsigned char v = img.at<unsigned char>(y, x);
    extreme += v == 0 || v == 255;
  }
  return extreme > 0.9 * img.rows;
}

bool in_white_band(const cv::Mat& img, int x, int y) {
  for (int dy = -1; dy <= 1; ++dy) {
    const int r = std::clamp(y + dy, 0, img.rows - 1);
    if (img.at<unsigned char>(r, x) != 255) return false;
  }
  return true;
}

bool in_black_band(const cv::Mat& img, int x, int y) {  // single 0 pixels are vitreous speckle
  for (int dy = -2; dy <= 2; ++dy) {
    const int r = std::clamp(y + dy, 0, img.rows - 1);
    if (img.at<unsigned char>(r, x) != 0) return false;
  }
  return true;
}

class RealScan : public ::testing::TestWithParam<int> {};

TEST_P(RealScan, IlmInEveryRetinaColumnAndNeverInsideDeviceBands) {
  char name[32];
  std::snprintf(name, sizeof name, "duke_dme_%02d.png", GetParam());
  const fs::path path = real_dir() / name;
  if (!fs::exists(path)) GTEST_SKIP() << "real scans not available at " << real_dir() << " (needs ../shared)";
  const cv::Mat img = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(img.empty()) << path;

  const IlmBoundary b = IlmSegmenter{}.segment(img);
  ASSERT_EQ(b.width, img.cols);
  ASSERT_EQ(b.height, img.rows);
  int retina_columns = 0, reported = 0;
  const std::vector<float> points = to_polyline(b, 0.25f);
  std::vector<bool> in_polyline(img.cols, false);
  for (size_t i = 0; i < points.size(); i += 2) in_polyline[static_cast<int>(points[i])] = true;
  for (int x = 0; x < img.cols; ++x) {
    if (no_data_column(img, x)) {
      EXPECT_FALSE(in_polyline[x]) << name << ": point in the black no-data column " << x;
      continue;
    }
    ++retina_columns;
    EXPECT_FALSE(std::isnan(b.row[x])) << name << ": no ILM row in column " << x;
    if (!in_polyline[x]) continue;
    ++reported;
    const int y = static_cast<int>(std::lround(b.row[x]));
    EXPECT_FALSE(in_white_band(img, x, y)) << name << ": point (" << x << ", " << y << ") in a white band";
    EXPECT_FALSE(in_black_band(img, x, y)) << name << ": point (" << x << ", " << y << ") on black no-data";
  }
  // Only the faint floor and walls of a deep optic-disc cup may fall below the default threshold
  // (duke_dme_06: 93 %).
  EXPECT_GE(reported, 0.92 * retina_columns) << name << ": too many retina columns below the threshold";
}

INSTANTIATE_TEST_SUITE_P(DukeDme, RealScan, ::testing::Range(1, 21));

}  // namespace
}  // namespace octgate::ilm
