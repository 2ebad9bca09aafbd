#include "synth/accuracy.h"

#include <algorithm>
#include <cmath>

namespace octgate::synth {

BoundaryError compare_boundaries(const std::vector<float>& truth, const std::vector<float>& found) {
  BoundaryError e;
  std::vector<double> abs_err;
  const size_t n = std::min(truth.size(), found.size());
  double sum = 0, sum_signed = 0;
  int over = 0;
  for (size_t x = 0; x < n; ++x) {
    if (std::isnan(truth[x])) continue;
    ++e.columns;
    if (std::isnan(found[x])) {
      ++e.missing;
      continue;
    }
    const double d = static_cast<double>(found[x]) - truth[x];
    abs_err.push_back(std::fabs(d));
    sum += std::fabs(d);
    sum_signed += d;
    if (std::fabs(d) > 3.0) ++over;
  }
  if (abs_err.empty()) return e;
  const double k = static_cast<double>(abs_err.size());
  e.mean_abs = sum / k;
  e.mean_signed = sum_signed / k;
  e.share_over_3px = over / k;
  std::sort(abs_err.begin(), abs_err.end());
  e.p95_abs = abs_err[std::min(abs_err.size() - 1, static_cast<size_t>(std::ceil(0.95 * k)) - 1)];
  e.max_abs = abs_err.back();
  return e;
}

}  // namespace octgate::synth
