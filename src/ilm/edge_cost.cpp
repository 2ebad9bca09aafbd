#include "ilm/edge_cost.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <opencv2/imgproc.hpp>
#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

namespace octgate::ilm {
namespace {

// Value selects (not std::min/max, which return references): GCC if-converts these and
// vectorises the loops below; with std::max it reports "control flow in loop" and stays scalar.
inline float max_(float a, float b) { return a > b ? a : b; }
inline float min_(float a, float b) { return a < b ? a : b; }
inline float clamp01(float v) { return min_(max_(v, 0.f), 1.f); }

float median(std::vector<float>& v) {
  if (v.empty()) return 0.f;
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// Coarse no-data mask: node (xc, yc) is no-data if any full-resolution pixel of its 5x5 pyramid
// support (rows 2yc-2..2yc+2, columns 2xc-2..2xc+2) is. Equal to thresholding pyrDown of the mask
// (every tap of the 5x5 kernel is nonzero, and its reflected border taps stay inside the window).
void coarse_mask(const cv::Mat& mask, cv::Mat& out, std::vector<unsigned char>& v,
                 std::vector<unsigned char>& row_any) {
  const int h = mask.rows, w = mask.cols, H = out.rows, W = out.cols;
  row_any.resize(h);  // rows of the mask without any marked pixel are skipped below
  for (int r = 0; r < h; ++r) {
    const unsigned char* __restrict m = mask.ptr<unsigned char>(r);
    unsigned char any = 0;
    for (int x = 0; x < w; ++x) any |= m[x];
    row_any[r] = any;
  }
  v.assign(w + 4, 0);  // v[x + 2]: OR over the support rows of column x; 2 zero columns each side
  for (int yc = 0; yc < H; ++yc) {
    const int r0 = std::max(2 * yc - 2, 0), r1 = std::min(2 * yc + 2, h - 1);
    unsigned char* __restrict o = out.ptr<unsigned char>(yc);
    unsigned char any_row = 0;
    for (int r = r0; r <= r1; ++r) any_row |= row_any[r];
    if (!any_row) {
      std::memset(o, 0, W);
      continue;
    }
    unsigned char* __restrict vr = v.data() + 2;
    std::memset(vr, 0, w);
    for (int r = r0; r <= r1; ++r) {
      if (!row_any[r]) continue;
      const unsigned char* __restrict m = mask.ptr<unsigned char>(r);
      for (int x = 0; x < w; ++x) vr[x] |= m[x];
    }
    const unsigned char* __restrict vp = v.data();  // vp[2 xc + k] is column 2 xc - 2 + k
    for (int xc = 0; xc < W; ++xc) {
      const int b = 2 * xc;
      const unsigned char any = vp[b] | vp[b + 1] | vp[b + 2] | vp[b + 3] | vp[b + 4];
      o[xc] = static_cast<unsigned char>(-(any != 0));
    }
  }
}

// dst[x * dst_stride + i] = src[i * W + x] for rows i < n and columns x < W: a strip of a
// row-major array into a column-major one. 4x4 blocks with SSE2 where possible.
void transpose_strip(const float* __restrict src, int W, int n, float* __restrict dst, int dst_stride) {
  int x = 0;
#if defined(__SSE2__)
  const int n4 = n & ~3;
  for (; x + 4 <= W; x += 4) {
    for (int i = 0; i < n4; i += 4) {
      __m128 r0 = _mm_loadu_ps(src + static_cast<size_t>(i) * W + x);
      __m128 r1 = _mm_loadu_ps(src + static_cast<size_t>(i + 1) * W + x);
      __m128 r2 = _mm_loadu_ps(src + static_cast<size_t>(i + 2) * W + x);
      __m128 r3 = _mm_loadu_ps(src + static_cast<size_t>(i + 3) * W + x);
      _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
      _mm_storeu_ps(dst + static_cast<size_t>(x) * dst_stride + i, r0);
      _mm_storeu_ps(dst + static_cast<size_t>(x + 1) * dst_stride + i, r1);
      _mm_storeu_ps(dst + static_cast<size_t>(x + 2) * dst_stride + i, r2);
      _mm_storeu_ps(dst + static_cast<size_t>(x + 3) * dst_stride + i, r3);
    }
    for (int j = 0; j < 4; ++j)
      for (int i = n4; i < n; ++i)
        dst[static_cast<size_t>(x + j) * dst_stride + i] = src[static_cast<size_t>(i) * W + x + j];
  }
#endif
  for (; x < W; ++x)
    for (int i = 0; i < n; ++i) dst[static_cast<size_t>(x) * dst_stride + i] = src[static_cast<size_t>(i) * W + x];
}

// Per-thread intermediate buffers.
struct Scratch {
  cv::Mat down8, step;
  std::vector<float> e, a, gx, notmasked, ptop, ring, col_edge_max, col_step_max, strip_node, strip_move;
  std::vector<unsigned char> mask_rows, mask_row_any;
};

// Sustained step of coarse row y: s = mean of the Rb rows below - mean of the Ra rows above
// (replicated border). The window rows are summed in one pass per element (fixed window sizes are
// unrolled by the compiler; the general case loops over the rows).
template <int kRb, int kRa>
void step_row_fixed(const cv::Mat& c, int y, float* __restrict s) {
  const int H = c.rows, W = c.cols;
  const float* rb[kRb];
  const float* ra[kRa];
  for (int k = 0; k < kRb; ++k) rb[k] = c.ptr<float>(std::min(y + 1 + k, H - 1));
  for (int k = 0; k < kRa; ++k) ra[k] = c.ptr<float>(std::max(y - 1 - k, 0));
  const float inv_b = 1.f / static_cast<float>(kRb), inv_a = 1.f / static_cast<float>(kRa);
  for (int x = 0; x < W; ++x) {
    float sb = rb[0][x];
    for (int k = 1; k < kRb; ++k) sb += rb[k][x];
    float sa = ra[0][x];
    for (int k = 1; k < kRa; ++k) sa += ra[k][x];
    s[x] = sb * inv_b - sa * inv_a;
  }
}

void step_row(const cv::Mat& c, int y, int Rb, int Ra, float* __restrict s, float* __restrict a) {
  if (Rb == 7 && Ra == 4) return step_row_fixed<7, 4>(c, y, s);  // the defaults
  const int H = c.rows, W = c.cols;
  std::memcpy(s, c.ptr<float>(std::min(y + 1, H - 1)), sizeof(float) * W);
  for (int k = 2; k <= Rb; ++k) {
    const float* __restrict r = c.ptr<float>(std::min(y + k, H - 1));
    for (int x = 0; x < W; ++x) s[x] += r[x];
  }
  std::memcpy(a, c.ptr<float>(std::max(y - 1, 0)), sizeof(float) * W);
  for (int k = 2; k <= Ra; ++k) {
    const float* __restrict r = c.ptr<float>(std::max(y - k, 0));
    for (int x = 0; x < W; ++x) a[x] += r[x];
  }
  const float inv_b = 1.f / static_cast<float>(Rb), inv_a = 1.f / static_cast<float>(Ra);
  for (int x = 0; x < W; ++x) s[x] = s[x] * inv_b - a[x] * inv_a;
}

// Vertical gradient of coarse row y (central difference; 0 on the first and last row).
void edge_row(const cv::Mat& c, int y, float* __restrict e) {
  const int H = c.rows, W = c.cols;
  if (y >= 1 && y + 1 < H) {
    const float* __restrict dn = c.ptr<float>(y + 1);
    const float* __restrict up = c.ptr<float>(y - 1);
    for (int x = 0; x < W; ++x) e[x] = dn[x] - up[x];
  } else {
    std::fill(e, e + W, 0.f);
  }
}

struct CostParams {
  float inv_e, inv_s, inv_w, top_w, top_floor, masked_cost, step_min, wall_w;
};

// One row of pass 2. nm: 1 outside no-data, 0 inside (only read when kMasked; without no-data the
// masked terms add exactly 0 and are left out). All pointers are distinct rows, hence __restrict,
// and the parameters are passed by value: GCC then vectorises the loop.
template <bool kMasked>
void cost_row(int W, const float* __restrict e, const float* __restrict s, const float* __restrict gx,
              const float* __restrict nm, const float* __restrict ptop, float* __restrict ev,
              float* __restrict ring, float* __restrict nc, float* __restrict mc, const CostParams p) {
  for (int x = 0; x < W; ++x) {
    const float evidence = clamp01(e[x] * p.inv_e) * clamp01(s[x] * p.inv_s);
    const float w = max_(clamp01(std::fabs(gx[x]) * p.inv_w), evidence);
    const float pen = p.top_w * max_(ptop[x] - p.top_floor, 0.f);
    ev[x] = evidence;
    if constexpr (kMasked) {
      const float masked = 1.f - nm[x];
      ring[x] = evidence * nm[x];
      nc[x] = (1.f - evidence) + masked * (p.masked_cost - 1.f + evidence) + pen;
      mc[x] = p.step_min + p.wall_w * ((1.f - w) + masked * w) + pen;
    } else {
      ring[x] = evidence;
      nc[x] = (1.f - evidence) + pen;
      mc[x] = p.step_min + p.wall_w * (1.f - w) + pen;
    }
  }
}

// Running column maxima of e and s outside no-data (nm as in cost_row).
template <bool kMasked>
void colmax_row(int W, const float* __restrict e, const float* __restrict s, const float* __restrict nm,
                float* __restrict em, float* __restrict sm, float low) {
  for (int x = 0; x < W; ++x) {
    if constexpr (kMasked) {
      const float off = (1.f - nm[x]) * low;  // nm 1: e * 1 + 0 = e exactly; nm 0: 0 + low = low
      em[x] = max_(em[x], e[x] * nm[x] + off);
      sm[x] = max_(sm[x], s[x] * nm[x] + off);
    } else {
      em[x] = max_(em[x], e[x]);
      sm[x] = max_(sm[x], s[x]);
    }
  }
}

}  // namespace

float CoarseGrid::wall(int y, int x) const {
  const float* c = image.ptr<float>(y);
  const float gx = x >= 1 && x + 1 < cols ? c[x + 1] - c[x - 1] : 0.f;
  return max_(clamp01(std::fabs(gx) * inv_wall), evidence.at<float>(y, x));
}

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
  const bool any_masked = !mask.empty();
  g.masked.create(H, W, CV_8U);
  if (any_masked)
    coarse_mask(mask, g.masked, t.mask_rows, t.mask_row_any);
  else
    g.masked.setTo(0);

