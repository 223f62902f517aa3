#include "sim/multigrid_solver.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "base/parallel_for.h"
#include "sim/multigrid_coarsening.h"

namespace toxplan::sim {

PaddedGrid::PaddedGrid(std::array<int, 3> d) : dims(d) {
  stride_y = static_cast<std::size_t>(d[0] + 2);
  stride_z = stride_y * static_cast<std::size_t>(d[1] + 2);
  padded_size = stride_z * static_cast<std::size_t>(d[2] + 2);
}

namespace {

constexpr int kPreSmooth = 2, kPostSmooth = 2;  // red-black Gauss-Seidel sweeps per V-cycle
constexpr int kCoarsestSweeps = 20;             // each way, on the coarsest level

// Sum of f(m) over m in [begin, end) in double, as four interleaved partial sums (independent
// additions instead of one chain).
template <class F>
double row_sum(std::size_t begin, std::size_t end, F&& f) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  std::size_t m = begin;
  for (; m + 4 <= end; m += 4) {
    s0 += f(m);
    s1 += f(m + 1);
    s2 += f(m + 2);
    s3 += f(m + 3);
  }
  for (; m < end; ++m)
    s0 += f(m);
  return (s0 + s1) + (s2 + s3);
}

// Stages 0..last of a pass over nz slabs, stage s on slab k needing stage s - 1 done on slabs
// k - 1, k, k + 1. Serially: one wavefront (stage s on slab t - s at step t), so each slab is
// fetched once for all stages.
template <class Stage>
void wavefront(int nz, int last, Stage&& stage) {
  for (int t = 0; t < nz + last; ++t) {
    for (int s = 0; s <= last; ++s) {
      const int k = t - s;
      if (k >= 0 && k < nz) stage(s, k);
    }
  }
}

// The same on two threads: one wavefront climbs from slab 0 and one descends from slab nz - 1,
// each doing stage s only on slabs at least s away from the middle slab m (so neither needs
// what the other has not written yet, nor overwrites what the other still reads); the
// triangle left around m (stage s on slabs m - s .. m + s - 1) is then done stage by stage.
// Red-black stages give the same numbers in any slab order.
template <class Stage>
void split_wavefront(int nz, int last, Stage&& stage) {
  const int m = nz / 2;
  parallel_for(0, 2, 1, [&](std::int64_t h0, std::int64_t h1) {
    for (std::int64_t half = h0; half < h1; ++half) {
      for (int t = 0; t < nz + last; ++t) {
        for (int s = 0; s <= last; ++s) {
          if (half == 0) {
            const int k = t - s;
            if (k >= 0 && k <= m - 1 - s) stage(s, k);
          } else {
            const int k = nz - 1 - (t - s);
            if (k >= m + s && k < nz && t - s >= 0) stage(s, k);
          }
        }
      }
    }
  });
  for (int s = 1; s <= last; ++s) {
    for (int k = std::max(0, m - s); k <= std::min(nz - 1, m + s - 1); ++k)
      stage(s, k);
  }
}

std::size_t interior_cells(const PaddedGrid& g) {
  return static_cast<std::size_t>(g.dims[0]) * g.dims[1] * g.dims[2];
}

// Per fine index along one axis, the coarse neighbour on the cell's side (clamped at the ends,
// where it is the parent itself).
std::vector<int> other_parent(int fine_n, int coarse_n) {
  std::vector<int> o(static_cast<std::size_t>(fine_n));
  for (int i = 0; i < fine_n; ++i)
    o[static_cast<std::size_t>(i)] = std::clamp((i & 1) ? i / 2 + 1 : i / 2 - 1, 0, coarse_n - 1);
  return o;
}

}  // namespace

// One level: its operator (face conductances, diagonal), its unknowns and right-hand side, and
// how it exchanges with the next coarser level.
struct MultigridSolver::Level {
  PaddedGrid grid;
  std::vector<float> gx, gy, gz, diag, inv_diag;
  std::vector<float> x, rhs;
  // Transfer from / to the next coarser level (empty on the coarsest).
  std::vector<std::uint8_t> prolong_mask;
  std::vector<OrphanCell> orphans;
  std::vector<std::uint32_t> orphan_slab_begin;
  std::vector<float> orphan_x;  // scratch: orphans' x before the prolongation
  std::vector<int> other_x, other_y, other_z;
  // Per row (j + dims[1] k): the cells [span_lo, span_hi) that can hold toxin. A cell that no
  // path of conducting faces joins to the source (soft tissue behind a no-flux skull) has the
  // exact solution 0; rows are only computed over the span that covers the reachable cells, so
  // such regions (a quarter of the voxels of a scalp site) cost nothing. x stays 0 outside.
  std::vector<int> span_lo, span_hi;
  // Per row: the cells that may conduct at all (ScreenedPoissonSystem::rows); setup and the
  // search for reachable cells look inside them only.
  std::vector<RowSpan> active;
  std::vector<std::uint8_t> orphan_in_span;
  std::vector<std::uint8_t> orphan_red;  // colour 0 (i + j + k even)

