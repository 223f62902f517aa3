#include "sim/multigrid_solver.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "sim/parallel_for.h"

namespace toxplan::sim {

PaddedGrid::PaddedGrid(std::array<int, 3> d) : dims(d) {
  stride_y = static_cast<std::size_t>(d[0] + 2);
  stride_z = stride_y * static_cast<std::size_t>(d[1] + 2);
  padded_size = stride_z * static_cast<std::size_t>(d[2] + 2);
}

namespace {

// Runs body(k_begin, k_end) over interior z-slabs, in parallel when the level is large enough
// to pay for the threads.
template <class Body>
void for_slabs(const PaddedGrid& g, Body&& body) {
  const std::size_t cells = static_cast<std::size_t>(g.dims[0]) * g.dims[1] * g.dims[2];
  if (cells < 32768) {
    body(0, g.dims[2]);
    return;
  }
  parallel_for(0, g.dims[2], 2, [&](std::int64_t k0, std::int64_t k1) {
    body(static_cast<int>(k0), static_cast<int>(k1));
  });
}

// Per-dimension prolongation: fine cell i takes 3/4 of coarse parent i/2 and 1/4 of the coarse
// neighbour on its side (clamped at the ends, where both weights go to the parent).
struct Prolong1D {
  std::vector<int> parent, other;
};
Prolong1D prolong_1d(int fine_n, int coarse_n) {
  Prolong1D p;
  p.parent.resize(static_cast<std::size_t>(fine_n));
  p.other.resize(static_cast<std::size_t>(fine_n));
  for (int i = 0; i < fine_n; ++i) {
    const int parent = i / 2;
    const int other = std::clamp((i & 1) ? parent + 1 : parent - 1, 0, coarse_n - 1);
    p.parent[static_cast<std::size_t>(i)] = parent;
    p.other[static_cast<std::size_t>(i)] = other;
  }
  return p;
}

}  // namespace

struct MultigridSolver::Level {
  PaddedGrid grid;
  std::vector<float> gx, gy, gz, w, inv_diag;
  std::vector<float> x, rhs, r;
  Prolong1D px, py, pz;  // from the next coarser level into this one

  explicit Level(ScreenedPoissonSystem s)
      : grid(s.grid),
        gx(std::move(s.gx)),
        gy(std::move(s.gy)),
        gz(std::move(s.gz)),
        w(std::move(s.w)) {
    finish();
  }
  Level() = default;

  void finish() {
    inv_diag.assign(grid.padded_size, 0.0f);
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    for_slabs(grid, [&](int k0, int k1) {
      for (int k = k0; k < k1; ++k) {
        for (int j = 0; j < grid.dims[1]; ++j) {
          std::size_t p = grid.at(0, j, k);
          for (int i = 0; i < grid.dims[0]; ++i, ++p) {
            const double d = static_cast<double>(w[p]) + gx[p] + gx[p - 1] + gy[p] + gy[p - sy] +
                             gz[p] + gz[p - sz];
            inv_diag[p] = d > 0.0 ? static_cast<float>(1.0 / d) : 0.0f;
          }
        }
      }
    });
    x.assign(grid.padded_size, 0.0f);
    rhs.assign(grid.padded_size, 0.0f);
    r.assign(grid.padded_size, 0.0f);
  }

  // One red-black Gauss-Seidel sweep (both colours).
  void smooth() {
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    for (int colour = 0; colour < 2; ++colour) {
      for_slabs(grid, [&](int k0, int k1) {
        float* xs = x.data();
        for (int k = k0; k < k1; ++k) {
          for (int j = 0; j < grid.dims[1]; ++j) {
            const int i0 = (j + k + colour) & 1;
            std::size_t p = grid.at(i0, j, k);
            for (int i = i0; i < grid.dims[0]; i += 2, p += 2) {
              xs[p] =
                  (rhs[p] + gx[p - 1] * xs[p - 1] + gx[p] * xs[p + 1] + gy[p - sy] * xs[p - sy] +
                   gy[p] * xs[p + sy] + gz[p - sz] * xs[p - sz] + gz[p] * xs[p + sz]) *
                  inv_diag[p];
            }
          }
        }
      });
    }
  }

