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
  static constexpr int kMaxRadius = 16;  // smooth4 is used up to this radius

  ColumnSmoother(const cv::Mat& img, float sigma) : img_(img) {
    radius_ = std::max(1, static_cast<int>(std::ceil(3.f * sigma)));
    weights_.resize(2 * radius_ + 1);
    float sum = 0.f;
    for (int k = -radius_; k <= radius_; ++k) sum += weights_[k + radius_] = std::exp(-0.5f * k * k / (sigma * sigma));
    for (float& w : weights_) w /= sum;
  }
  int radius() const { return radius_; }

  // Four neighbouring columns x..x+3 at once (x - radius >= 0, x + 3 + radius < cols): out[4 i + j]
  // = smoothed value at (y0 + i, x + j). Each value is summed in the same order as smooth() (tap
  // by tap, horizontally then vertically), so the results are identical, but four columns share
  // every row read and the lanes vectorise.
  void smooth4(int x, int y0, int y1, std::vector<float>& out) {
    const int H = img_.rows;
    const int r0 = y0 - radius_, r1 = y1 + radius_, taps = 2 * radius_ + 1;
    horizontal_.resize(4 * static_cast<size_t>(r1 - r0));
    float f[4 + 2 * kMaxRadius];
    for (int r = r0; r < r1; ++r) {
      const unsigned char* q = img_.ptr<unsigned char>(std::clamp(r, 0, H - 1)) + x - radius_;
      for (int k = 0; k < taps + 3; ++k) f[k] = q[k];
      float acc[4] = {0.f, 0.f, 0.f, 0.f};
      for (int k = 0; k < taps; ++k)
        for (int j = 0; j < 4; ++j) acc[j] += weights_[k] * f[k + j];
      for (int j = 0; j < 4; ++j) horizontal_[4 * static_cast<size_t>(r - r0) + j] = acc[j];
    }
    out.resize(4 * static_cast<size_t>(y1 - y0));
    for (int y = y0; y < y1; ++y) {
      const float* h = &horizontal_[4 * static_cast<size_t>(y - y0)];
      float acc[4] = {0.f, 0.f, 0.f, 0.f};
      for (int k = 0; k < taps; ++k)
        for (int j = 0; j < 4; ++j) acc[j] += weights_[k] * h[4 * k + j];
      for (int j = 0; j < 4; ++j) out[4 * static_cast<size_t>(y - y0) + j] = acc[j];
    }
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
    best = std::max(best, lo == hi ? ev : std::max(ev, g.wall(y, xc)));
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
  // No mask (the scan has no no-data pixel): read a zero row instead, with step 0.
  thread_local std::vector<unsigned char> no_mask;
  if (mask.empty()) no_mask.assign(W, 0);
  const unsigned char* m = mask.empty() ? no_mask.data() : mask.ptr<unsigned char>(0);
  const size_t mstep = mask.empty() ? 0 : mask.step;

  // Plan every column first (search rows, centre), then smooth groups of four neighbouring
  // columns together where their row ranges nearly agree (flat stretches), else column by column.
  struct Plan {
    int lo = 0, hi = -1, xc = 0;  // rows searched; lo > hi: no search in this column
    float centre = 0.f;
    const PathSegment* seg = nullptr;
  };
  thread_local std::vector<Plan> plans;
  plans.assign(W, Plan{});
  for (int x = 0; x < W; ++x) {
    if (!has_data[x]) continue;
    // Coarse node (xc, yc) sits on full-res pixel (2 xc, 2 yc).
    const float fx = 0.5f * x;
    const int xa = std::min(static_cast<int>(fx), g.cols - 1);
    const int xb = std::min(xa + 1, g.cols - 1);
    const float t = fx - xa;
    const PathSegment& a = path[xa];
    const PathSegment& b = path[xb];
    Plan& pl = plans[x];
    pl.seg = t < 0.5f ? &a : &b;
    pl.xc = t < 0.5f ? xa : xb;
    int lo, hi;
    if (a.entry == a.exit && b.entry == b.exit && std::abs(a.exit - b.exit) <= 1) {
      pl.centre = 2.f * ((1.f - t) * a.exit + t * b.exit);
      lo = static_cast<int>(std::floor(pl.centre)) - opt.search_radius;
      hi = static_cast<int>(std::ceil(pl.centre)) + opt.search_radius;
    } else {  // on a wall: search the whole vertical extent the path covers here
      const int s_lo = std::min({a.entry, a.exit, b.entry, b.exit});
      const int s_hi = std::max({a.entry, a.exit, b.entry, b.exit});
      pl.centre = 2.f * pl.seg->exit;
      lo = 2 * s_lo - opt.search_radius;
      hi = 2 * s_hi + opt.search_radius;
    }
    pl.lo = std::max(lo, 2);
    pl.hi = std::min(hi, H - 3);
  }

  // Column x from its smoothed values: sm(r) for rows pl.lo - 2 .. pl.hi + 2.
  auto finish = [&](int x, const float* smp, int stride, int base_row) {
    const Plan& pl = plans[x];
    const int lo = pl.lo, hi = pl.hi;
    const float centre = pl.centre;
    auto sm_at = [&](int r) { return smp[static_cast<size_t>(r - base_row) * stride]; };
    auto grad = [&](int y) { return sm_at(y + 1) - sm_at(y - 1); };
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
    if (m[static_cast<int>(std::lround(y_ilm)) * mstep + x]) return;
    row[x] = y_ilm;
    confidence[x] = trust * clamp01(segment_evidence(g, *pl.seg, pl.xc));
  };

  const int R = smoother.radius();
  for (int x = 0; x < W;) {
    if (x % 4 == 0 && x - R >= 0 && x + 3 + R < W && R <= ColumnSmoother::kMaxRadius) {
      int u_lo = H, u_hi = -1, max_span = 0;
      bool all = true;
      for (int j = 0; j < 4; ++j) {
        const Plan& pl = plans[x + j];
        all = all && pl.lo <= pl.hi;
        u_lo = std::min(u_lo, pl.lo);
        u_hi = std::max(u_hi, pl.hi);
        max_span = std::max(max_span, pl.hi - pl.lo);
      }
      if (all && u_hi - u_lo <= max_span + 4) {  // a shared range costs little extra here
        smoother.smooth4(x, u_lo - 2, u_hi + 3, sm);
        for (int j = 0; j < 4; ++j) finish(x + j, sm.data() + j, 4, u_lo - 2);
        x += 4;
        continue;
      }
    }
    const Plan& pl = plans[x];
    if (pl.lo <= pl.hi) {
      // sm[i] is the smoothed value at row lo - 2 + i.
      smoother.smooth(x, pl.lo - 2, pl.hi + 3, sm);
      finish(x, sm.data(), 1, pl.lo - 2);
    }
    ++x;
  }
}

}  // namespace octgate::ilm