  std::size_t row_index(int j, int k) const {
    return static_cast<std::size_t>(j) + static_cast<std::size_t>(grid.dims[1]) * k;
  }

  // `w`: uptake weights (s.w is not used).
  Level(ScreenedPoissonSystem s, const std::vector<float>& w)
      : grid(s.grid),
        gx(std::move(s.gx)),
        gy(std::move(s.gy)),
        gz(std::move(s.gz)),
        active(std::move(s.rows)) {
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    const std::size_t rows = static_cast<std::size_t>(grid.dims[1]) * grid.dims[2];
    if (active.empty()) active.assign(rows, RowSpan{0, grid.dims[0]});
    diag.assign(grid.padded_size, 0.0f);
    inv_diag.assign(grid.padded_size, 0.0f);
    for_slabs_maybe_parallel(interior_cells(grid) >= 32768, [&](int k) {
      for (int j = 0; j < grid.dims[1]; ++j) {
        const RowSpan row = active[row_index(j, k)];
        std::size_t p = grid.at(row.begin, j, k);
        for (int i = row.begin; i < row.end; ++i, ++p) {
          const float d = w[p] + gx[p] + gx[p - 1] + gy[p] + gy[p - sy] + gz[p] + gz[p - sz];
          diag[p] = d;
          inv_diag[p] = d > 0.0f ? 1.0f / d : 0.0f;
        }
      }
    });
    x.assign(grid.padded_size, 0.0f);
    rhs.assign(grid.padded_size, 0.0f);
    span_lo.resize(rows);
    span_hi.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      span_lo[r] = active[r].begin;
      span_hi[r] = active[r].end;
    }
  }

  Level(const Level&) = delete;
  Level& operator=(const Level&) = delete;

  // body(k) for every interior slab k, in parallel if asked.
  template <class Body>
  void for_slabs_maybe_parallel(bool in_parallel, Body&& body) const {
    if (!in_parallel) {
      for (int k = 0; k < grid.dims[2]; ++k)
        body(k);
      return;
    }
    parallel_for(0, grid.dims[2], 2, [&](std::int64_t k0, std::int64_t k1) {
      for (std::int64_t k = k0; k < k1; ++k)
        body(static_cast<int>(k));
    });
  }

  // All cells [0, n) of a row computed as if they were this colour (contiguous, so the compiler
  // vectorises it); the caller stores only this colour's cells.
  static void smooth_row(const float* __restrict x, const float* __restrict b,
                         const float* __restrict fx, const float* __restrict fy,
                         const float* __restrict fy_below, const float* __restrict fz,
                         const float* __restrict fz_below, const float* __restrict id,
                         std::size_t sy, std::size_t sz, int n, float* __restrict out) {
    for (int i = 0; i < n; ++i) {
      out[i] = (b[i] + fx[i - 1] * x[i - 1] + fx[i] * x[i + 1] + fy_below[i] * x[i - sy] +
                fy[i] * x[i + sy] + fz_below[i] * x[i - sz] + fz[i] * x[i + sz]) *
               id[i];
    }
  }

  // One colour of a red-black Gauss-Seidel sweep on slab k. With `zero_guess` the slab's x is
  // taken as 0 before the sweep: the colour's cells get rhs / diag and the others 0 (so the
  // caller need not clear x first).
  void smooth_slab(int k, int colour, bool zero_guess) {
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    float* xs = x.data();
    const float* b = rhs.data();
    const float* id = inv_diag.data();
    constexpr int kChunk = 256;
    float scratch[kChunk];
    for (int j = 0; j < grid.dims[1]; ++j) {
      const std::size_t r = row_index(j, k);
      const int lo = span_lo[r], hi = span_hi[r];
      if (lo >= hi) continue;
      const std::size_t row = grid.at(0, j, k);
      // First cell of this colour in the span.
      const int first = lo + ((lo + j + k + colour) & 1);
      if (zero_guess) {
        std::fill(xs + row + lo, xs + row + hi, 0.0f);
        for (std::size_t p = row + static_cast<std::size_t>(first); p < row + hi; p += 2)
          xs[p] = b[p] * id[p];
        continue;
      }
      for (int c0 = lo; c0 < hi; c0 += kChunk) {
        const int n = std::min(kChunk, hi - c0);
        const std::size_t p0 = row + static_cast<std::size_t>(c0);
        smooth_row(xs + p0, b + p0, gx.data() + p0, gy.data() + p0, gy.data() + p0 - sy,
                   gz.data() + p0, gz.data() + p0 - sz, id + p0, sy, sz, n, scratch);
        for (int i = std::max(first, c0) + ((std::max(first, c0) - first) & 1); i < c0 + n; i += 2)
          xs[row + static_cast<std::size_t>(i)] = scratch[i - c0];
      }
    }
  }

  float residual_at(std::size_t p) const {
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    return rhs[p] - diag[p] * x[p] + gx[p - 1] * x[p - 1] + gx[p] * x[p + 1] +
           gy[p - sy] * x[p - sy] + gy[p] * x[p + sy] + gz[p - sz] * x[p - sz] + gz[p] * x[p + sz];
  }

  // Residual rhs - A x of fine slab k added to the coarse right-hand side of its parents (the
  // equations are volume-integrated, so coarse rhs = sum of the children). Orphans are moved
  // to their hosts afterwards (move_orphan_residuals).
  // Pre-smoothing ends with a black sweep, which solves every black cell's equation given its
  // red neighbours: the residual is left on the red cells only (black ones are 0 up to
  // rounding), so only those are computed.
  void restrict_slab(int k, Level& c) const {
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    const float* xs = x.data();
    for (int j = 0; j < grid.dims[1]; ++j) {
      const std::size_t r = row_index(j, k);
      const int lo = span_lo[r];
      float* out = c.rhs.data() + c.grid.at(0, j / 2, k / 2);
      const int first = lo + ((lo + j + k) & 1);
      std::size_t p = grid.at(first, j, k);
      for (int i = first; i < span_hi[r]; i += 2, p += 2) {
        out[i >> 1] += rhs[p] - diag[p] * xs[p] + gx[p - 1] * xs[p - 1] + gx[p] * xs[p + 1] +
                       gy[p - sy] * xs[p - sy] + gy[p] * xs[p + sy] + gz[p - sz] * xs[p - sz] +
                       gz[p] * xs[p + sz];
      }
    }
  }
  void move_orphan_residuals(Level& c) const {
    for (std::size_t t = 0; t < orphans.size(); ++t) {
      if (!orphan_in_span[t] || !orphan_red[t]) continue;  // black: residual 0, not restricted
      const OrphanCell& o = orphans[t];
      const float r = residual_at(o.fine);
      c.rhs[o.parent] -= r;
      if (o.host != kNoHost) c.rhs[o.host] += r;
    }
  }

  // Adds the prolonged coarse correction to x on slab k: cell-centred trilinear (weights 27/64,
  // 9/64, 3/64, 1/64 from the parent and its neighbours on the cell's side), except along an
  // axis where prolong_mask says the neighbour is across a sheet (then the parent's value).
  // Orphans take their host's correction instead.
  void prolong_slab(int k, const Level& c) {
    const std::uint32_t ob = orphan_slab_begin[static_cast<std::size_t>(k)];
    const std::uint32_t oe = orphan_slab_begin[static_cast<std::size_t>(k) + 1];
    for (std::uint32_t t = ob; t < oe; ++t)
      orphan_x[t] = x[orphans[t].fine];
    const PaddedGrid& cg = c.grid;
    const int kp = k / 2, kq = other_z[static_cast<std::size_t>(k)];
    const std::uint8_t* mask = prolong_mask.data();
    const int* ox = other_x.data();
    float* xs = x.data();
    for (int j = 0; j < grid.dims[1]; ++j) {
      const int jp = j / 2, jq = other_y[static_cast<std::size_t>(j)];
      const float* rows[2][2] = {{c.x.data() + cg.at(0, jp, kp), c.x.data() + cg.at(0, jp, kq)},
                                 {c.x.data() + cg.at(0, jq, kp), c.x.data() + cg.at(0, jq, kq)}};
      const std::size_t r = row_index(j, k);
      std::size_t p = grid.at(span_lo[r], j, k);
      for (int i = span_lo[r]; i < span_hi[r]; ++i, ++p) {
        const std::uint8_t m = mask[p];
        const int ip = i >> 1;
        const int io = (m & 1) ? ox[i] : ip;
        const int js = (m >> 1) & 1, ks = (m >> 2) & 1;
        const float* rpp = rows[0][0];
        const float* rop = rows[js][0];
        const float* rpo = rows[0][ks];
        const float* roo = rows[js][ks];
        xs[p] += 0.421875f * rpp[ip] + 0.140625f * (rpp[io] + rop[ip] + rpo[ip]) +
                 0.046875f * (rop[io] + rpo[io] + roo[ip]) + 0.015625f * roo[io];
      }
    }
    for (std::uint32_t t = ob; t < oe; ++t) {
      const OrphanCell& o = orphans[t];
      if (orphan_in_span[t]) xs[o.fine] = orphan_x[t] + (o.host != kNoHost ? c.x[o.host] : 0.0f);
    }
  }
};

