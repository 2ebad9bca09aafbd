#include "ilm/path_search.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace octgate::ilm {
namespace {

// How a node was reached.
enum : std::int8_t { kFromUpLeft = -1, kFromLeft = 0, kFromDownLeft = 1, kFromAbove = 2, kFromBelow = 3 };

// Vertical relaxation inside one column: a path may enter at one row and walk up or down. The
// downward and upward sweeps are independent recurrences, run interleaved for speed.
void relax_column(float* d, const float* move, std::int8_t* pred, int rows, float* down, float* up) {
  down[0] = d[0];
  up[rows - 1] = d[rows - 1];
  for (int i = 1; i < rows; ++i) {
    const int yu = rows - 1 - i;
    down[i] = std::min(d[i], down[i - 1] + move[i - 1]);
    up[yu] = std::min(d[yu], up[yu + 1] + move[yu]);
  }
  for (int y = 0; y < rows; ++y) {
    const float best = std::min(down[y], up[y]);
    if (best < d[y]) pred[y] = down[y] <= up[y] ? kFromAbove : kFromBelow;
    d[y] = std::min(d[y], best);
  }
}

}  // namespace

void find_min_cost_path(const CoarseGrid& g, float diagonal_cost, std::vector<PathSegment>& path) {
  const int W = g.cols, H = g.rows;
  path.assign(W, PathSegment{});
  if (W == 0 || H == 0) return;
  thread_local std::vector<float> prev, cur, down, up;
  thread_local std::vector<std::int8_t> pred;
  prev.resize(H);
  cur.resize(H);
  down.resize(H);
  up.resize(H);
  pred.resize(static_cast<size_t>(W) * H);

  std::copy(g.node_cost.begin(), g.node_cost.begin() + H, cur.begin());
  std::fill(pred.begin(), pred.begin() + H, std::int8_t{kFromLeft});
  relax_column(cur.data(), g.move_cost.data(), pred.data(), H, down.data(), up.data());

  constexpr float kInf = std::numeric_limits<float>::infinity();
  for (int x = 1; x < W; ++x) {
    std::swap(prev, cur);
    const float* nc = &g.node_cost[static_cast<size_t>(x) * H];
    std::int8_t* p = &pred[static_cast<size_t>(x) * H];
    // Interior rows branch-free (vectorises); the first and last row by hand.
    auto step = [&](int y, float up_v, float down_v) {
      const float mid = prev[y];
      const float a = up_v + diagonal_cost, b = down_v + diagonal_cost;
      float best = mid;
      std::int8_t from = kFromLeft;
      from = a < best ? std::int8_t{kFromUpLeft} : from;
      best = a < best ? a : best;
      from = b < best ? std::int8_t{kFromDownLeft} : from;
      best = b < best ? b : best;
      cur[y] = best + nc[y];
      p[y] = from;
    };
    step(0, kInf, H > 1 ? prev[1] : kInf);
    for (int y = 1; y + 1 < H; ++y) step(y, prev[y - 1], prev[y + 1]);
    if (H > 1) step(H - 1, prev[H - 2], kInf);
    relax_column(cur.data(), &g.move_cost[static_cast<size_t>(x) * H], p, H, down.data(), up.data());
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
