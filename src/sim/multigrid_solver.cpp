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

  // One red-black Gauss-Seidel sweep (both colours; black first when `reverse`, so that a
  // V-cycle with reversed post-smoothing is a symmetric preconditioner).
  void smooth(bool reverse = false) {
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    for (int pass = 0; pass < 2; ++pass) {
      const int colour = reverse ? 1 - pass : pass;
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

  // out = A in (padded layout; ghosts of `out` untouched). Returns in·out.
  double apply(const std::vector<float>& in, std::vector<float>& out) const {
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    std::vector<double> slab_sum(static_cast<std::size_t>(grid.dims[2]), 0.0);
    for_slabs(grid, [&](int k0, int k1) {
      const float* v = in.data();
      for (int k = k0; k < k1; ++k) {
        double s = 0.0;
        for (int j = 0; j < grid.dims[1]; ++j) {
          std::size_t p = grid.at(0, j, k);
          for (int i = 0; i < grid.dims[0]; ++i, ++p) {
            const float diag = w[p] + gx[p] + gx[p - 1] + gy[p] + gy[p - sy] + gz[p] + gz[p - sz];
            const float a = diag * v[p] - gx[p - 1] * v[p - 1] - gx[p] * v[p + 1] -
                            gy[p - sy] * v[p - sy] - gy[p] * v[p + sy] - gz[p - sz] * v[p - sz] -
                            gz[p] * v[p + sz];
            out[p] = a;
            s += static_cast<double>(a) * v[p];
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

  // Residual rhs - A x of this level summed straight into the coarse level's rhs (the
  // equations are volume-integrated, so coarse rhs = sum of the children), one pass.
  void restrict_residual(Level& c) const {
    const std::size_t sy = grid.stride_y, sz = grid.stride_z;
    const PaddedGrid& cg = c.grid;
    const auto& fd = grid.dims;
    for_slabs(cg, [&](int k0, int k1) {
      const float* xs = x.data();
      for (int kc = k0; kc < k1; ++kc) {
        for (int jc = 0; jc < cg.dims[1]; ++jc) {
          float* out = c.rhs.data() + cg.at(0, jc, kc);
          std::fill(out, out + cg.dims[0], 0.0f);
        }
        for (int k = 2 * kc; k < std::min(2 * kc + 2, fd[2]); ++k) {
          for (int j = 0; j < fd[1]; ++j) {
            float* out = c.rhs.data() + cg.at(0, j / 2, kc);
            std::size_t p = grid.at(0, j, k);
            for (int i = 0; i < fd[0]; ++i, ++p) {
              const float diag = w[p] + gx[p] + gx[p - 1] + gy[p] + gy[p - sy] + gz[p] + gz[p - sz];
              out[i >> 1] += rhs[p] - diag * xs[p] + gx[p - 1] * xs[p - 1] + gx[p] * xs[p + 1] +
                             gy[p - sy] * xs[p - sy] + gy[p] * xs[p + sy] +
                             gz[p - sz] * xs[p - sz] + gz[p] * xs[p + sz];
            }
          }
        }
      }
    });
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
    if (std::min({fd[0], fd[1], fd[2]}) < 5) break;
    auto c = std::make_unique<Level>();
    c->grid = PaddedGrid({(fd[0] + 1) / 2, (fd[1] + 1) / 2, (fd[2] + 1) / 2});
    const PaddedGrid& cg = c->grid;
    c->gx.assign(cg.padded_size, 0.0f);
    c->gy.assign(cg.padded_size, 0.0f);
    c->gz.assign(cg.padded_size, 0.0f);
    c->w.assign(cg.padded_size, 0.0f);
    const std::size_t fsy = f.grid.stride_y, fsz = f.grid.stride_z;
    // A fine cell with no conducting face (bone with the default no-flux) is decoupled: its
    // equation is solved exactly by the smoother and it must not add uptake to its parent.
    auto isolated = [&](std::size_t pf) {
      return f.gx[pf] == 0.0f && f.gx[pf - 1] == 0.0f && f.gy[pf] == 0.0f &&
             f.gy[pf - fsy] == 0.0f && f.gz[pf] == 0.0f && f.gz[pf - fsz] == 0.0f;
    };
    // Conductance of one fine row between two coarse cell centres: half of the internal face
    // of the first parent, the face between the parents, half of the internal face of the
    // second, in series. An internal face that does not conduct (or does not exist, at an odd
    // end) is replaced by the crossing face, so that an isolated fine child does not cut the row.
    auto row = [](float inner_a, float cross, float inner_b) -> double {
      if (cross <= 0.0f) return 0.0;
      const double ia = inner_a > 0.0f ? inner_a : cross;
      const double ib = inner_b > 0.0f ? inner_b : cross;
      return 1.0 / (0.5 / ia + 1.0 / cross + 0.5 / ib);
    };
    for_slabs(cg, [&](int k0, int k1) {
      for (int kc = k0; kc < k1; ++kc) {
        for (int jc = 0; jc < cg.dims[1]; ++jc) {
          for (int ic = 0; ic < cg.dims[0]; ++ic) {
            const std::size_t pc = cg.at(ic, jc, kc);
            double w = 0.0, gx = 0.0, gy = 0.0, gz = 0.0;
            for (int c3 = 0; c3 < 8; ++c3) {
              const int a = c3 & 1, b = (c3 >> 1) & 1, d = (c3 >> 2) & 1;
              const int i = 2 * ic + a, j = 2 * jc + b, k = 2 * kc + d;
              if (i >= fd[0] || j >= fd[1] || k >= fd[2]) continue;
              const std::size_t pf = f.grid.at(i, j, k);
              if (!isolated(pf)) w += f.w[pf];
              // Crossing faces leave from the second child along each axis.
              if (a == 1 && i + 1 < fd[0])
                gx += row(f.gx[pf - 1], f.gx[pf], i + 2 < fd[0] ? f.gx[pf + 1] : 0.0f);
              if (b == 1 && j + 1 < fd[1])
                gy += row(f.gy[pf - fsy], f.gy[pf], j + 2 < fd[1] ? f.gy[pf + fsy] : 0.0f);
              if (d == 1 && k + 1 < fd[2])
                gz += row(f.gz[pf - fsz], f.gz[pf], k + 2 < fd[2] ? f.gz[pf + fsz] : 0.0f);
            }
            if (w == 0.0) {  // every child isolated: keep the coarse equation regular
              for (int c3 = 0; c3 < 8; ++c3) {
                const int i = 2 * ic + (c3 & 1), j = 2 * jc + ((c3 >> 1) & 1),
                          k = 2 * kc + ((c3 >> 2) & 1);
                if (i < fd[0] && j < fd[1] && k < fd[2]) w += f.w[f.grid.at(i, j, k)];
              }
            }
            c->w[pc] = static_cast<float>(w);
            c->gx[pc] = static_cast<float>(gx);
            c->gy[pc] = static_cast<float>(gy);
            c->gz[pc] = static_cast<float>(gz);
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
    for (int it = 0; it < 20; ++it)
      f.smooth();
    for (int it = 0; it < 20; ++it)
      f.smooth(true);
    return;
  }
  constexpr int kPreSmooth = 2, kPostSmooth = 2;
  for (int it = 0; it < kPreSmooth; ++it)
    f.smooth();
  Level& c = *levels_[l + 1];
  const PaddedGrid& cg = c.grid;
  const auto& fd = f.grid.dims;
  f.restrict_residual(c);
  std::fill(c.x.begin(), c.x.end(), 0.0f);
  v_cycle(l + 1);
  // Trilinear (cell-centred) prolongation of the correction, except across a face that does
  // not conduct (bone): there the cell takes its parent's value along that axis, so that the
  // correction of tissue on the far side of a bone sheet does not leak into this side.
  const std::size_t fsy = f.grid.stride_y, fsz = f.grid.stride_z;
  for_slabs(f.grid, [&](int k0, int k1) {
    for (int k = k0; k < k1; ++k) {
      const int kp = f.pz.parent[static_cast<std::size_t>(k)];
      const int kq = f.pz.other[static_cast<std::size_t>(k)];
      for (int j = 0; j < fd[1]; ++j) {
        const int jp = f.py.parent[static_cast<std::size_t>(j)];
        const int jq = f.py.other[static_cast<std::size_t>(j)];
        // Coarse rows (parent / other along y) x (parent / other along z).
        const float* rows[2][2] = {{c.x.data() + cg.at(0, jp, kp), c.x.data() + cg.at(0, jp, kq)},
                                   {c.x.data() + cg.at(0, jq, kp), c.x.data() + cg.at(0, jq, kq)}};
        std::size_t p = f.grid.at(0, j, k);
        const std::size_t y_face = (j & 1) ? 0 : fsy;  // face toward the other parent along y
        const std::size_t z_face = (k & 1) ? 0 : fsz;
        for (int i = 0; i < fd[0]; ++i, ++p) {
          const int ip = f.px.parent[static_cast<std::size_t>(i)];
          const int io = (((i & 1) ? f.gx[p] : f.gx[p - 1]) == 0.0f)
                             ? ip
                             : f.px.other[static_cast<std::size_t>(i)];
          const int jsel = f.gy[p - y_face] == 0.0f ? 0 : 1;
          const int ksel = f.gz[p - z_face] == 0.0f ? 0 : 1;
          const float* rpp = rows[0][0];
          const float* rop = rows[jsel][0];
          const float* rpo = rows[0][ksel];
          const float* roo = rows[jsel][ksel];
          f.x[p] += 0.421875f * rpp[ip] + 0.140625f * (rpp[io] + rop[ip] + rpo[ip]) +
                    0.046875f * (rop[io] + rpo[io] + roo[ip]) + 0.015625f * roo[io];
        }
      }
    }
  });
  for (int it = 0; it < kPostSmooth; ++it)
    f.smooth(true);
}

namespace {

// Sums body(begin, end) over [0, n) in fixed blocks, in parallel; the blocks and the order of the
// final sum do not depend on the threads, so the result is deterministic.
template <class Body>
double block_sum(std::size_t n, Body&& body) {
  constexpr std::size_t kBlock = 1 << 16;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<double> partial(blocks, 0.0);
  parallel_for(0, static_cast<std::int64_t>(blocks), 1, [&](std::int64_t b0, std::int64_t b1) {
    for (std::int64_t b = b0; b < b1; ++b) {
      const std::size_t lo = static_cast<std::size_t>(b) * kBlock;
      partial[static_cast<std::size_t>(b)] = body(lo, std::min(n, lo + kBlock));
    }
  });
  double total = 0.0;
  for (double v : partial)
    total += v;
  return total;
}

}  // namespace

void MultigridSolver::precondition(std::vector<float>& r, std::vector<float>& z) {
  // z = V-cycle(r): r is lent to the top level as its right-hand side and handed back.
  Level& top = *levels_.front();
  top.rhs.swap(r);
  std::fill(top.x.begin(), top.x.end(), 0.0f);
  v_cycle(0);
  top.rhs.swap(r);
  z.swap(top.x);
}

SolveReport MultigridSolver::solve(const std::vector<float>& rhs, std::vector<float>& x,
                                   double relative_tolerance, int max_cycles) {
  // Conjugate gradients preconditioned by one V-cycle (flexible form: β from the change of the
  // residual, so a V-cycle that is not exactly symmetric does no harm). Plain V-cycles stall on
  // the atlas: a thin no-flux bone sheet is invisible to a coarse cell that holds soft tissue on
  // both sides of it, and the few modes that leak through converge at 0.85 per cycle; the
  // Krylov step removes them. The vector updates are fused and run in parallel; the change of
  // the residual is -α q, so β = (r - r_old)·z / rz_old = -α_old q·z / rz_old needs no copy of
  // the old residual.
  Level& top = *levels_.front();
  const std::size_t n = rhs.size();
  const double rhs_norm_sq = block_sum(n, [&](std::size_t lo, std::size_t hi) {
    double s = 0.0;
    for (std::size_t m = lo; m < hi; ++m)
      s += static_cast<double>(rhs[m]) * rhs[m];
    return s;
  });
  SolveReport report;
  if (rhs_norm_sq == 0.0) {
    std::fill(x.begin(), x.end(), 0.0f);
    return report;
  }
  top.x = x;
  top.rhs = rhs;
  double rr = top.residual();
  if (rr > rhs_norm_sq) {  // an initial guess worse than none (a poor warm start): drop it
    std::fill(top.x.begin(), top.x.end(), 0.0f);
    rr = top.residual();
  }
  std::vector<float> r = top.r, sol = top.x, z(n, 0.0f), p(n, 0.0f), q(n, 0.0f);
  double rel = std::sqrt(rr / rhs_norm_sq);
  double rz = 0.0, alpha_old = 0.0;
  while (rel > relative_tolerance && report.cycles < max_cycles) {
    precondition(r, z);
    ++report.cycles;
    if (report.cycles == 1) {
      rz = block_sum(n, [&](std::size_t lo, std::size_t hi) {
        double s = 0.0;
        for (std::size_t m = lo; m < hi; ++m) {
          p[m] = z[m];
          s += static_cast<double>(r[m]) * z[m];
        }
        return s;
      });
    } else {
      const std::size_t blocks = (n + (1u << 16) - 1) >> 16;
      std::vector<double> rz_part(blocks, 0.0), qz_part(blocks, 0.0);
      parallel_for(0, static_cast<std::int64_t>(blocks), 1, [&](std::int64_t b0, std::int64_t b1) {
        for (std::int64_t b = b0; b < b1; ++b) {
          const std::size_t lo = static_cast<std::size_t>(b) << 16;
          const std::size_t hi = std::min(n, lo + (1u << 16));
          double s1 = 0.0, s2 = 0.0;
          for (std::size_t m = lo; m < hi; ++m) {
            s1 += static_cast<double>(r[m]) * z[m];
            s2 += static_cast<double>(q[m]) * z[m];
          }
          rz_part[static_cast<std::size_t>(b)] = s1;
          qz_part[static_cast<std::size_t>(b)] = s2;
        }
      });
      double rz_new = 0.0, qz = 0.0;
      for (std::size_t b = 0; b < blocks; ++b) {
        rz_new += rz_part[b];
        qz += qz_part[b];
      }
      const float beta = static_cast<float>(-alpha_old * qz / rz);
      rz = rz_new;
      parallel_for(0, static_cast<std::int64_t>(blocks), 1, [&](std::int64_t b0, std::int64_t b1) {
        const std::size_t lo = static_cast<std::size_t>(b0) << 16;
        const std::size_t hi = std::min(n, static_cast<std::size_t>(b1) << 16);
        for (std::size_t m = lo; m < hi; ++m)
          p[m] = z[m] + beta * p[m];
      });
    }
    const double pq = top.apply(p, q);
    if (!(pq > 0.0)) break;
    const float alpha = static_cast<float>(rz / pq);
    alpha_old = alpha;
    rr = block_sum(n, [&](std::size_t lo, std::size_t hi) {
      double s = 0.0;
      for (std::size_t m = lo; m < hi; ++m) {
        sol[m] += alpha * p[m];
        r[m] -= alpha * q[m];
        s += static_cast<double>(r[m]) * r[m];
      }
      return s;
    });
    rel = std::sqrt(rr / rhs_norm_sq);
  }
  report.relative_residual = rel;
  x = std::move(sol);
  return report;
}

}  // namespace toxplan::sim
