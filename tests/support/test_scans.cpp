#include "support/test_scans.h"

#include <cmath>
#include <opencv2/imgcodecs.hpp>

namespace octgate::testing {

cv::Mat simple_bscan(int width, int height) {
  cv::Mat image(height, width, CV_8UC1);
  for (int x = 0; x < width; ++x) {
    int top = static_cast<int>(height / 3.0 + height / 12.0 * std::sin(x * 6.28 / width));
    for (int y = 0; y < height; ++y) image.at<std::uint8_t>(y, x) = y < top ? 20 : (y < top + height / 3 ? 200 : 90);
  }
  return image;
}

std::string encode_image(const cv::Mat& image, const std::string& ext) {
  std::vector<std::uint8_t> bytes;
  cv::imencode(ext, image, bytes);
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace octgate::testing