  // r = rhs - A x; returns ||r||².
  double residual() {
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    std::vector<double> slab_sum(static_cast<std::size_t>(grid.dims[2]), 0.0);
    for_slabs(grid, [&](int k0, int k1) {
      for (int k = k0; k < k1; ++k) {
        double s = 0.0;
        for (int j = 0; j < grid.dims[1]; ++j) {
          std::size_t p = grid.at(0, j, k);
          for (int i = 0; i < grid.dims[0]; ++i, ++p) {
            const float diag = w[p] + gx[p] + gx[p - 1] + gy[p] + gy[p - sy] + gz[p] + gz[p - sz];
            const float v = rhs[p] - diag * x[p] + gx[p - 1] * x[p - 1] + gx[p] * x[p + 1] +
                            gy[p - sy] * x[p - sy] + gy[p] * x[p + sy] + gz[p - sz] * x[p - sz] +
                            gz[p] * x[p + sz];
            r[p] = v;
            s += static_cast<double>(v) * v;
          }
        }
        slab_sum[static_cast<std::size_t>(k)] = s;
      }
    });
    double total = 0.0;
    for (double s : slab_sum)
      total += s;
    return total;
  }
};

MultigridSolver::MultigridSolver(ScreenedPoissonSystem system) {
  levels_.push_back(std::make_unique<Level>(std::move(system)));
  while (levels_.size() < 12) {
    const Level& f = *levels_.back();
    const auto& fd = f.grid.dims;
    if (std::min({fd[0], fd[1], fd[2]}) < 5)
      break;
    auto c = std::make_unique<Level>();
    c->grid = PaddedGrid({(fd[0] + 1) / 2, (fd[1] + 1) / 2, (fd[2] + 1) / 2});
    const PaddedGrid& cg = c->grid;
    c->gx.assign(cg.padded_size, 0.0f);
    c->gy.assign(cg.padded_size, 0.0f);
    c->gz.assign(cg.padded_size, 0.0f);
    c->w.assign(cg.padded_size, 0.0f);
    for_slabs(cg, [&](int k0, int k1) {
      for (int kc = k0; kc < k1; ++kc) {
        for (int jc = 0; jc < cg.dims[1]; ++jc) {
          for (int ic = 0; ic < cg.dims[0]; ++ic) {
            const std::size_t pc = cg.at(ic, jc, kc);
            double w = 0.0, gx = 0.0, gy = 0.0, gz = 0.0;
            for (int c3 = 0; c3 < 8; ++c3) {
              const int a = c3 & 1, b = (c3 >> 1) & 1, d = (c3 >> 2) & 1;
              const int i = 2 * ic + a, j = 2 * jc + b, k = 2 * kc + d;
              if (i >= fd[0] || j >= fd[1] || k >= fd[2])
                continue;
              const std::size_t pf = f.grid.at(i, j, k);
              w += f.w[pf];
              if (a == 1)
                gx += f.gx[pf];
              if (b == 1)
                gy += f.gy[pf];
              if (d == 1)
                gz += f.gz[pf];
            }
            // Faces on the last coarse cell of an odd-sized row lead to the ghost: keep 0.
            if (2 * ic + 1 >= fd[0])
              gx = 0.0;
            if (2 * jc + 1 >= fd[1])
              gy = 0.0;
            if (2 * kc + 1 >= fd[2])
              gz = 0.0;
            c->w[pc] = static_cast<float>(w);
            // Four fine faces in parallel, two fine cells in series along the normal.
            c->gx[pc] = static_cast<float>(0.5 * gx);
            c->gy[pc] = static_cast<float>(0.5 * gy);
            c->gz[pc] = static_cast<float>(0.5 * gz);
          }
        }
      }
    });
    c->finish();
    Level& fine = *levels_.back();
    fine.px = prolong_1d(fd[0], cg.dims[0]);
    fine.py = prolong_1d(fd[1], cg.dims[1]);
    fine.pz = prolong_1d(fd[2], cg.dims[2]);
    levels_.push_back(std::move(c));
  }
}

MultigridSolver::~MultigridSolver() = default;

int MultigridSolver::levels() const {
  return static_cast<int>(levels_.size());
}

void MultigridSolver::v_cycle(std::size_t l) {
  Level& f = *levels_[l];
  if (l + 1 == levels_.size()) {
    for (int it = 0; it < 40; ++it)
      f.smooth();
    return;
  }
  constexpr int kPreSmooth = 2, kPostSmooth = 2;
  for (int it = 0; it < kPreSmooth; ++it)
    f.smooth();
  f.residual();
  Level& c = *levels_[l + 1];
  const PaddedGrid& cg = c.grid;
  const auto& fd = f.grid.dims;
  // Restriction: the equations are volume-integrated, so coarse rhs = sum of the children.
  for_slabs(cg, [&](int k0, int k1) {
    for (int kc = k0; kc < k1; ++kc) {
      for (int jc = 0; jc < cg.dims[1]; ++jc) {
        for (int ic = 0; ic < cg.dims[0]; ++ic) {
          float s = 0.0f;
          for (int c3 = 0; c3 < 8; ++c3) {
            const int i = 2 * ic + (c3 & 1), j = 2 * jc + ((c3 >> 1) & 1),
                      k = 2 * kc + ((c3 >> 2) & 1);
            if (i < fd[0] && j < fd[1] && k < fd[2])
              s += f.r[f.grid.at(i, j, k)];
          }
          c.rhs[cg.at(ic, jc, kc)] = s;
        }
      }
    }
  });
  std::fill(c.x.begin(), c.x.end(), 0.0f);
  v_cycle(l + 1);
  // Trilinear (cell-centred) prolongation of the correction.
  for_slabs(f.grid, [&](int k0, int k1) {
    for (int k = k0; k < k1; ++k) {
      const int kp = f.pz.parent[static_cast<std::size_t>(k)];
      const int ko = f.pz.other[static_cast<std::size_t>(k)];
      for (int j = 0; j < fd[1]; ++j) {
        const int jp = f.py.parent[static_cast<std::size_t>(j)];
        const int jo = f.py.other[static_cast<std::size_t>(j)];
        std::size_t p = f.grid.at(0, j, k);
        for (int i = 0; i < fd[0]; ++i, ++p) {
          const int ip = f.px.parent[static_cast<std::size_t>(i)];
          const int io = f.px.other[static_cast<std::size_t>(i)];
          const float v =
              0.421875f * c.x[cg.at(ip, jp, kp)] +
              0.140625f *
                  (c.x[cg.at(io, jp, kp)] + c.x[cg.at(ip, jo, kp)] + c.x[cg.at(ip, jp, ko)]) +
              0.046875f *
                  (c.x[cg.at(io, jo, kp)] + c.x[cg.at(io, jp, ko)] + c.x[cg.at(ip, jo, ko)]) +
              0.015625f * c.x[cg.at(io, jo, ko)];
          f.x[p] += v;
        }
      }
    }
  });
  for (int it = 0; it < kPostSmooth; ++it)
    f.smooth();
}

SolveReport MultigridSolver::solve(const std::vector<float>& rhs, std::vector<float>& x,
                                   double relative_tolerance, int max_cycles) {
  Level& top = *levels_.front();
  top.rhs = rhs;
  top.x = x;
  double rhs_norm_sq = 0.0;
  for (float v : rhs)
    rhs_norm_sq += static_cast<double>(v) * v;
  SolveReport report;
  if (rhs_norm_sq == 0.0) {
    std::fill(x.begin(), x.end(), 0.0f);
    return report;
  }
  double rel = std::sqrt(top.residual() / rhs_norm_sq);
  while (rel > relative_tolerance && report.cycles < max_cycles) {
    v_cycle(0);
    ++report.cycles;
    rel = std::sqrt(top.residual() / rhs_norm_sq);
  }
  report.relative_residual = rel;
  x = top.x;
  return report;
}

}  // namespace toxplan::sim
