#include "ilm/subpixel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace octgate::ilm {
namespace {

float clamp01(float v) { return v < 0.f ? 0.f : (v > 1.f ? 1.f : v); }

// Coarse-grid evidence that the path's segment in coarse column xc is the ILM: the best of the
// local edge and the wall evidence, each times the sustained step.
float segment_evidence(const CoarseGrid& g, const PathSegment& seg, int xc) {
  const int lo = std::min(seg.entry, seg.exit), hi = std::max(seg.entry, seg.exit);
  const size_t base = static_cast<size_t>(xc) * g.rows;
  float best = 0.f;
  for (int y = lo; y <= hi; ++y) {
    if (g.masked[base + y]) continue;
    best = std::max(best, std::max(g.edge[base + y] * g.step[base + y], g.wall[base + y]));
  }
  return best;
}

}  // namespace

void refine_boundary(const cv::Mat& smooth, const cv::Mat& mask, const CoarseGrid& g,
                     const std::vector<PathSegment>& path, const std::vector<unsigned char>& has_data,
                     const RefineOptions& opt, std::vector<float>& row, std::vector<float>& confidence) {
  const int W = smooth.cols, H = smooth.rows;
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  row.assign(W, kNaN);
  confidence.assign(W, 0.f);
  if (g.cols == 0) return;
  const size_t step = smooth.step1();
  const float* s = smooth.ptr<float>(0);
  const unsigned char* m = mask.ptr<unsigned char>(0);
  const size_t mstep = mask.step;

  for (int x = 0; x < W; ++x) {
    if (!has_data[x]) continue;
    const int xc = std::min(x / 2, g.cols - 1);
    const PathSegment& seg = path[xc];
    // Coarse row centre of the path at this column, interpolated between coarse column centres
    // when the path is not on a wall (a wall column keeps its whole vertical segment).
    const int seg_lo = std::min(seg.entry, seg.exit), seg_hi = std::max(seg.entry, seg.exit);
    float centre;
    int lo, hi;
    if (seg_lo == seg_hi) {
      const float fx = (x - 0.5f) / 2.f;  // coarse column coordinate of this full column
      const int xa = std::clamp(static_cast<int>(std::floor(fx)), 0, g.cols - 1);
      const int xb = std::min(xa + 1, g.cols - 1);
      const float t = std::clamp(fx - xa, 0.f, 1.f);
      const PathSegment& a = path[xa];
      const PathSegment& b = path[xb];
      const bool flat = a.entry == a.exit && b.entry == b.exit && std::abs(a.exit - b.exit) <= 1;
      const float yc = flat ? (1 - t) * a.exit + t * b.exit : static_cast<float>(seg.exit);
      centre = 2.f * yc + 0.5f;
      lo = static_cast<int>(std::floor(centre)) - opt.search_radius;
      hi = static_cast<int>(std::ceil(centre)) + opt.search_radius;
    } else {
      centre = 2.f * seg.exit + 0.5f;
      lo = 2 * seg_lo - opt.search_radius;
      hi = 2 * seg_hi + 1 + opt.search_radius;
    }
    lo = std::max(lo, 1);
    hi = std::min(hi, H - 2);
    // Strongest rise in [lo, hi], away from no-data pixels, mildly preferring the coarse centre.
    int best_y = -1;
    float best = 0.f;
    for (int y = lo; y <= hi; ++y) {
      if (m[(y - 1) * mstep + x] | m[y * mstep + x] | m[(y + 1) * mstep + x]) continue;
      const float gy = s[(y + 1) * step + x] - s[(y - 1) * step + x];
      const float score = gy * (1.f - 0.04f * std::fabs(y - centre));
      if (score > best) {
        best = score;
        best_y = y;
      }
    }
    if (best_y < 0) continue;
    float y_sub = static_cast<float>(best_y);
    if (best_y - 2 >= 0 && best_y + 2 < H) {
      const float g0 = s[(best_y) * step + x] - s[(best_y - 2) * step + x];
      const float g1 = s[(best_y + 1) * step + x] - s[(best_y - 1) * step + x];
      const float g2 = s[(best_y + 2) * step + x] - s[(best_y) * step + x];
      const float den = g0 - 2.f * g1 + g2;
      if (den < 0.f) y_sub += std::clamp(0.5f * (g0 - g2) / den, -0.5f, 0.5f);
    }
    const float y_ilm = std::clamp(y_sub + opt.convention_offset, 0.f, static_cast<float>(H - 1));
    const int yi = static_cast<int>(std::lround(y_ilm));
    if (m[yi * mstep + x]) continue;
    row[x] = y_ilm;
    confidence[x] = clamp01(segment_evidence(g, seg, xc));
  }
}

}  // namespace octgate::ilm