  const cv::Mat& c = g.image;
  const int Rb = std::max(opt.below_window, 1), Ra = std::max(opt.above_window, 1);
  t.e.resize(W);
  t.a.resize(W);
  t.gx.resize(W);
  t.notmasked.resize(W);
  float* __restrict e = t.e.data();

  // Pass 1: the raw features (the step is kept), and the scan's scale: the median over columns of the strongest edge and step outside
  // no-data.
  constexpr float kLow = -1e30f;
  t.col_edge_max.assign(W, kLow);
  t.col_step_max.assign(W, kLow);
  t.step.create(H, W, CV_32F);
  for (int y = 0; y < H; ++y) {
    edge_row(c, y, e);
    float* __restrict s = t.step.ptr<float>(y);
    step_row(c, y, Rb, Ra, s, t.a.data());
    float* __restrict em = t.col_edge_max.data();
    float* __restrict sm = t.col_step_max.data();
    if (any_masked) {
      const unsigned char* __restrict m = g.masked.ptr<unsigned char>(y);
      float* __restrict nm = t.notmasked.data();
      for (int x = 0; x < W; ++x) nm[x] = m[x] ? 0.f : 1.f;
      colmax_row<true>(W, e, s, nm, em, sm, kLow);
    } else {
      colmax_row<false>(W, e, s, nullptr, em, sm, kLow);
    }
  }
  t.col_edge_max.erase(std::remove(t.col_edge_max.begin(), t.col_edge_max.end(), kLow), t.col_edge_max.end());
  t.col_step_max.erase(std::remove(t.col_step_max.begin(), t.col_step_max.end(), kLow), t.col_step_max.end());
  g.edge_ref = std::max(median(t.col_edge_max), opt.min_edge);
  g.step_ref = std::max(median(t.col_step_max), opt.min_step);
  const float inv_e = 1.f / (opt.edge_scale * g.edge_ref);
  const float inv_s = 1.f / (opt.step_scale * g.step_ref);
  const float inv_w = 1.f / (opt.wall_scale * g.edge_ref);
  g.inv_wall = inv_w;

