#pragma once
// Accuracy of a boundary against the generator's ground truth, over the columns where both exist.
#include <vector>

namespace octgate::synth {

struct BoundaryError {
  int columns = 0;          // columns with a ground truth
  int missing = 0;          // of those, columns the engine left without a row
  double mean_abs = 0;      // px
  double mean_signed = 0;   // px, engine minus truth (positive: engine below the truth)
  double p95_abs = 0;       // px
  double share_over_3px = 0;  // share of the compared columns off by more than 3 px
  double max_abs = 0;
};

// truth, found: per column; NaN where absent. Columns are compared only where truth is present;
// a column the engine left out there counts as missing, not as an error in pixels.
BoundaryError compare_boundaries(const std::vector<float>& truth, const std::vector<float>& found);

}  // namespace octgate::synth
