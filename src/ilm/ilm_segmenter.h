#pragma once
// The ILM (inner limiting membrane) segmentation engine: image in, boundary out.
// No I/O, no HTTP. Thread-safe: one IlmSegmenter may serve many threads at once (each thread
// reuses its own scratch buffers). Method and confidence: docs/ilm.md.
#include <opencv2/core/mat.hpp>
#include <vector>

#include "ilm/device_mask.h"
#include "ilm/edge_cost.h"
#include "ilm/subpixel.h"

namespace octgate::ilm {

struct IlmBoundary {
  int width = 0;
  int height = 0;
  std::vector<float> row;         // per column x: the ILM row (sub-pixel); NaN where no retina
  std::vector<float> confidence;  // per column x: in [0, 1]
};

struct SegmenterOptions {
  float smoothing_sigma = 2.0f;  // Gaussian sigma (px) before the full-resolution gradient
  float diagonal_cost = 0.02f;   // coarse path: cost of a one-row change between columns
  DeviceMaskOptions device_mask;
  EdgeCostOptions edge_cost;
  RefineOptions refine;
};

class IlmSegmenter {
 public:
  explicit IlmSegmenter(SegmenterOptions options = {});
  // gray: CV_8UC1, any size >= 1x1. Scans smaller than 8x8 give NaN rows and confidence 0.
  IlmBoundary segment(const cv::Mat& gray) const;

 private:
  SegmenterOptions options_;
};

// The API's flat polyline [x0, y0, x1, y1, ...] of the columns whose confidence >= threshold.
std::vector<float> to_polyline(const IlmBoundary& boundary, float threshold);

}  // namespace octgate::ilm
