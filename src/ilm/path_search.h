#pragma once
// Minimum-cost left-to-right path over a column-major cost grid, by dynamic programming.
// Between neighbouring columns the path moves at most one row (diagonal_cost for a change); inside
// a column it may also travel vertically, paying the grid's move cost per row, so steep walls are
// followed where they are cheap. Start and end rows are free (the "padding columns" of Chiu et al.).
// O(cols x rows); no allocation once the thread's buffers have grown.
#include <vector>

#include "ilm/edge_cost.h"

namespace octgate::ilm {

struct PathSegment {
  int entry = 0;  // row where the path enters the column (from the previous column)
  int exit = 0;   // row where it leaves it (towards the next column)
};

// Fills `path` (one segment per coarse column).
void find_min_cost_path(const CoarseGrid& grid, float diagonal_cost, std::vector<PathSegment>& path);

}  // namespace octgate::ilm
