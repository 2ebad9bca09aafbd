#pragma once
// Small scans for API tests (the ILM accuracy tests use the synthetic OCT generator).
#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

namespace octgate::testing {

// A dark vitreous over a bright band whose top edge is a smooth curve around row height/3.
cv::Mat simple_bscan(int width, int height);
// Encodes with OpenCV; ext is ".png", ".jpg", ".tif" or ".bmp".
std::string encode_image(const cv::Mat& image, const std::string& ext);

}  // namespace octgate::testing
