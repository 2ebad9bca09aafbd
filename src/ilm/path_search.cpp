#include "ilm/path_search.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace octgate::ilm {
namespace {

// How a node was reached.
enum : std::int8_t { kFromUpLeft = -1, kFromLeft = 0, kFromDownLeft = 1, kFromAbove = 2, kFromBelow = 3 };

// Vertical relaxation inside one column: a path may enter at one row and walk up or down.
void relax_column(float* d, const float* move, std::int8_t* pred, int rows) {
  for (int y = 1; y < rows; ++y) {
    const float v = d[y - 1] + move[y - 1];
    if (v < d[y]) {
      d[y] = v;
      pred[y] = kFromAbove;
    }
  }
  for (int y = rows - 2; y >= 0; --y) {
    const float v = d[y + 1] + move[y];
    if (v < d[y]) {
      d[y] = v;
      pred[y] = kFromBelow;
    }
  }
}

}  // namespace

void find_min_cost_path(const CoarseGrid& g, float diagonal_cost, std::vector<PathSegment>& path) {
  const int W = g.cols, H = g.rows;
  path.assign(W, PathSegment{});
  if (W == 0 || H == 0) return;
  thread_local std::vector<float> prev, cur;
  thread_local std::vector<std::int8_t> pred;
  prev.resize(H);
  cur.resize(H);
  pred.resize(static_cast<size_t>(W) * H);

  std::copy(g.node_cost.begin(), g.node_cost.begin() + H, cur.begin());
  std::fill(pred.begin(), pred.begin() + H, std::int8_t{kFromLeft});
  relax_column(cur.data(), g.move_cost.data(), pred.data(), H);

  constexpr float kInf = std::numeric_limits<float>::infinity();
  for (int x = 1; x < W; ++x) {
    std::swap(prev, cur);
    const float* nc = &g.node_cost[static_cast<size_t>(x) * H];
    std::int8_t* p = &pred[static_cast<size_t>(x) * H];
    for (int y = 0; y < H; ++y) {
      const float up = y > 0 ? prev[y - 1] + diagonal_cost : kInf;
      const float mid = prev[y];
      const float down = y + 1 < H ? prev[y + 1] + diagonal_cost : kInf;
      float best = mid;
      std::int8_t from = kFromLeft;
      if (up < best) {
        best = up;
        from = kFromUpLeft;
      }
      if (down < best) {
        best = down;
        from = kFromDownLeft;
      }
      cur[y] = best + nc[y];
      p[y] = from;
    }
    relax_column(cur.data(), &g.move_cost[static_cast<size_t>(x) * H], p, H);
  }

  int y = static_cast<int>(std::min_element(cur.begin(), cur.end()) - cur.begin());
  for (int x = W - 1; x >= 0; --x) {
    const std::int8_t* p = &pred[static_cast<size_t>(x) * H];
    path[x].exit = y;
    while (p[y] == kFromAbove || p[y] == kFromBelow) y += p[y] == kFromAbove ? -1 : 1;
    path[x].entry = y;
    y += p[y];  // kFromUpLeft = -1, kFromLeft = 0, kFromDownLeft = +1
    y = std::clamp(y, 0, H - 1);
  }
}

}  // namespace octgate::ilm
