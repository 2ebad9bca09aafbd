#include "ilm/edge_cost.h"

#include <algorithm>
#include <cmath>

namespace octgate::ilm {
namespace {

float clamp01(float v) { return v < 0.f ? 0.f : (v > 1.f ? 1.f : v); }

float median(std::vector<float>& v) {
  if (v.empty()) return 0.f;
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

void downsample(const cv::Mat& smooth, const cv::Mat& mask, CoarseGrid& g) {
  const int h = smooth.rows, w = smooth.cols;
  for (int yc = 0; yc < g.rows; ++yc) {
    const int y0 = 2 * yc, y1 = std::min(y0 + 1, h - 1);
    const float* a = smooth.ptr<float>(y0);
    const float* b = smooth.ptr<float>(y1);
    const unsigned char* ma = mask.ptr<unsigned char>(y0);
    const unsigned char* mb = mask.ptr<unsigned char>(y1);
    for (int xc = 0; xc < g.cols; ++xc) {
      const int x0 = 2 * xc, x1 = std::min(x0 + 1, w - 1);
      const size_t i = static_cast<size_t>(xc) * g.rows + yc;
      g.image[i] = 0.25f * (a[x0] + a[x1] + b[x0] + b[x1]);
      g.masked[i] = (ma[x0] | ma[x1] | mb[x0] | mb[x1]) ? 1 : 0;
    }
  }
}

}  // namespace

void build_coarse_grid(const cv::Mat& smooth, const cv::Mat& mask, const EdgeCostOptions& opt,
                       CoarseGrid& g) {
  g.cols = (smooth.cols + 1) / 2;
  g.rows = (smooth.rows + 1) / 2;
  const int W = g.cols, H = g.rows;
  const size_t n = static_cast<size_t>(W) * H;
  g.image.resize(n);
  g.masked.resize(n);
  g.edge.resize(n);
  g.step.resize(n);
  g.wall.resize(n);
  g.node_cost.resize(n);
  g.move_cost.resize(n);
  downsample(smooth, mask, g);

  thread_local std::vector<float> prefix, col_edge_max, col_step_max, raw_step;
  prefix.resize(H + 1);
  raw_step.resize(n);
  col_edge_max.clear();
  col_step_max.clear();

  // Pass 1: raw gradient and window step per node, and per-column maxima for the scan's scale.
  for (int x = 0; x < W; ++x) {
    const float* c = &g.image[static_cast<size_t>(x) * H];
    const unsigned char* m = &g.masked[static_cast<size_t>(x) * H];
    float* e = &g.edge[static_cast<size_t>(x) * H];
    float* s = &raw_step[static_cast<size_t>(x) * H];
    prefix[0] = 0.f;
    for (int y = 0; y < H; ++y) prefix[y + 1] = prefix[y] + c[y];
    float emax = 0.f, smax = 0.f;
    bool any = false;
    for (int y = 0; y < H; ++y) {
      const float up = c[y > 0 ? y - 1 : 0], down = c[y + 1 < H ? y + 1 : H - 1];
      e[y] = down - up;
      const int b1 = std::min(y + 1, H), b2 = std::min(y + 1 + opt.below_window, H);
      const int a1 = std::max(y - opt.above_window, 0), a2 = y;
      const float below = b2 > b1 ? (prefix[b2] - prefix[b1]) / float(b2 - b1) : c[y];
      const float above = a2 > a1 ? (prefix[a2] - prefix[a1]) / float(a2 - a1) : c[y];
      s[y] = below - above;
      if (!m[y]) {
        any = true;
        emax = std::max(emax, e[y]);
        smax = std::max(smax, s[y]);
      }
    }
    if (any) {
      col_edge_max.push_back(emax);
      col_step_max.push_back(smax);
    }
  }
  g.edge_ref = std::max(median(col_edge_max), opt.min_edge);
  g.step_ref = std::max(median(col_step_max), opt.min_step);
  const float inv_e = 1.f / (opt.edge_scale * g.edge_ref);
  const float inv_s = 1.f / (opt.step_scale * g.step_ref);

  // Pass 2: normalised evidence, topmost penalty, node and move costs.
  for (int x = 0; x < W; ++x) {
    const size_t base = static_cast<size_t>(x) * H;
    const float* c = &g.image[base];
    const float* cl = &g.image[static_cast<size_t>(x > 0 ? x - 1 : 0) * H];
    const float* cr = &g.image[static_cast<size_t>(x + 1 < W ? x + 1 : W - 1) * H];
    const unsigned char* m = &g.masked[base];
    float* e = &g.edge[base];
    float* s = &g.step[base];
    const float* rs = &raw_step[base];
    float* wall = &g.wall[base];
    float* nc = &g.node_cost[base];
    float* mc = &g.move_cost[base];
    float ptop = 0.f;  // max S over rows <= y - gap
    for (int y = 0; y < H; ++y) {
      if (y >= opt.topmost_gap) {
        const int yy = y - opt.topmost_gap;
        if (!m[yy]) ptop = std::max(ptop, e[yy] * s[yy]);
      }
      const float ev = clamp01(e[y] * inv_e);
      const float sv = clamp01(rs[y] * inv_s);
      e[y] = ev;
      s[y] = sv;
      const float gx = std::fabs(cr[y] - cl[y]);
      wall[y] = clamp01(gx * inv_e) * sv > ev * sv ? clamp01(gx * inv_e) * sv : ev * sv;
      const float pen = opt.topmost_weight * std::max(0.f, ptop - opt.topmost_floor);
      if (m[y]) {
        nc[y] = opt.masked_cost + pen;
        mc[y] = opt.step_min + 1.f + pen;
      } else {
        nc[y] = 1.f - ev * sv + pen;
        mc[y] = opt.step_min + (1.f - wall[y]) + pen;
      }
    }
  }
}

}  // namespace octgate::ilm
