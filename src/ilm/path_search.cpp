#include "ilm/path_search.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace octgate::ilm {
namespace {

// How a node was reached.
enum : std::int8_t { kFromUpLeft = -1, kFromLeft = 0, kFromDownLeft = 1, kFromAbove = 2, kFromBelow = 3 };

// Vertical relaxation inside one column: a path may enter at one row and walk up or down.
// With d the values before relaxation, the recurrences are
//   down[i] = min(d[i], down[i-1] + move[i-1]),   up[i] = min(d[i], up[i+1] + move[i]),
// and d becomes min(d, down, up). As written they are serial chains of dependent float ops
// (latency-bound). But down[i-1] == d[i-1] almost everywhere (a vertical step costs more than the
// difference between neighbouring rows' path costs), and then down[i] only depends on d: so each
// sweep tests every row independently and follows a chain only where a step actually improves.
// Same arithmetic, same results, no latency chain in the common case. The improvements are applied
// after both sweeps (they read the values before relaxation); ties go to the downward sweep.
void relax_column(float* __restrict d, const float* __restrict move, std::int8_t* __restrict pred,
                  int rows, float* __restrict down, float* __restrict up, int* __restrict down_at,
                  int* __restrict up_at) {
  int n_down = 0, n_up = 0;
  // Downward sweep. Invariant at the top of the loop: down[i-1] == d[i-1].
  for (int i = 1; i < rows;) {
#if defined(__SSE2__)
    if (i + 4 <= rows) {  // test four rows at once; most blocks have no start
      const __m128 cand = _mm_add_ps(_mm_loadu_ps(d + i - 1), _mm_loadu_ps(move + i - 1));
      const int starts = _mm_movemask_ps(_mm_cmplt_ps(cand, _mm_loadu_ps(d + i)));
      if (!starts) {
        i += 4;
        continue;
      }
      i += __builtin_ctz(static_cast<unsigned>(starts));
    }
#endif
    float run = d[i - 1] + move[i - 1];
    if (!(run < d[i])) {
      ++i;
      continue;
    }
    for (;;) {  // a chain: down[i] < d[i]
      down[i] = run;
      down_at[n_down++] = i;
      if (++i == rows) break;
      run += move[i - 1];
      if (!(run < d[i])) break;  // down[i] == d[i]: the next row tests on its own again
    }
    ++i;
  }
  // Upward sweep. Invariant: up[i+1] == d[i+1].
  for (int i = rows - 2; i >= 0;) {
#if defined(__SSE2__)
    if (i >= 3) {  // rows i-3..i
      const __m128 cand = _mm_add_ps(_mm_loadu_ps(d + i - 2), _mm_loadu_ps(move + i - 3));
      const int starts = _mm_movemask_ps(_mm_cmplt_ps(cand, _mm_loadu_ps(d + i - 3)));
      if (!starts) {
        i -= 4;
        continue;
      }
      i -= 3 - (31 - __builtin_clz(static_cast<unsigned>(starts)));  // the first start going up
    }
#endif
    float run = d[i + 1] + move[i];
    if (!(run < d[i])) {
      --i;
      continue;
    }
    for (;;) {
      up[i] = run;
      up_at[n_up++] = i;
      if (i-- == 0) break;
      run += move[i];
      if (!(run < d[i])) break;
    }
    --i;
  }
  for (int k = 0; k < n_down; ++k) {
    const int y = down_at[k];
    d[y] = down[y];
    pred[y] = kFromAbove;
  }
  for (int k = 0; k < n_up; ++k) {
    const int y = up_at[k];
    if (up[y] < d[y]) {
      d[y] = up[y];
      pred[y] = kFromBelow;
    }
  }
}

// The step from the previous column into this one for rows 1..H-2: from the same row, or one row
// up or down at diagonal_cost (ties keep the straight step, then the upper one). Separate function
// with __restrict rows so that GCC vectorises it.
void step_column(int H, const float* __restrict prev, const float* __restrict nc, float diagonal_cost,
                 float* __restrict cur, std::int8_t* __restrict p) {
  for (int y = 1; y + 1 < H; ++y) {
    const float mid = prev[y];
    const float a = prev[y - 1] + diagonal_cost, b = prev[y + 1] + diagonal_cost;
    const bool take_a = a < mid;
    float best = take_a ? a : mid;
    const bool take_b = b < best;
    best = take_b ? b : best;
    cur[y] = best + nc[y];
    p[y] = static_cast<std::int8_t>(take_b ? kFromDownLeft : (take_a ? kFromUpLeft : kFromLeft));
  }
}

}  // namespace

void find_min_cost_path(const CoarseGrid& g, float diagonal_cost, std::vector<PathSegment>& path) {
  const int W = g.cols, H = g.rows;
  path.assign(W, PathSegment{});
  if (W == 0 || H == 0) return;
  thread_local std::vector<float> prev, cur, down, up;
  thread_local std::vector<int> down_at, up_at;
  thread_local std::vector<std::int8_t> pred;
  prev.resize(H);
  cur.resize(H);
  down.resize(H);
  up.resize(H);
  down_at.resize(H);
  up_at.resize(H);
  pred.resize(static_cast<size_t>(W) * H);

  std::copy(g.node_cost.ptr<float>(0), g.node_cost.ptr<float>(0) + H, cur.begin());
  std::fill(pred.begin(), pred.begin() + H, std::int8_t{kFromLeft});
  relax_column(cur.data(), g.move_cost.ptr<float>(0), pred.data(), H, down.data(), up.data(), down_at.data(),
               up_at.data());

  constexpr float kInf = std::numeric_limits<float>::infinity();
  for (int x = 1; x < W; ++x) {
    std::swap(prev, cur);
    const float* nc = g.node_cost.ptr<float>(x);
    std::int8_t* p = &pred[static_cast<size_t>(x) * H];
    // Interior rows vectorised (step_column); the first and last row by hand.
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
    step_column(H, prev.data(), nc, diagonal_cost, cur.data(), p);
    if (H > 1) step(H - 1, prev[H - 2], kInf);
    relax_column(cur.data(), g.move_cost.ptr<float>(x), p, H, down.data(), up.data(),
                 down_at.data(), up_at.data());
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