MultigridSolver::MultigridSolver(ScreenedPoissonSystem system) {
  std::vector<float> w = std::move(system.w);
  system.w.clear();
  levels_.push_back(std::make_unique<Level>(std::move(system), w));
  while (levels_.size() < 12) {
    Level& f = *levels_.back();
    const auto& fd = f.grid.dims;
    if (std::min({fd[0], fd[1], fd[2]}) < 5) break;
    Coarsening co = coarsen(f.grid, f.gx, f.gy, f.gz, w, f.active);
    f.prolong_mask = std::move(co.prolong_mask);
    f.orphans = std::move(co.orphans);
    f.orphan_slab_begin = std::move(co.orphan_slab_begin);
    f.orphan_x.assign(f.orphans.size(), 0.0f);
    w = std::move(co.coarse.w);
    co.coarse.w.clear();
    auto c = std::make_unique<Level>(std::move(co.coarse), w);
    f.other_x = other_parent(fd[0], c->grid.dims[0]);
    f.other_y = other_parent(fd[1], c->grid.dims[1]);
    f.other_z = other_parent(fd[2], c->grid.dims[2]);
    levels_.push_back(std::move(c));
  }
}

MultigridSolver::~MultigridSolver() = default;

void MultigridSolver::restrict_to_reachable(const std::vector<float>& rhs, std::vector<float>& x) {
  // Cells joined to a source cell by conducting faces (flood fill), then per row the span that
  // covers them; coarse rows cover their children's spans. x is set to 0 outside the spans (a
  // warm start may have put toxin behind a bone).
  Level& top = *levels_.front();
  const PaddedGrid& g = top.grid;
  const std::size_t sy = g.stride_y, sz = g.stride_z;
  std::vector<std::uint8_t> seen(g.padded_size, 0);
  unreachable_in_span_.clear();
  std::vector<std::uint32_t> stack;
  for (int k = 0; k < g.dims[2]; ++k) {
    for (int j = 0; j < g.dims[1]; ++j) {
      const RowSpan row = top.active[top.row_index(j, k)];
      std::size_t p = g.at(row.begin, j, k);
      for (int i = row.begin; i < row.end; ++i, ++p) {
        if (rhs[p] != 0.0f) stack.push_back(static_cast<std::uint32_t>(p));
      }
    }
  }
  const float* gx = top.gx.data();
  const float* gy = top.gy.data();
  const float* gz = top.gz.data();
  // Scanline fill: a popped seed fills its run along x (through conducting x faces), then
  // seeds one cell per run of fillable cells in each of the four neighbouring rows. Ghost faces
  // do not conduct, so the fill stays inside.
  const std::size_t side_step[4] = {sy, sy, sz, sz};
  while (!stack.empty()) {
    const std::size_t p = stack.back();
    stack.pop_back();
    if (seen[p]) continue;
    std::size_t lo = p, hi = p;
    while (gx[lo - 1] > 0.0f && !seen[lo - 1])
      --lo;
    while (gx[hi] > 0.0f && !seen[hi + 1])
      ++hi;
    std::fill(seen.begin() + static_cast<std::ptrdiff_t>(lo),
              seen.begin() + static_cast<std::ptrdiff_t>(hi) + 1, std::uint8_t{1});
    for (int d = 0; d < 4; ++d) {
      const bool up = (d & 1) == 0;
      const std::size_t step = side_step[d];
      const float* face = d < 2 ? gy : gz;
      bool in_run = false;
      for (std::size_t q = lo; q <= hi; ++q) {
        const std::size_t n = up ? q + step : q - step;
        const float conductance = up ? face[q] : face[n];
        const bool fillable = conductance > 0.0f && !seen[n];
        if (fillable && !(in_run && gx[n - 1] > 0.0f))
          stack.push_back(static_cast<std::uint32_t>(n));
        in_run = fillable;
      }
    }
  }
  for (int k = 0; k < g.dims[2]; ++k) {
    for (int j = 0; j < g.dims[1]; ++j) {
      const std::size_t row = g.at(0, j, k);
      const RowSpan active = top.active[top.row_index(j, k)];
      int lo = g.dims[0], hi = 0;
      for (int i = active.begin; i < active.end; ++i) {
        if (seen[row + static_cast<std::size_t>(i)]) {
          lo = std::min(lo, i);
          hi = i + 1;
        }
      }
      if (lo >= hi) lo = hi = 0;
      for (int i = lo; i < hi; ++i) {
        if (!seen[row + static_cast<std::size_t>(i)])
          unreachable_in_span_.push_back(static_cast<std::uint32_t>(row) +
                                         static_cast<std::uint32_t>(i));
      }
      const std::size_t r = top.row_index(j, k);
      top.span_lo[r] = lo;
      top.span_hi[r] = hi;
      std::fill(x.begin() + static_cast<std::ptrdiff_t>(row),
                x.begin() + static_cast<std::ptrdiff_t>(row) + lo, 0.0f);
      std::fill(x.begin() + static_cast<std::ptrdiff_t>(row) + hi,
                x.begin() + static_cast<std::ptrdiff_t>(row) + g.dims[0], 0.0f);
    }
  }
  for (std::size_t l = 0; l + 1 < levels_.size(); ++l) {
    Level& f = *levels_[l];
    Level& c = *levels_[l + 1];
    const auto& fd = f.grid.dims;
    for (int kc = 0; kc < c.grid.dims[2]; ++kc) {
      for (int jc = 0; jc < c.grid.dims[1]; ++jc) {
        int lo = c.grid.dims[0], hi = 0;
        for (int k = 2 * kc; k < std::min(fd[2], 2 * kc + 2); ++k) {
          for (int j = 2 * jc; j < std::min(fd[1], 2 * jc + 2); ++j) {
            const std::size_t r = f.row_index(j, k);
            if (f.span_lo[r] >= f.span_hi[r]) continue;
            lo = std::min(lo, f.span_lo[r] / 2);
            hi = std::max(hi, (f.span_hi[r] - 1) / 2 + 1);
          }
        }
        if (lo >= hi) lo = hi = 0;
        const std::size_t r = c.row_index(jc, kc);
        c.span_lo[r] = lo;
        c.span_hi[r] = hi;
      }
    }
    f.orphan_in_span.assign(f.orphans.size(), 0);
    f.orphan_red.assign(f.orphans.size(), 0);
    for (std::size_t t = 0; t < f.orphans.size(); ++t) {
      const std::size_t p = f.orphans[t].fine;
      const int i = static_cast<int>(p % f.grid.stride_y) - 1;
      const int j = static_cast<int>((p / f.grid.stride_y) % (fd[1] + 2)) - 1;
      const int k = static_cast<int>(p / f.grid.stride_z) - 1;
      const std::size_t r = f.row_index(j, k);
      f.orphan_in_span[t] = i >= f.span_lo[r] && i < f.span_hi[r] ? 1 : 0;
      f.orphan_red[t] = ((i + j + k) & 1) == 0 ? 1 : 0;
    }
  }
}

