#include "ilm/subpixel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace octgate::ilm {
namespace {

float clamp01(float v) { return v < 0.f ? 0.f : (v > 1.f ? 1.f : v); }

// Gaussian smoothing of a few rows of one column of an 8-bit image (separable, replicated border).
class ColumnSmoother {
 public:
  ColumnSmoother(const cv::Mat& img, float sigma) : img_(img) {
    radius_ = std::max(1, static_cast<int>(std::ceil(3.f * sigma)));
    weights_.resize(2 * radius_ + 1);
    float sum = 0.f;
    for (int k = -radius_; k <= radius_; ++k) sum += weights_[k + radius_] = std::exp(-0.5f * k * k / (sigma * sigma));
    for (float& w : weights_) w /= sum;
  }
  // out[i] = smoothed value at (y0 + i, x) for y0 <= y < y1.
  void smooth(int x, int y0, int y1, std::vector<float>& out) {
    const int H = img_.rows, W = img_.cols;
    const int r0 = y0 - radius_, r1 = y1 + radius_;
    horizontal_.resize(r1 - r0);
    const bool inside = x - radius_ >= 0 && x + radius_ < W;
    for (int r = r0; r < r1; ++r) {
      const unsigned char* p = img_.ptr<unsigned char>(std::clamp(r, 0, H - 1));
      float acc = 0.f;
      if (inside) {
        const unsigned char* q = p + x - radius_;
        for (int k = 0; k <= 2 * radius_; ++k) acc += weights_[k] * q[k];
      } else {
        for (int k = -radius_; k <= radius_; ++k) acc += weights_[k + radius_] * p[std::clamp(x + k, 0, W - 1)];
      }
      horizontal_[r - r0] = acc;
    }
    out.resize(y1 - y0);
    for (int y = y0; y < y1; ++y) {
      const float* q = &horizontal_[y - y0];
      float acc = 0.f;
      for (int k = 0; k <= 2 * radius_; ++k) acc += weights_[k] * q[k];
      out[y - y0] = acc;
    }
  }

 private:
  const cv::Mat& img_;
  int radius_;
  std::vector<float> weights_;
  std::vector<float> horizontal_;
};

// Coarse-grid evidence that the path's segment in coarse column xc is the ILM: the node evidence,
// or on a wall (a segment spanning several rows) the wall evidence.
float segment_evidence(const CoarseGrid& g, const PathSegment& seg, int xc) {
  const int lo = std::min(seg.entry, seg.exit), hi = std::max(seg.entry, seg.exit);
  float best = 0.f;
  for (int y = lo; y <= hi; ++y) {
    if (g.masked.at<unsigned char>(y, xc)) continue;
    const float ev = g.evidence.at<float>(y, xc);
    best = std::max(best, lo == hi ? ev : std::max(ev, g.wall.at<float>(y, xc)));
  }
  return best;
}

}  // namespace

void refine_boundary(const cv::Mat& filled, const cv::Mat& mask, const CoarseGrid& g,
                     const std::vector<PathSegment>& path, const std::vector<unsigned char>& has_data,
                     const RefineOptions& opt, std::vector<float>& row, std::vector<float>& confidence) {
  const int W = filled.cols, H = filled.rows;
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  row.assign(W, kNaN);
  confidence.assign(W, 0.f);
  if (g.cols == 0 || H < 5) return;
  thread_local std::vector<float> sm;
  ColumnSmoother smoother(filled, opt.sigma);
  const unsigned char* m = mask.ptr<unsigned char>(0);
  const size_t mstep = mask.step;

  for (int x = 0; x < W; ++x) {
    if (!has_data[x]) continue;
    // Coarse node (xc, yc) sits on full-res pixel (2 xc, 2 yc).
    const float fx = 0.5f * x;
    const int xa = std::min(static_cast<int>(fx), g.cols - 1);
    const int xb = std::min(xa + 1, g.cols - 1);
    const float t = fx - xa;
    const PathSegment& a = path[xa];
    const PathSegment& b = path[xb];
    const PathSegment& seg = t < 0.5f ? a : b;
    const int xc = t < 0.5f ? xa : xb;
    float centre;
    int lo, hi;
    if (a.entry == a.exit && b.entry == b.exit && std::abs(a.exit - b.exit) <= 1) {
      centre = 2.f * ((1.f - t) * a.exit + t * b.exit);
      lo = static_cast<int>(std::floor(centre)) - opt.search_radius;
      hi = static_cast<int>(std::ceil(centre)) + opt.search_radius;
    } else {  // on a wall: search the whole vertical extent the path covers here
      const int s_lo = std::min({a.entry, a.exit, b.entry, b.exit});
      const int s_hi = std::max({a.entry, a.exit, b.entry, b.exit});
      centre = 2.f * seg.exit;
      lo = 2 * s_lo - opt.search_radius;
      hi = 2 * s_hi + opt.search_radius;
    }
    lo = std::max(lo, 2);
    hi = std::min(hi, H - 3);
    if (lo > hi) continue;
    // sm[i] is the smoothed value at row lo - 2 + i.
    smoother.smooth(x, lo - 2, hi + 3, sm);
    auto grad = [&](int y) { return sm[y - lo + 3] - sm[y - lo + 1]; };
    int best_y = -1;
    float best = 0.f;
    for (int y = lo; y <= hi; ++y) {
      if (m[(y - 1) * mstep + x] | m[y * mstep + x] | m[(y + 1) * mstep + x]) continue;
      const float score = grad(y) * (1.f - 0.04f * std::fabs(y - centre));
      if (score > best) {
        best = score;
        best_y = y;
      }
    }
    float y_sub;
    float trust = 1.f;
    if (best_y < 0) {  // no rise at all near the path (e.g. a faint wall): keep the coarse row
      y_sub = std::clamp(centre, static_cast<float>(lo), static_cast<float>(hi)) - opt.convention_offset;
      trust = 0.5f;
    } else {
      y_sub = static_cast<float>(best_y);
      if (best_y > lo - 1 && best_y < hi + 1) {
        const float g0 = grad(best_y - 1), g1 = grad(best_y), g2 = grad(best_y + 1);
        const float den = g0 - 2.f * g1 + g2;
        if (den < 0.f) y_sub += std::clamp(0.5f * (g0 - g2) / den, -0.5f, 0.5f);
      }
    }
    const float y_ilm = std::clamp(y_sub + opt.convention_offset, 0.f, static_cast<float>(H - 1));
    if (m[static_cast<int>(std::lround(y_ilm)) * mstep + x]) continue;
    row[x] = y_ilm;
    confidence[x] = trust * clamp01(segment_evidence(g, seg, xc));
  }
}

}  // namespace octgate::ilm
