#include "ilm/device_mask.h"

#include <algorithm>
#include <cstring>

namespace octgate::ilm {
namespace {

// 1 where v is 0 or 255 (v + 1 wraps 255 to 0), else 0. Branch-free on bytes so that loops vectorise.
inline unsigned char extreme(unsigned char v) {
  return static_cast<unsigned char>(static_cast<unsigned char>(v + 1) <= 1);
}

// The mask is written lazily: a scan without any no-data pixel touches neither the mask nor the
// filled copy; `lo`/`hi` bound the rows the dilation has to look at.
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
// ends at the first pixel that is neither 0 nor 255. Row by row while many columns are open; once
// only a few are (typically black side columns, whose chain spans the whole height), column by
// column for those.
void mark_border_chain(const cv::Mat& gray, LazyMask& mask, bool from_top, std::vector<unsigned char>& open) {
  const int h = gray.rows, w = gray.cols;
  std::fill(open.begin(), open.end(), 1);
  int i = 0;
  for (; i < h; ++i) {
    const int y = from_top ? i : h - 1 - i;
    const unsigned char* __restrict g = gray.ptr<unsigned char>(y);
    unsigned char* __restrict o = open.data();
    int n_open = 0;
    for (int x = 0; x < w; ++x) {
      o[x] &= extreme(g[x]);
      n_open += o[x];
    }
    if (!n_open) return;
    unsigned char* __restrict m = mask.row(y);
    for (int x = 0; x < w; ++x) m[x] |= o[x];
    if (16 * n_open < w) break;
  }
  for (int x = 0; x < w; ++x) {  // the few columns still open after row i
    if (!open[x]) continue;
    for (int k = i + 1; k < h; ++k) {
      const int y = from_top ? k : h - 1 - k;
      if (!extreme(gray.ptr<unsigned char>(y)[x])) break;
      mask.row(y)[x] = 1;
    }
  }
}

// The loops below are separate functions with __restrict rows so that GCC vectorises them on bytes.

// m |= (len >= L); returns whether some run reached exactly L in this row (needs a backfill).
unsigned char mark_long_runs(int w, const unsigned char* __restrict len, unsigned char L,
                             unsigned char* __restrict m) {
  unsigned char reached = 0;
  for (int x = 0; x < w; ++x) {
    m[x] |= static_cast<unsigned char>(len[x] >= L);
    reached |= static_cast<unsigned char>(len[x] == L);
  }
  return reached;
}

// One row of the fill: f = m ? p : g (p: the filled row above).
void fill_row(int w, const unsigned char* __restrict g, const unsigned char* __restrict m,
              const unsigned char* __restrict p, unsigned char* __restrict f) {
  for (int x = 0; x < w; ++x) {
    const unsigned char mm = static_cast<unsigned char>(-m[x]);  // 0xFF where no data
    f[x] = static_cast<unsigned char>((p[x] & mm) | (g[x] & ~mm));
  }
}

// The same, while some column has not met its first valid pixel yet: seen (0/0xFF) and
// first_val (the first valid value) are updated too. Returns the AND of seen.
unsigned char fill_row_tracking(int w, const unsigned char* __restrict g, const unsigned char* __restrict m,
                                const unsigned char* __restrict p, unsigned char* __restrict f,
                                unsigned char* __restrict seen, unsigned char* __restrict first_val) {
  unsigned char all = 0xFF;
  for (int x = 0; x < w; ++x) {
    const unsigned char mm = static_cast<unsigned char>(-m[x]);
    const unsigned char keep = static_cast<unsigned char>(seen[x] | mm);
    f[x] = static_cast<unsigned char>((p[x] & mm) | (g[x] & ~mm));
    first_val[x] = static_cast<unsigned char>((first_val[x] & keep) | (g[x] & ~keep));
    seen[x] = static_cast<unsigned char>(seen[x] | ~mm);
    all &= seen[x];
  }
  return all;
}

// Above the first valid pixel of a column: f = first_val where no data and the column is not done
// yet; done |= valid. Returns the AND of done.
unsigned char fix_top_row(int w, const unsigned char* __restrict m, const unsigned char* __restrict first_val,
                          unsigned char* __restrict f, unsigned char* __restrict done) {
  unsigned char all = 0xFF;
  for (int x = 0; x < w; ++x) {
    const unsigned char mm = static_cast<unsigned char>(-m[x]);
    const unsigned char fix = static_cast<unsigned char>(~done[x] & mm);
    f[x] = static_cast<unsigned char>((first_val[x] & fix) | (f[x] & ~fix));
    done[x] = static_cast<unsigned char>(done[x] | ~mm);
    all &= done[x];
  }
  return all;
}

// m = OR of the given rows; returns the OR over m (whether the row has a marked pixel).
constexpr int kMaxDilation = 8;
unsigned char or_rows5(int w, const unsigned char* const* src, unsigned char* __restrict m) {
  const unsigned char* __restrict s0 = src[0];
  const unsigned char* __restrict s1 = src[1];
  const unsigned char* __restrict s2 = src[2];
  const unsigned char* __restrict s3 = src[3];
  const unsigned char* __restrict s4 = src[4];
  unsigned char any = 0;
  for (int x = 0; x < w; ++x) {
    m[x] = static_cast<unsigned char>(s0[x] | s1[x] | s2[x] | s3[x] | s4[x]);
    any |= m[x];
  }
  return any;
}

unsigned char or_rows(int w, const unsigned char* const* src, int n, unsigned char* __restrict m) {
  std::memcpy(m, src[0], w);
  for (int k = 1; k < n; ++k) {
    const unsigned char* __restrict s = src[k];
    for (int x = 0; x < w; ++x) m[x] |= s[x];
  }
  unsigned char any = 0;
  for (int x = 0; x < w; ++x) any |= m[x];
  return any;
}

// colall &= m (bytes 0/1).
void and_row(int w, const unsigned char* __restrict m, unsigned char* __restrict colall) {
  for (int x = 0; x < w; ++x) colall[x] &= m[x];
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
    if (!mark_long_runs(w, run_len.data(), L, lazy.row(y))) continue;
    for (int x = 0; x < w; ++x) {
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
    dilated.resize(static_cast<size_t>(n + 1) * w);  // copy of the undilated rows lo..hi, then a zero row
    for (int y = lazy.lo; y <= lazy.hi; ++y)
      std::memcpy(&dilated[static_cast<size_t>(y - lazy.lo) * w], mask.ptr<unsigned char>(y), w);
    const unsigned char* zero_row = &dilated[static_cast<size_t>(n) * w];
    std::memset(&dilated[static_cast<size_t>(n) * w], 0, w);
    const unsigned char* src[kMaxDilation * 2 + 1];
    if (M <= kMaxDilation) {
      for (int y = d_lo; y <= d_hi; ++y) {
        for (int k = -M; k <= M; ++k) {
          const int r = y + k;
          src[k + M] = r >= lazy.lo && r <= lazy.hi ? &dilated[static_cast<size_t>(r - lazy.lo) * w] : zero_row;
        }
        row_masked[y] = M == 2 ? or_rows5(w, src, mask.ptr<unsigned char>(y))
                               : or_rows(w, src, 2 * M + 1, mask.ptr<unsigned char>(y));
      }
    } else {
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
  }

  // Columns with any valid pixel: all of them if some row is free of no-data, else those not
  // no-data in every row.
  std::vector<unsigned char> has_data(w, 1);
  if (d_lo == 0 && d_hi == h - 1) {
    std::vector<unsigned char>& colall = seen;  // scratch
    colall.assign(w, 1);
    for (int y = 0; y < h; ++y) and_row(w, mask.ptr<unsigned char>(y), colall.data());
    for (int x = 0; x < w; ++x) has_data[x] = static_cast<unsigned char>(!colall[x]);
  }

  // 4. Fill each no-data pixel with the nearest valid value above it in its column, else below.
  // seen[x]: 0xFF once column x had a valid pixel (columns without data count as seen: step 5
  // replaces them); first_val[x]: the first valid value.
  filled.create(h, w, CV_8UC1);
  seen.resize(w);
  unsigned char all_seen = 0xFF;
  for (int x = 0; x < w; ++x) {
    seen[x] = has_data[x] ? 0 : 0xFF;
    all_seen &= seen[x];
  }
  first_val.assign(w, 0);
  thread_local std::vector<unsigned char> zeros;
  zeros.assign(w, 0);
  const unsigned char* prev = zeros.data();  // the row above (carry: 0 above the first row)
  for (int y = 0; y < h; ++y) {
    const unsigned char* g = gray.ptr<unsigned char>(y);
    unsigned char* f = filled.ptr<unsigned char>(y);
    if (all_seen == 0xFF && !row_masked[y])
      std::memcpy(f, g, w);
    else if (all_seen == 0xFF)
      fill_row(w, g, mask.ptr<unsigned char>(y), prev, f);
    else
      all_seen = fill_row_tracking(w, g, mask.ptr<unsigned char>(y), prev, f, seen.data(), first_val.data());
    prev = f;
  }

  // Above the first valid pixel of a column the downward pass had nothing to carry: use the first
  // valid pixel below instead. done[x] (reusing `seen`): column x is past its first valid pixel
  // (columns without data count as done).
  {
    std::vector<unsigned char>& done = seen;
    for (int x = 0; x < w; ++x) done[x] = has_data[x] ? 0 : 0xFF;
    for (int y = 0; y < h; ++y)
      if (fix_top_row(w, mask.ptr<unsigned char>(y), first_val.data(), filled.ptr<unsigned char>(y),
                      done.data()) == 0xFF)
        break;
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
