#include "ilm/ilm_segmenter.h"

#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>

namespace octgate::ilm {

IlmSegmenter::IlmSegmenter(SegmenterOptions options) : options_(options) {}

// First engine: per column, the strongest dark-to-bright rise of the smoothed image.
IlmBoundary IlmSegmenter::segment(const cv::Mat& gray) const {
  IlmBoundary b;
  b.width = gray.cols;
  b.height = gray.rows;
  b.row.assign(gray.cols, std::numeric_limits<float>::quiet_NaN());
  b.confidence.assign(gray.cols, 0.0f);
  if (gray.rows < 3) return b;

  cv::Mat f, smooth, grad;
  gray.convertTo(f, CV_32F);
  cv::GaussianBlur(f, smooth, cv::Size(0, 0), options_.smoothing_sigma);
  cv::Sobel(smooth, grad, CV_32F, 0, 1, 3);

  for (int x = 0; x < gray.cols; ++x) {
    float best = 0.0f;
    int best_y = -1;
    for (int y = 1; y < gray.rows - 1; ++y) {
      float g = grad.at<float>(y, x);
      if (g > best) {
        best = g;
        best_y = y;
      }
    }
    if (best_y >= 0) {
      b.row[x] = static_cast<float>(best_y);
      b.confidence[x] = std::min(1.0f, best / (4.0f * 64.0f));
    }
  }
  return b;
}

std::vector<float> to_polyline(const IlmBoundary& boundary, float threshold) {
  std::vector<float> points;
  points.reserve(boundary.row.size() * 2);
  for (int x = 0; x < boundary.width; ++x) {
    if (std::isnan(boundary.row[x]) || boundary.confidence[x] < threshold) continue;
    points.push_back(static_cast<float>(x));
    points.push_back(boundary.row[x]);
  }
  return points;
}

}  // namespace octgate::ilm
