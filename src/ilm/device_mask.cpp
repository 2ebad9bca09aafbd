#include "ilm/device_mask.h"

#include <algorithm>

namespace octgate::ilm {
namespace {

bool is_extreme(unsigned char v) { return v == 0 || v == 255; }

// Works on one column copied into `col` (value per row); writes 0/1 flags into `bad`.
void mask_column(const unsigned char* col, int h, const DeviceMaskOptions& opt, unsigned char* bad) {
  std::fill(bad, bad + h, 0);
  // Walk the column as runs of identical extreme values. A run touching the border, or touching a
  // run already known to be no-data, or long enough, is no-data.
  int y = 0;
  int prev_bad_end = -1;  // end (exclusive) of the last no-data run
  while (y < h) {
    if (!is_extreme(col[y])) {
      ++y;
      continue;
    }
    int end = y + 1;
    while (end < h && col[end] == col[y]) ++end;
    const bool touches = y == 0 || end == h || prev_bad_end == y;
    if (touches || end - y >= opt.interior_run) {
      std::fill(bad + y, bad + end, 1);
      prev_bad_end = end;
    }
    y = end;
  }
  // Runs touching the bottom that were preceded by another bottom run: walk back from the bottom.
  int end = h;
  while (end > 0 && bad[end - 1]) {
    --end;
  }
  for (int e = end; e > 0 && is_extreme(col[e - 1]);) {
    int s = e - 1;
    while (s > 0 && col[s - 1] == col[e - 1]) --s;
    if (e == h || bad[e]) {
      std::fill(bad + s, bad + e, 1);
      e = s;
    } else {
      break;
    }
  }
  if (opt.margin <= 0) return;
  // Grow every no-data run by `margin` rows into the data.
  int last_bad = -1000000;
  for (int r = 0; r < h; ++r) {
    if (bad[r] == 1) last_bad = r;
    else if (r - last_bad <= opt.margin) bad[r] = 2;
  }
  last_bad = 1000000;
  for (int r = h - 1; r >= 0; --r) {
    if (bad[r] == 1) last_bad = r;
    else if (bad[r] == 0 && last_bad - r <= opt.margin) bad[r] = 2;
  }
}

}  // namespace

std::vector<unsigned char> find_device_mask(const cv::Mat& gray, const DeviceMaskOptions& options,
                                            cv::Mat& mask, cv::Mat& filled) {
  const int h = gray.rows, w = gray.cols;
  mask.create(h, w, CV_8UC1);
  filled.create(h, w, CV_8UC1);
  std::vector<unsigned char> has_data(w, 0);
  thread_local std::vector<unsigned char> col, bad;
  col.resize(h);
  bad.resize(h);
  const size_t step = gray.step, mstep = mask.step, fstep = filled.step;
  const unsigned char* src = gray.data;
  for (int x = 0; x < w; ++x) {
    for (int y = 0; y < h; ++y) col[y] = src[y * step + x];
    mask_column(col.data(), h, options, bad.data());
    // Fill: nearest valid value above, else below.
    int first_valid = -1;
    for (int y = 0; y < h; ++y) {
      if (!bad[y]) {
        first_valid = y;
        break;
      }
    }
    has_data[x] = first_valid >= 0;
    unsigned char carry = first_valid >= 0 ? col[first_valid] : 0;
    for (int y = 0; y < h; ++y) {
      if (bad[y]) {
        mask.data[y * mstep + x] = 1;
        filled.data[y * fstep + x] = carry;
      } else {
        mask.data[y * mstep + x] = 0;
        carry = col[y];
        filled.data[y * fstep + x] = carry;
      }
    }
  }
  // Columns without data copy the nearest column with data (left first), so blurs do not see them.
  int nearest = -1;
  for (int x = 0; x < w; ++x) {
    if (has_data[x]) {
      nearest = x;
      break;
    }
  }
  if (nearest < 0) return has_data;
  int last = nearest;
  for (int x = 0; x < w; ++x) {
    if (has_data[x]) {
      last = x;
      continue;
    }
    const int from = x < nearest ? nearest : last;
    for (int y = 0; y < h; ++y) filled.data[y * fstep + x] = filled.data[y * fstep + from];
  }
  return has_data;
}

}  // namespace octgate::ilm