  // Pass 2: normalised evidence, topmost penalty, node and move costs, row by row (the vertical
  // gradient is recomputed, the step is kept from pass 1). The costs go to column-major arrays through a
  // strip of kStrip rows, transposed when full, so that all writes stay cache-friendly.
  g.evidence.create(H, W, CV_32F);
  const int padded = (H + 15) & ~15;  // whole 64-byte lines per column (cv::Mat data is 64-aligned)
  g.node_cost.create(W, padded, CV_32F);
  g.move_cost.create(W, padded, CV_32F);
  constexpr int kStrip = 16;
  t.strip_node.resize(static_cast<size_t>(kStrip) * W);
  t.strip_move.resize(static_cast<size_t>(kStrip) * W);
  t.ptop.assign(W, 0.f);
  const int gap = std::max(opt.topmost_gap, 1);
  t.ring.assign(static_cast<size_t>(gap) * W, 0.f);  // evidence outside no-data of the last `gap` rows
  const CostParams params{inv_e,           inv_s,           inv_w,        opt.topmost_weight,
                          opt.topmost_floor, opt.masked_cost, opt.step_min, opt.wall_weight};
  float* __restrict gxr = t.gx.data();
  float* __restrict nm = t.notmasked.data();
  float* __restrict ptop = t.ptop.data();
  for (int y = 0; y < H; ++y) {
    edge_row(c, y, e);
    const float* __restrict s = t.step.ptr<float>(y);
    const float* __restrict cy = c.ptr<float>(y);
    gxr[0] = 0.f;
    gxr[W - 1] = 0.f;
    for (int x = 1; x + 1 < W; ++x) gxr[x] = cy[x + 1] - cy[x - 1];
    float* __restrict ring = &t.ring[static_cast<size_t>(y % gap) * W];  // holds row y - gap
    if (y >= gap)  // strongest evidence at least `gap` rows higher up
      for (int x = 0; x < W; ++x) ptop[x] = max_(ptop[x], ring[x]);
    float* __restrict ev = g.evidence.ptr<float>(y);
    float* __restrict nc = &t.strip_node[static_cast<size_t>(y % kStrip) * W];
    float* __restrict mc = &t.strip_move[static_cast<size_t>(y % kStrip) * W];
    if (any_masked) {
      const unsigned char* __restrict m = g.masked.ptr<unsigned char>(y);
      for (int x = 0; x < W; ++x) nm[x] = m[x] ? 0.f : 1.f;
      cost_row<true>(W, e, s, gxr, nm, ptop, ev, ring, nc, mc, params);
    } else {
      cost_row<false>(W, e, s, gxr, nullptr, ptop, ev, ring, nc, mc, params);
    }
    if (y % kStrip == kStrip - 1 || y == H - 1) {  // transpose the strip into the column-major arrays
      const int y0 = y - y % kStrip, n = y - y0 + 1;
      transpose_strip(t.strip_node.data(), W, n, g.node_cost.ptr<float>(0) + y0, padded);
      transpose_strip(t.strip_move.data(), W, n, g.move_cost.ptr<float>(0) + y0, padded);
    }
  }
}

}  // namespace octgate::ilm
