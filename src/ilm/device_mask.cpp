#include "ilm/device_mask.h"

#include <algorithm>
#include <cstring>

namespace octgate::ilm {
namespace {

// 1 where v is 0 or 255 (v + 1 wraps 255 to 0), else 0. Branch-free on bytes so that loops vectorise.
inline unsigned char extreme(unsigned char v) {
  return static_cast<unsigned char>(static_cast<unsigned char>(v + 1) <= 1);
}

// The mask is written lazily: most scans have no no-data region at all, and then neither the mask
// nor the filled copy is touched.
struct LazyMask {
  cv::Mat& mask;
  int h, w;
  bool any = false;
  int lo = 0, hi = -1;  // rows that may hold a marked pixel (before the margin is added)
  unsigned char* row(int y) {
    if (!any) {
      mask.create(h, w, CV_8UC1);
      mask.setTo(0);
      any = true;
      lo = y;
      hi = y;
    }
    lo = std::min(lo, y);
    hi = std::max(hi, y);
    return mask.ptr<unsigned char>(y);
  }
};

// Marks, per column, the chain of constant 0/255 runs that starts at the top (or bottom) edge: it
// ends at the first pixel that is neither 0 nor 255.
void mark_border_chain(const cv::Mat& gray, LazyMask& mask, bool from_top, std::vector<unsigned char>& open) {
  const int h = gray.rows, w = gray.cols;
  std::fill(open.begin(), open.end(), 1);
  for (int i = 0; i < h; ++i) {
    const int y = from_top ? i : h - 1 - i;
    const unsigned char* __restrict g = gray.ptr<unsigned char>(y);
    unsigned char* __restrict o = open.data();
    unsigned char still_open = 0;
    for (int x = 0; x < w; ++x) {
      o[x] &= extreme(g[x]);
      still_open |= o[x];
    }
    if (!still_open) break;
    unsigned char* __restrict m = mask.row(y);
    for (int x = 0; x < w; ++x) m[x] |= o[x];
  }
}

}  // namespace

std::vector<unsigned char> find_device_mask(const cv::Mat& gray, const DeviceMaskOptions& opt,
                                            cv::Mat& mask, cv::Mat& filled, bool& any_no_data) {
  const int h = gray.rows, w = gray.cols;
  thread_local std::vector<unsigned char> open, run_len, seen, first_val, row_masked, dilated;
  open.resize(w);
  LazyMask lazy{mask, h, w};

  // 1. Chains of constant runs touching the top or the bottom edge (wedges, bands, side columns).
  mark_border_chain(gray, lazy, true, open);
  mark_border_chain(gray, lazy, false, open);

  // 2. Long constant runs anywhere (a vertical run of interior_run identical 0 or 255 pixels).
  // run_len: length (saturating) of the current constant 0/255 run per column. The mask is only
  // touched in rows where some run is long.
  run_len.assign(w, 0);
  const unsigned char L = static_cast<unsigned char>(std::clamp(opt.interior_run, 2, 255));
  for (int y = 0; y < h; ++y) {
    const unsigned char* __restrict g = gray.ptr<unsigned char>(y);
    const unsigned char* __restrict gp = y > 0 ? gray.ptr<unsigned char>(y - 1) : g;
    unsigned char* __restrict len = run_len.data();
    unsigned char long_run = 0;
    for (int x = 0; x < w; ++x) {  // branch-free on bytes so that it vectorises
      const unsigned char v = g[x];
      const unsigned char ext = extreme(v);
      const unsigned char same = static_cast<unsigned char>(ext & (gp[x] == v));
      const unsigned char next = len[x] == 255 ? 255 : static_cast<unsigned char>(len[x] + 1);
      const unsigned char l = same ? next : ext;
      len[x] = l;
      long_run |= static_cast<unsigned char>(l >= L);
    }
    if (!long_run) continue;
    unsigned char* m = lazy.row(y);
    for (int x = 0; x < w; ++x) {
      m[x] |= static_cast<unsigned char>(run_len[x] >= L);
      if (run_len[x] != L) continue;
      for (int k = 1; k < L; ++k) lazy.row(y - k)[x] = 1;  // a run just became long: its earlier rows too
    }
  }

  any_no_data = lazy.any;
  if (!lazy.any) return std::vector<unsigned char>(w, 1);

  // 3. Margin: rows next to no-data are no-data too (exports blend the band edge). A vertical
  // dilation by `margin` rows, only over the rows that can change; row_masked[y]: row y has a
  // marked pixel afterwards.
  const int M = std::max(opt.margin, 0);
  const int d_lo = std::max(lazy.lo - M, 0), d_hi = std::min(lazy.hi + M, h - 1);
  row_masked.assign(h, 0);
  {
    const int n = lazy.hi - lazy.lo + 1;
    dilated.resize(static_cast<size_t>(n) * w);  // copy of the undilated rows lo..hi
    for (int y = lazy.lo; y <= lazy.hi; ++y)
      std::memcpy(&dilated[static_cast<size_t>(y - lazy.lo) * w], mask.ptr<unsigned char>(y), w);
    for (int y = d_lo; y <= d_hi; ++y) {
      unsigned char* __restrict m = mask.ptr<unsigned char>(y);
      std::memset(m, 0, w);
      const int k0 = std::max(y - M, lazy.lo), k1 = std::min(y + M, lazy.hi);
      for (int k = k0; k <= k1; ++k) {
        const unsigned char* __restrict s = &dilated[static_cast<size_t>(k - lazy.lo) * w];
        for (int x = 0; x < w; ++x) m[x] |= s[x];
      }
      unsigned char any = 0;
      for (int x = 0; x < w; ++x) any |= m[x];
      row_masked[y] = any;
    }
  }

  // 4. Fill each no-data pixel with the nearest valid value above it in its column, else below.
  // seen[x]: 0xFF once column x had a valid pixel; first_val[x]: the first valid value.
  filled.create(h, w, CV_8UC1);
  seen.assign(w, 0);
  first_val.assign(w, 0);
  thread_local std::vector<unsigned char> zeros;
  zeros.assign(w, 0);
  const unsigned char* prev = zeros.data();  // the row above (carry: 0 above the first row)
  bool all_seen = false;
  for (int y = 0; y < h; ++y) {
    const unsigned char* __restrict g = gray.ptr<unsigned char>(y);
    unsigned char* __restrict f = filled.ptr<unsigned char>(y);
    if (!row_masked[y] && all_seen) {
      std::memcpy(f, g, w);
      prev = f;
      continue;
    }
    const unsigned char* __restrict m = mask.ptr<unsigned char>(y);
    const unsigned char* __restrict p = prev;
    unsigned char* __restrict sn = seen.data();
    unsigned char* __restrict fv = first_val.data();
    unsigned char all = 0xFF;
    for (int x = 0; x < w; ++x) {
      const unsigned char mm = static_cast<unsigned char>(-m[x]);  // 0xFF where no data
      f[x] = static_cast<unsigned char>((p[x] & mm) | (g[x] & ~mm));
      fv[x] = static_cast<unsigned char>((fv[x] & (sn[x] | mm)) | (g[x] & ~(sn[x] | mm)));
      sn[x] = static_cast<unsigned char>(sn[x] | ~mm);
      all &= sn[x];
    }
    all_seen = all == 0xFF;
    prev = f;
  }
  std::vector<unsigned char> has_data(w);
  for (int x = 0; x < w; ++x) has_data[x] = seen[x] ? 1 : 0;

  // Above the first valid pixel of a column the downward pass had nothing to carry: use the first
  // valid pixel below instead. done[x] (reusing `seen`): column x is past its first valid pixel
  // (columns without data count as done; step 5 replaces them).
  {
    unsigned char* __restrict done = seen.data();
    for (int x = 0; x < w; ++x) done[x] = static_cast<unsigned char>(~done[x]);
    for (int y = 0; y < h; ++y) {
      const unsigned char* __restrict m = mask.ptr<unsigned char>(y);
      unsigned char* __restrict f = filled.ptr<unsigned char>(y);
      const unsigned char* __restrict fv = first_val.data();
      unsigned char all = 0xFF;
      for (int x = 0; x < w; ++x) {
        const unsigned char mm = static_cast<unsigned char>(-m[x]);
        const unsigned char fix = static_cast<unsigned char>(~done[x] & mm);  // still above: fill
        f[x] = static_cast<unsigned char>((fv[x] & fix) | (f[x] & ~fix));
        done[x] = static_cast<unsigned char>(done[x] | ~mm);
        all &= done[x];
      }
      if (all == 0xFF) break;
    }
  }

  // 5. Columns without any data copy the nearest column that has data, so blurs do not see them.
  int first_data = -1;
  for (int x = 0; x < w; ++x) {
    if (has_data[x]) {
      first_data = x;
      break;
    }
  }
  if (first_data < 0) return has_data;
  int last = first_data;
  for (int x = 0; x < w; ++x) {
    if (has_data[x]) {
      last = x;
      continue;
    }
    const int from = x < first_data ? first_data : last;
    for (int y = 0; y < h; ++y) filled.ptr<unsigned char>(y)[x] = filled.ptr<unsigned char>(y)[from];
  }
  return has_data;
}

}  // namespace octgate::ilm
