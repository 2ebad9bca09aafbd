#include "ilm/ilm_segmenter.h"

#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "ilm/path_search.h"

namespace octgate::ilm {
namespace {

// Per-thread scratch space, so a steady stream of same-sized scans allocates nothing.
struct Workspace {
  cv::Mat mask, filled;
  CoarseGrid grid;
  std::vector<PathSegment> path;
};

}  // namespace

IlmSegmenter::IlmSegmenter(SegmenterOptions options) : options_(options) {}

IlmBoundary IlmSegmenter::segment(const cv::Mat& gray) const {
  if (gray.type() != CV_8UC1) throw std::invalid_argument("IlmSegmenter::segment needs CV_8UC1");
  IlmBoundary b;
  b.width = gray.cols;
  b.height = gray.rows;
  b.row.assign(gray.cols, std::numeric_limits<float>::quiet_NaN());
  b.confidence.assign(gray.cols, 0.0f);
  if (gray.rows < 8 || gray.cols < 8) return b;

  thread_local Workspace ws;
  bool any_no_data = false;
  const std::vector<unsigned char> has_data =
      find_device_mask(gray, options_.device_mask, ws.mask, ws.filled, any_no_data);
  // Without no-data pixels the scan is its own filled copy and the mask is empty.
  const cv::Mat no_mask;
  const cv::Mat& filled = any_no_data ? ws.filled : gray;
  const cv::Mat& mask = any_no_data ? ws.mask : no_mask;
  build_coarse_grid(filled, mask, options_.edge_cost, ws.grid);
  find_min_cost_path(ws.grid, options_.diagonal_cost, ws.path);
  RefineOptions refine = options_.refine;
  refine.sigma = options_.smoothing_sigma;
  refine_boundary(filled, mask, ws.grid, ws.path, has_data, refine, b.row,
                  b.confidence);
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
