#include "ilm/edge_cost.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <opencv2/imgproc.hpp>

namespace octgate::ilm {
namespace {

inline float clamp01(float v) { return std::min(std::max(v, 0.f), 1.f); }  // vectorises

float median(std::vector<float>& v) {
  if (v.empty()) return 0.f;
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// Copies a row-major CV_32F matrix into a column-major vector.
void to_column_major(const cv::Mat& m, cv::Mat& scratch, std::vector<float>& out) {
  cv::transpose(m, scratch);
  out.resize(static_cast<size_t>(m.rows) * m.cols);
  for (int x = 0; x < scratch.rows; ++x)
    std::memcpy(&out[static_cast<size_t>(x) * m.rows], scratch.ptr<float>(x), sizeof(float) * m.rows);
}

// Per-thread intermediate images.
struct Scratch {
  cv::Mat down8, mask255, mask_down, edge, step, below, above, gx, node, move, transposed;
  std::vector<float> col_edge_max, col_step_max, ptop;
};

}  // namespace

void build_coarse_grid(const cv::Mat& filled, const cv::Mat& mask, const EdgeCostOptions& opt,
                       CoarseGrid& g) {
  thread_local Scratch t;
  // Pyramid level 1 of the filled scan (5x5 Gaussian + decimation), lightly smoothed.
  cv::pyrDown(filled, t.down8);
  t.down8.convertTo(g.image, CV_32F);
  if (opt.coarse_sigma > 0.f)
    cv::GaussianBlur(g.image, g.image, cv::Size(5, 5), opt.coarse_sigma, 0, cv::BORDER_REPLICATE);
  const int W = g.image.cols, H = g.image.rows;
  g.cols = W;
  g.rows = H;
  // A node is no-data if any pixel of its 5x5 pyramid support is.
  mask.convertTo(t.mask255, CV_8U, 255.0);
  cv::pyrDown(t.mask255, t.mask_down);
  cv::compare(t.mask_down, 0, g.masked, cv::CMP_GT);  // 255 where masked

  // Raw features, row-major and vectorised by OpenCV.
  const cv::Mat& c = g.image;
  t.edge.create(H, W, CV_32F);
  t.gx.create(H, W, CV_32F);
  if (H >= 3) cv::subtract(c.rowRange(2, H), c.rowRange(0, H - 2), t.edge.rowRange(1, H - 1));
  t.edge.row(0).setTo(0);
  t.edge.row(H - 1).setTo(0);
  if (W >= 3) cv::subtract(c.colRange(2, W), c.colRange(0, W - 2), t.gx.colRange(1, W - 1));
  t.gx.col(0).setTo(0);
  t.gx.col(W - 1).setTo(0);
  // Means of the windows below (rows y+1..y+Rb) and above (y-Ra..y-1): box sums that include row
  // y, minus row y.
  const int Rb = opt.below_window, Ra = opt.above_window;
  cv::boxFilter(c, t.below, CV_32F, cv::Size(1, Rb + 1), cv::Point(0, 0), false, cv::BORDER_REPLICATE);
  cv::boxFilter(c, t.above, CV_32F, cv::Size(1, Ra + 1), cv::Point(0, Ra), false, cv::BORDER_REPLICATE);
  cv::subtract(t.below, c, t.below);
  cv::subtract(t.above, c, t.above);
  cv::addWeighted(t.below, 1.0 / Rb, t.above, -1.0 / Ra, 0.0, t.step);

  // The scan's scale: median over columns of the strongest edge and step outside no-data.
  constexpr float kLow = -1e30f;
  t.col_edge_max.assign(W, kLow);
  t.col_step_max.assign(W, kLow);
  for (int y = 0; y < H; ++y) {
    const float* e = t.edge.ptr<float>(y);
    const float* s = t.step.ptr<float>(y);
    const unsigned char* m = g.masked.ptr<unsigned char>(y);
    float* em = t.col_edge_max.data();
    float* sm = t.col_step_max.data();
    for (int x = 0; x < W; ++x) {
      em[x] = std::max(em[x], m[x] ? kLow : e[x]);
      sm[x] = std::max(sm[x], m[x] ? kLow : s[x]);
    }
  }
  t.col_edge_max.erase(std::remove(t.col_edge_max.begin(), t.col_edge_max.end(), kLow), t.col_edge_max.end());
  t.col_step_max.erase(std::remove(t.col_step_max.begin(), t.col_step_max.end(), kLow), t.col_step_max.end());
  g.edge_ref = std::max(median(t.col_edge_max), opt.min_edge);
  g.step_ref = std::max(median(t.col_step_max), opt.min_step);
  const float inv_e = 1.f / (opt.edge_scale * g.edge_ref);
  const float inv_s = 1.f / (opt.step_scale * g.step_ref);
  const float inv_w = 1.f / (opt.wall_scale * g.edge_ref);

  // Normalised evidence, topmost penalty, node and move costs, row by row.
  g.evidence.create(H, W, CV_32F);
  g.wall.create(H, W, CV_32F);
  t.node.create(H, W, CV_32F);
  t.move.create(H, W, CV_32F);
  t.ptop.assign(W, 0.f);
  // Options as locals: stores through float pointers could otherwise alias them, which stops the
  // compiler from vectorising the loops below.
  const int gap = opt.topmost_gap;
  const float top_w = opt.topmost_weight, top_floor = opt.topmost_floor, masked_cost = opt.masked_cost;
  const float step_min = opt.step_min, wall_w = opt.wall_weight;
  for (int y = 0; y < H; ++y) {
    const float* e = t.edge.ptr<float>(y);
    const float* s = t.step.ptr<float>(y);
    const float* gx = t.gx.ptr<float>(y);
    const unsigned char* m = g.masked.ptr<unsigned char>(y);
    float* ev = g.evidence.ptr<float>(y);
    float* wall = g.wall.ptr<float>(y);
    float* nc = t.node.ptr<float>(y);
    float* mc = t.move.ptr<float>(y);
    float* ptop = t.ptop.data();
    if (y >= gap) {  // strongest evidence at least `gap` rows higher up
      const float* ev_up = g.evidence.ptr<float>(y - gap);
      const unsigned char* m_up = g.masked.ptr<unsigned char>(y - gap);
      for (int x = 0; x < W; ++x) ptop[x] = std::max(ptop[x], ev_up[x] * static_cast<float>(m_up[x] == 0));
    }
    for (int x = 0; x < W; ++x) {  // branch-free so that it vectorises
      const float evidence = clamp01(e[x] * inv_e) * clamp01(s[x] * inv_s);
      const float w = std::max(clamp01(std::fabs(gx[x]) * inv_w), evidence);
      const float pen = top_w * std::max(ptop[x] - top_floor, 0.f);
      const float masked = static_cast<float>(m[x] != 0);
      ev[x] = evidence;
      wall[x] = w;
      nc[x] = (1.f - evidence) + masked * (masked_cost - 1.f + evidence) + pen;
      mc[x] = step_min + wall_w * ((1.f - w) + masked * w) + pen;
    }
  }
  to_column_major(t.node, t.transposed, g.node_cost);
  to_column_major(t.move, t.transposed, g.move_cost);
}

}  // namespace octgate::ilm
