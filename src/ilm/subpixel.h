#pragma once
// From the coarse path to the full-resolution boundary: per column, the strongest dark-to-bright
// rise of the smoothed scan near the path, located to a fraction of a pixel by a parabola through
// the gradient peak, then moved by the convention offset (see docs/ilm.md): the steepest rise of
// the log-compressed image lies above the physical (linear half-way) edge that graders label.
#include <opencv2/core/mat.hpp>
#include <vector>

#include "ilm/edge_cost.h"
#include "ilm/path_search.h"

namespace octgate::ilm {

struct RefineOptions {
  float sigma = 2.0f;              // Gaussian smoothing (px) of the scan before the gradient
  int search_radius = 3;           // full-res rows searched either side of the coarse path
  float convention_offset = 1.2f;  // rows added to the steepest rise (physical edge lies below it)
};

// filled: CV_8U scan with device regions filled; mask: device no-data (nonzero), or empty if none. The smoothed
// gradient is computed only in the few rows searched around the path. Writes row (NaN where no
// retina can be reported) and confidence per full-resolution column.
void refine_boundary(const cv::Mat& filled, const cv::Mat& mask, const CoarseGrid& grid,
                     const std::vector<PathSegment>& path, const std::vector<unsigned char>& has_data,
                     const RefineOptions& options, std::vector<float>& row,
                     std::vector<float>& confidence);

}  // namespace octgate::ilm
