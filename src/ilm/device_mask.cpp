#include "ilm/device_mask.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace octgate::ilm {
namespace {

inline bool is_extreme(unsigned char v) { return v == 0 || v == 255; }

// Marks, per column, the chain of constant 0/255 runs that starts at the top (or bottom) edge: it
// ends at the first pixel that is neither 0 nor 255.
void mark_border_chain(const cv::Mat& gray, cv::Mat& mask, bool from_top, std::vector<unsigned char>& open) {
  const int h = gray.rows, w = gray.cols;
  std::fill(open.begin(), open.end(), 1);
  for (int i = 0; i < h; ++i) {
    const int y = from_top ? i : h - 1 - i;
    const unsigned char* g = gray.ptr<unsigned char>(y);
    unsigned char* m = mask.ptr<unsigned char>(y);
    int still_open = 0;
    for (int x = 0; x < w; ++x) {
      const unsigned char o = open[x] & static_cast<unsigned char>(is_extreme(g[x]));
      open[x] = o;
      m[x] |= o;
      still_open |= o;
    }
    if (!still_open) break;
  }
}

}  // namespace

std::vector<unsigned char> find_device_mask(const cv::Mat& gray, const DeviceMaskOptions& opt,
                                            cv::Mat& mask, cv::Mat& filled) {
  const int h = gray.rows, w = gray.cols;
  mask.create(h, w, CV_8UC1);
  mask.setTo(0);
  filled.create(h, w, CV_8UC1);
  thread_local std::vector<unsigned char> open, carry;
  thread_local std::vector<unsigned char> run_len;  // length (saturating) of the current constant 0/255 run per column
  // open: per-column flags of the border chains; carry: last valid value seen in the column.
  open.resize(w);
  carry.assign(w, 0);
  run_len.resize(w);

  // 1. Chains of constant runs touching the top or the bottom edge (wedges, bands, side columns).
  mark_border_chain(gray, mask, true, open);
  mark_border_chain(gray, mask, false, open);

  // 2. Long constant runs anywhere (a vertical run of interior_run identical 0 or 255 pixels).
  std::fill(run_len.begin(), run_len.end(), 0);
  const unsigned char L = static_cast<unsigned char>(std::clamp(opt.interior_run, 2, 255));
  for (int y = 0; y < h; ++y) {
    const unsigned char* __restrict g = gray.ptr<unsigned char>(y);
    const unsigned char* __restrict gp = y > 0 ? gray.ptr<unsigned char>(y - 1) : g;
    unsigned char* __restrict m = mask.ptr<unsigned char>(y);
    unsigned char* __restrict len = run_len.data();
    unsigned char reached = 0;
    for (int x = 0; x < w; ++x) {  // branch-free on bytes so that it vectorises
      const unsigned char v = g[x];
      const unsigned char ext = static_cast<unsigned char>((v == 0) | (v == 255));
      const unsigned char same = static_cast<unsigned char>(ext & (gp[x] == v));
      const unsigned char next = len[x] == 255 ? 255 : static_cast<unsigned char>(len[x] + 1);
      const unsigned char l = same ? next : ext;
      len[x] = l;
      m[x] |= static_cast<unsigned char>(l >= L);
      reached |= static_cast<unsigned char>(l == L);
    }
    if (!reached) continue;
    for (int x = 0; x < w; ++x) {  // a run just became long: mark its earlier rows too
      if (run_len[x] != L) continue;
      for (int k = 1; k < L; ++k) mask.ptr<unsigned char>(y - k)[x] = 1;
    }
  }

  // 3. Margin: rows next to no-data are no-data too (exports blend the band edge).
  if (opt.margin > 0) {
    const cv::Mat kernel = cv::Mat::ones(2 * opt.margin + 1, 1, CV_8UC1);
    cv::dilate(mask, mask, kernel, cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));
  }

  // 4. Fill each no-data pixel with the nearest valid value above it in its column, else below.
  std::vector<unsigned char> has_data(w, 0);
  for (int y = 0; y < h; ++y) {
    const unsigned char* __restrict g = gray.ptr<unsigned char>(y);
    const unsigned char* __restrict m = mask.ptr<unsigned char>(y);
    unsigned char* __restrict f = filled.ptr<unsigned char>(y);
    unsigned char* __restrict carry_p = carry.data();
    unsigned char* __restrict has = has_data.data();
    for (int x = 0; x < w; ++x) {
      const unsigned char c = m[x] ? carry_p[x] : g[x];
      carry_p[x] = c;
      f[x] = c;
      has[x] |= static_cast<unsigned char>(m[x] == 0);
    }
  }
  // Above the first valid pixel of a column the downward pass had nothing to carry: use the
  // first valid pixel below instead.
  for (int x = 0; x < w; ++x) {
    if (!has_data[x]) continue;
    int first = 0;
    while (mask.ptr<unsigned char>(first)[x]) ++first;
    const unsigned char v = gray.ptr<unsigned char>(first)[x];
    for (int y = 0; y < first; ++y) filled.ptr<unsigned char>(y)[x] = v;
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
