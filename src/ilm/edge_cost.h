#pragma once
// Costs for the coarse minimum-cost path: on a 2x2-averaged grid of the smoothed scan, how unlike
// the ILM each node is, and what a vertical step inside a column costs.
//
// Node evidence S = e * s, where
//   e = dark-to-bright vertical gradient, normalised by the scan's typical strong edge, and
//   s = step between the mean brightness of a window below the node and one above it, normalised
//       the same way. A thin bright line over a dark gap (posterior hyaloid, membranes, floaters)
//       has a strong local gradient but a small sustained step, so S stays low there.
// Node cost = 1 - S + topmost_weight * max(0, Ptop - topmost_floor), where Ptop is the strongest S
// found higher up in the same column: the ILM is the topmost retinal edge, so a node under a
// convincing retinal edge (e.g. the RPE) pays for it.
// Vertical step cost = step_min + wall_weight * (1 - wall) (+ the same topmost penalty), where wall
// is the horizontal gradient strength (or S): steps are cheap along steep walls (optic-disc cup)
// and expensive in flat, homogeneous areas, as in the graph of Chiu et al. (2010).
// The grid is the scan's Gaussian pyramid level 1 (pyrDown), lightly smoothed: coarse node
// (x, y) sits on full-resolution pixel (2x, 2y).
#include <opencv2/core/mat.hpp>
#include <vector>

namespace octgate::ilm {

struct EdgeCostOptions {
  int below_window = 7;        // coarse rows averaged below a node (x2 px)
  int above_window = 4;        // coarse rows averaged above a node
  float edge_scale = 0.5f;     // e = 1 at edge_scale x the scan's typical strong column edge
  float step_scale = 0.5f;     // s = 1 at step_scale x the scan's typical strong column step
  float wall_scale = 0.25f;    // wall = 1 at a horizontal gradient of wall_scale x the typical edge
  float min_edge = 20.0f;      // floors of the scan's typical edge / step, in grey levels,
  float min_step = 40.0f;      // so a scan of pure noise is not normalised up to confidence 1
  int topmost_gap = 3;         // coarse rows between a node and the edges counted as above it
  float topmost_weight = 1.0f;
  float topmost_floor = 0.35f;
  float coarse_sigma = 0.9f;   // extra Gaussian smoothing on the coarse grid (coarse px)
  float step_min = 0.05f;      // cheapest vertical step
  float wall_weight = 1.0f;    // vertical step cost where there is no wall
  float masked_cost = 1.2f;    // node cost inside device no-data regions
};

// Node (x, y) of the grid sits on full-resolution pixel (2x, 2y). Images are row-major cv::Mats;
// the two cost arrays the path search walks are column-major: row x of node_cost / move_cost holds
// grid column x (its length is padded to whole cache lines, so the column-major copy writes whole
// lines).
struct CoarseGrid {
  int cols = 0, rows = 0;
  cv::Mat image;     // CV_32F, smoothed pyramid level 1
  cv::Mat masked;    // CV_8U, 255 where device no-data lies within the node's 5x5 full-res support
  cv::Mat evidence;  // CV_32F, S = e * s in [0, 1]
  cv::Mat node_cost;  // CV_32F, cols x (rows rounded up to 16)
  cv::Mat move_cost;  // the same layout: cost of the step from y to y+1 (either direction)
  float edge_ref = 0, step_ref = 0;  // the scan's typical strong edge and step (grey levels)
  float inv_wall = 0;                // 1 / (wall_scale x edge_ref)

  // Wall evidence for vertical moves at node (x, y), in [0, 1]: the normalised horizontal gradient,
  // or the node evidence where that is larger. Computed on demand (only the path's nodes need it).
  float wall(int y, int x) const;
};

// filled: CV_8U scan with device regions filled (find_device_mask); mask: CV_8U, nonzero = no data,
// or empty when the scan has no no-data pixel.
void build_coarse_grid(const cv::Mat& filled, const cv::Mat& mask, const EdgeCostOptions& options,
                       CoarseGrid& grid);

}  // namespace octgate::ilm