int MultigridSolver::levels() const {
  return static_cast<int>(levels_.size());
}

void MultigridSolver::v_cycle(std::size_t l, bool serial) {
  Level& f = *levels_[l];
  const int nz = f.grid.dims[2];
  const bool parallel =
      !serial && interior_cells(f.grid) >= 32768 && nz >= 4 * (2 * kPreSmooth + 2);
  if (l + 1 == levels_.size()) {
    for (int it = 0; it < 2 * kCoarsestSweeps; ++it) {
      const bool reverse = it >= kCoarsestSweeps;
      for (int pass = 0; pass < 2; ++pass) {
        const int colour = reverse ? 1 - pass : pass;
        f.for_slabs_maybe_parallel(parallel,
                                   [&](int k) { f.smooth_slab(k, colour, it == 0 && pass == 0); });
      }
    }
    return;
  }
  Level& c = *levels_[l + 1];
  std::fill(c.rhs.begin(), c.rhs.end(), 0.0f);
  // Pre-smoothing (red, black, ... starting from x = 0) and restriction of the residual, as
  // wavefronts over the slabs (wavefront / split_wavefront above), so a slab is read from
  // memory once for all stages instead of once per stage. Every order gives the same numbers.
  constexpr int kPreStages = 2 * kPreSmooth;
  auto pre_stage = [&](int s, int k) {
    if (s < kPreStages)
      f.smooth_slab(k, s & 1, s == 0);
    else
      f.restrict_slab(k, c);
  };
  // Both threads: the smoothing stages as two wavefronts, then the restriction in parallel
  // over coarse slabs (each sums its two fine slabs in order, as the serial wavefront does).
  if (parallel) {
    split_wavefront(nz, kPreStages - 1, pre_stage);
    parallel_for(0, c.grid.dims[2], 1, [&](std::int64_t k0, std::int64_t k1) {
      for (std::int64_t kc = k0; kc < k1; ++kc) {
        for (int k = 2 * static_cast<int>(kc); k < std::min(nz, 2 * static_cast<int>(kc) + 2); ++k)
          f.restrict_slab(k, c);
      }
    });
  } else {
    wavefront(nz, kPreStages, pre_stage);
  }
  f.move_orphan_residuals(c);
  v_cycle(l + 1, serial);
  // Prolongation and post-smoothing in the reverse colour order (black first), as symmetric as
  // the transfers allow (the flexible Krylov step does not need more).
  constexpr int kPostStages = 2 * kPostSmooth;
  auto post_stage = [&](int s, int k) {
    if (s == 0)
      f.prolong_slab(k, c);
    else
      f.smooth_slab(k, s & 1, false);  // s = 1: black, 2: red, ...
  };
  if (parallel)
    split_wavefront(nz, kPostStages, post_stage);
  else
    wavefront(nz, kPostStages, post_stage);
}

SolveReport MultigridSolver::solve(const std::vector<float>& rhs, std::vector<float>& x,
                                   double relative_tolerance, int max_cycles) {
  // Conjugate gradients preconditioned by one V-cycle (flexible form: β from the change of the
  // residual, so a V-cycle that is not exactly symmetric does no harm). The Krylov step removes
  // the few modes the V-cycle leaves (e.g. orphans without a host). Every vector pass is one
  // sweep over the slabs with per-slab sums added in slab order: the result does not depend on
  // the threads. q = A p is kept by recurrence (A p_new = A z + β A p_old), so the search
  // direction needs no second pass.
  Level& top = *levels_.front();
  const PaddedGrid& g = top.grid;
  const std::size_t sy = g.stride_y, sz = g.stride_z;
  const int ny = g.dims[1], nz = g.dims[2];
  const bool serial = parallel_for_is_serial_here() || interior_cells(g) < 32768;
  std::vector<double> slab_a(static_cast<std::size_t>(nz)), slab_b(static_cast<std::size_t>(nz));
  auto sweep = [&](auto&& row_body) {  // row_body(first, end) -> (double, double) per row span
    top.for_slabs_maybe_parallel(!serial, [&](int k) {
      double a = 0.0, b = 0.0;
      for (int j = 0; j < ny; ++j) {
        const std::size_t r = top.row_index(j, k);
        if (top.span_lo[r] >= top.span_hi[r]) continue;
        const std::size_t row = g.at(0, j, k);
        const auto [ra, rb] = row_body(row + static_cast<std::size_t>(top.span_lo[r]),
                                       row + static_cast<std::size_t>(top.span_hi[r]));
        a += ra;
        b += rb;
      }
      slab_a[static_cast<std::size_t>(k)] = a;
      slab_b[static_cast<std::size_t>(k)] = b;
    });
    double a = 0.0, b = 0.0;
    for (int k = 0; k < nz; ++k) {
      a += slab_a[static_cast<std::size_t>(k)];
      b += slab_b[static_cast<std::size_t>(k)];
    }
    return std::pair<double, double>{a, b};
  };
  const float* gx = top.gx.data();
  const float* gy = top.gy.data();
  const float* gz = top.gz.data();
  const float* dg = top.diag.data();
  auto a_times = [&](const float* v, std::size_t p) {
    return dg[p] * v[p] - gx[p - 1] * v[p - 1] - gx[p] * v[p + 1] - gy[p - sy] * v[p - sy] -
           gy[p] * v[p + sy] - gz[p - sz] * v[p - sz] - gz[p] * v[p + sz];
  };

  SolveReport report;
  restrict_to_reachable(rhs, x);
  const double rhs_norm_sq =
      sweep([&](std::size_t row, std::size_t row_end) {
        return std::pair<double, double>{
            row_sum(row, row_end,
                    [&](std::size_t m) { return static_cast<double>(rhs[m]) * rhs[m]; }),
            0.0};
      }).first;
  if (rhs_norm_sq == 0.0) {
    std::fill(x.begin(), x.end(), 0.0f);
    return report;
  }
  const std::size_t n = g.padded_size;
  std::vector<float> r(n, 0.0f), p(n, 0.0f), q(n, 0.0f);
  std::vector<float>& sol = x;
  auto residual = [&]() {
    return sweep([&](std::size_t row, std::size_t row_end) {
             return std::pair<double, double>{row_sum(row, row_end,
                                                      [&](std::size_t m) {
                                                        const float v =
                                                            rhs[m] - a_times(sol.data(), m);
                                                        r[m] = v;
                                                        return static_cast<double>(v) * v;
                                                      }),
                                              0.0};
           })
        .first;
  };
  double rr = residual();
  if (rr > rhs_norm_sq) {  // an initial guess worse than none (a poor warm start): drop it
    std::fill(sol.begin(), sol.end(), 0.0f);
    rr = residual();
  }
  double rel = std::sqrt(rr / rhs_norm_sq);
  double rz = 0.0, alpha = 0.0;
  const float* z = top.x.data();
  while (rel > relative_tolerance && report.cycles < max_cycles) {
    // z = V-cycle(r): r is lent to the top level as its right-hand side and handed back.
    top.rhs.swap(r);
    v_cycle(0, serial);
    top.rhs.swap(r);
    // The V-cycle leaks a little into unreachable cells inside the spans; keeping the search
    // directions on the reachable cells alone saves an iteration here and there.
    for (std::uint32_t m : unreachable_in_span_)
      top.x[m] = 0.0f;
    z = top.x.data();
    ++report.cycles;
    // r·z and q·z (β), then p = z + β p, q = A z + β q and p·q in one pass.
    const auto [rz_new, qz] = sweep([&](std::size_t row, std::size_t row_end) {
      const double a =
          row_sum(row, row_end, [&](std::size_t m) { return static_cast<double>(r[m]) * z[m]; });
      const double b = report.cycles == 1 ? 0.0 : row_sum(row, row_end, [&](std::size_t m) {
        return static_cast<double>(q[m]) * z[m];
      });
      return std::pair<double, double>{a, b};
    });
    const float beta = report.cycles == 1 ? 0.0f : static_cast<float>(-alpha * qz / rz);
    rz = rz_new;
    const double pq =
        sweep([&](std::size_t row, std::size_t row_end) {
          return std::pair<double, double>{row_sum(row, row_end,
                                                   [&](std::size_t m) {
                                                     const float pm = z[m] + beta * p[m];
                                                     const float qm = a_times(z, m) + beta * q[m];
                                                     p[m] = pm;
                                                     q[m] = qm;
                                                     return static_cast<double>(pm) * qm;
                                                   }),
                                           0.0};
        }).first;
    if (!(pq > 0.0)) break;
    alpha = rz / pq;
    const float a = static_cast<float>(alpha);
    rr = sweep([&](std::size_t row, std::size_t row_end) {
           return std::pair<double, double>{row_sum(row, row_end,
                                                    [&](std::size_t m) {
                                                      sol[m] += a * p[m];
                                                      r[m] -= a * q[m];
                                                      return static_cast<double>(r[m]) * r[m];
                                                    }),
                                            0.0};
         }).first;
    rel = std::sqrt(rr / rhs_norm_sq);
  }
  report.relative_residual = rel;
  return report;
}

}  // namespace toxplan::sim
