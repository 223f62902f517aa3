#include "sim/multigrid_coarsening.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

#include "base/parallel_for.h"

namespace toxplan::sim {

namespace {

// What a fine cell is to its coarse cell.
enum : std::uint8_t {
  kMember = 0,    // part of the piece its parent stands for
  kOrphan = 1,    // a conducting piece that is not
  kIsolated = 2,  // no conducting face at all (bone with no-flux; also the ghost cells)
};

// Runs body(k_begin, k_end) over [0, n) slabs, in parallel when the grid is large enough.
template <class Body>
void over_slabs(std::size_t cells, int n, Body&& body) {
  if (cells < 32768) {
    body(0, n);
    return;
  }
  parallel_for(0, n, 1, [&](std::int64_t k0, std::int64_t k1) {
    body(static_cast<int>(k0), static_cast<int>(k1));
  });
}

// Conductance of one fine row between two coarse cell centres: half of the internal face of
// the first parent, the face between the parents, half of the internal face of the second, in
// series. An internal face that does not count (it does not conduct, leads to a cell that is
// not a member, or does not exist at an odd end) is replaced by the crossing face.
double row(float inner_a, float cross, float inner_b) {
  if (cross <= 0.0f) return 0.0;
  const double ia = inner_a > 0.0f ? inner_a : cross;
  const double ib = inner_b > 0.0f ? inner_b : cross;
  const double c = cross;
  // 1 / (0.5/ia + 1/c + 0.5/ib) with one division.
  return ia * c * ib / (0.5 * c * ib + ia * ib + 0.5 * ia * c);
}

}  // namespace

Coarsening coarsen(const PaddedGrid& g, const std::vector<float>& fgx,
                   const std::vector<float>& fgy, const std::vector<float>& fgz,
                   const std::vector<float>& fw, const std::vector<RowSpan>& fine_rows) {
  struct {
    const std::vector<float>&gx, &gy, &gz, &w;
  } f{fgx, fgy, fgz, fw};
  const auto& fd = g.dims;
  const std::size_t sy = g.stride_y, sz = g.stride_z;
  Coarsening out;
  ScreenedPoissonSystem& c = out.coarse;
  c.grid = PaddedGrid({(fd[0] + 1) / 2, (fd[1] + 1) / 2, (fd[2] + 1) / 2});
  const PaddedGrid& cg = c.grid;
  c.gx.assign(cg.padded_size, 0.0f);
  c.gy.assign(cg.padded_size, 0.0f);
  c.gz.assign(cg.padded_size, 0.0f);
  c.w.assign(cg.padded_size, 0.0f);
  const std::size_t fine_cells = static_cast<std::size_t>(fd[0]) * fd[1] * fd[2];
  const std::size_t face_step[3] = {1, sy, sz};
  // Coarse rows: the coarse cells with a child inside the fine rows (the others stay 0).
  c.rows.assign(static_cast<std::size_t>(cg.dims[1]) * cg.dims[2], RowSpan{cg.dims[0], 0});
  for (int kc = 0; kc < cg.dims[2]; ++kc) {
    for (int jc = 0; jc < cg.dims[1]; ++jc) {
      RowSpan& out_row =
          c.rows[static_cast<std::size_t>(jc) +
                 static_cast<std::size_t>(cg.dims[1]) * static_cast<std::size_t>(kc)];
      for (int k = 2 * kc; k < std::min(fd[2], 2 * kc + 2); ++k) {
        for (int j = 2 * jc; j < std::min(fd[1], 2 * jc + 2); ++j) {
          const RowSpan f_row =
              fine_rows.empty()
                  ? RowSpan{0, fd[0]}
                  : fine_rows[static_cast<std::size_t>(j) + static_cast<std::size_t>(fd[1]) * k];
          if (f_row.begin >= f_row.end) continue;
          out_row.begin = std::min(out_row.begin, f_row.begin / 2);
          out_row.end = std::max(out_row.end, (f_row.end - 1) / 2 + 1);
        }
      }
      if (out_row.begin >= out_row.end) out_row = RowSpan{0, 0};
    }
  }
  auto coarse_row = [&](int jc, int kc) {
    return c.rows[static_cast<std::size_t>(jc) + static_cast<std::size_t>(cg.dims[1]) * kc];
  };
  const std::vector<float>* face[3] = {&f.gx, &f.gy, &f.gz};

  // 1. Members, orphans and isolated children of every coarse cell. `full`: all eight children
  // present, conducting among themselves (most coarse cells; ghosts 0).
  std::vector<std::uint8_t> state(g.padded_size, kIsolated);
  std::vector<std::uint8_t> full(cg.padded_size, 0);
  over_slabs(fine_cells, cg.dims[2], [&](int k0, int k1) {
    for (int kc = k0; kc < k1; ++kc) {
      for (int jc = 0; jc < cg.dims[1]; ++jc) {
        const RowSpan span = coarse_row(jc, kc);
        for (int ic = span.begin; ic < span.end; ++ic) {
          // Common case: all eight children present and every internal face conducts.
          if (2 * ic + 1 < fd[0] && 2 * jc + 1 < fd[1] && 2 * kc + 1 < fd[2]) {
            const std::size_t p0 = g.at(2 * ic, 2 * jc, 2 * kc);
            const std::size_t q[4] = {p0, p0 + sy, p0 + sz, p0 + sy + sz};
            bool all = true;
            for (int t = 0; t < 4 && all; ++t) {  // x faces of the four x-rows
              all = f.gx[q[t]] > 0.0f;
            }
            for (int t = 0; t < 2 && all; ++t) {  // y faces: (i, 0..1, t) pairs
              const std::size_t b = p0 + static_cast<std::size_t>(t) * sz;
              all = f.gy[b] > 0.0f && f.gy[b + 1] > 0.0f;
            }
            if (all) {
              all = f.gz[p0] > 0.0f && f.gz[p0 + 1] > 0.0f && f.gz[p0 + sy] > 0.0f &&
                    f.gz[p0 + sy + 1] > 0.0f;
            }
            if (all) {
              for (int t = 0; t < 4; ++t) {
                state[q[t]] = kMember;
                state[q[t] + 1] = kMember;
              }
              full[cg.at(ic, jc, kc)] = 1;
              continue;
            }
          }
          std::array<std::size_t, 8> cell{};
          std::array<bool, 8> live{};
          std::array<int, 8> piece{};
          for (int q = 0; q < 8; ++q) {
            const int i = 2 * ic + (q & 1), j = 2 * jc + ((q >> 1) & 1), k = 2 * kc + (q >> 2);
            piece[q] = q;
            if (i >= fd[0] || j >= fd[1] || k >= fd[2]) continue;
            const std::size_t p = g.at(i, j, k);
            cell[q] = p;
            live[q] = f.gx[p] > 0.0f || f.gx[p - 1] > 0.0f || f.gy[p] > 0.0f ||
                      f.gy[p - sy] > 0.0f || f.gz[p] > 0.0f || f.gz[p - sz] > 0.0f;
          }
          // Connected pieces through conducting internal faces (each labelled by its smallest
          // child; at most 8 nodes, so relabel until nothing changes).
          for (bool changed = true; changed;) {
            changed = false;
            for (int q = 0; q < 8; ++q) {
              if (!live[q]) continue;
              for (int a = 0; a < 3; ++a) {
                const int o = q ^ (1 << a);
                if (o < q || !live[o]) continue;  // each internal face once, from its low side
                if ((*face[a])[cell[q]] <= 0.0f || piece[q] == piece[o]) continue;
                const int m = std::min(piece[q], piece[o]);
                for (int r = 0; r < 8; ++r) {
                  if (piece[r] == piece[q] || piece[r] == piece[o]) piece[r] = m;
                }
                changed = true;
              }
            }
          }
          std::array<double, 8> uptake{};
          for (int q = 0; q < 8; ++q) {
            if (live[q]) uptake[static_cast<std::size_t>(piece[q])] += f.w[cell[q]];
          }
          int best = -1;
          for (int q = 0; q < 8; ++q) {
            if (live[q] && piece[q] == q && (best < 0 || uptake[q] > uptake[best])) best = q;
          }
          for (int q = 0; q < 8; ++q) {
            if (live[q]) state[cell[q]] = piece[q] == best ? kMember : kOrphan;
          }
        }
      }
    }
  });

  // 2. Coarse coefficients, prolongation masks and orphans' hosts, per coarse slab.
  out.prolong_mask.assign(g.padded_size, 0);
  std::vector<std::vector<OrphanCell>> slab_orphans(static_cast<std::size_t>(fd[2]));
  auto parent_of = [&](int i, int j, int k) {
    return static_cast<std::uint32_t>(cg.at(i / 2, j / 2, k / 2));
  };
  auto member = [&](std::size_t p) { return state[p] == kMember; };
  over_slabs(fine_cells, cg.dims[2], [&](int k0, int k1) {
    for (int kc = k0; kc < k1; ++kc) {
      for (int jc = 0; jc < cg.dims[1]; ++jc) {
        const RowSpan span = coarse_row(jc, kc);
        for (int ic = span.begin; ic < span.end; ++ic) {
          const std::size_t pc = cg.at(ic, jc, kc);
          if (full[pc] && full[pc - 1] && full[pc + 1] && full[pc - cg.stride_y] &&
              full[pc + cg.stride_y] && full[pc - cg.stride_z] && full[pc + cg.stride_z]) {
            // Fast path: every child and every fine cell a row or a mask looks at is a member,
            // so only the faces decide (same numbers as the general code below).
            const std::size_t p0 = g.at(2 * ic, 2 * jc, 2 * kc);
            double w = 0.0, gsum[3] = {0.0, 0.0, 0.0};
            for (int q = 0; q < 8; ++q) {
              const std::size_t p = p0 + static_cast<std::size_t>(q & 1) +
                                    sy * static_cast<std::size_t>((q >> 1) & 1) +
                                    sz * static_cast<std::size_t>(q >> 2);
              w += f.w[p];
              std::uint8_t mask = 0;
              for (int a = 0; a < 3; ++a) {
                const std::size_t st = face_step[a];
                const std::vector<float>& ga = *face[a];
                const bool second = ((q >> a) & 1) != 0;
                if ((second ? ga[p] : ga[p - st]) > 0.0f) mask |= static_cast<std::uint8_t>(1 << a);
                if (second) gsum[a] += row(ga[p - st], ga[p], ga[p + st]);
              }
              out.prolong_mask[p] = mask;
            }
            c.w[pc] = static_cast<float>(w);
            c.gx[pc] = static_cast<float>(gsum[0]);
            c.gy[pc] = static_cast<float>(gsum[1]);
            c.gz[pc] = static_cast<float>(gsum[2]);
            continue;
          }
          double w = 0.0, w_all = 0.0, gsum[3] = {0.0, 0.0, 0.0};
          bool any_member = false;
          for (int q = 0; q < 8; ++q) {
            const int ijk[3] = {2 * ic + (q & 1), 2 * jc + ((q >> 1) & 1), 2 * kc + (q >> 2)};
            if (ijk[0] >= fd[0] || ijk[1] >= fd[1] || ijk[2] >= fd[2]) continue;
            const std::size_t p = g.at(ijk[0], ijk[1], ijk[2]);
            w_all += f.w[p];
            std::uint8_t mask = 0;
            for (int a = 0; a < 3; ++a) {
              const std::size_t s = face_step[a];
              const std::vector<float>& ga = *face[a];
              const bool second = (ijk[a] & 1) != 0;
              // Prolongation: the neighbour on this cell's side along a (the other coarse cell).
              const std::size_t toward = second ? p + s : p - s;
              const float g_toward = second ? ga[p] : ga[p - s];
              if (g_toward > 0.0f && member(toward)) mask |= static_cast<std::uint8_t>(1 << a);
              // Coarse face along a: rows leave from the second child toward the next parent.
              if (second && ijk[a] + 1 < fd[a] && member(p) && member(p + s)) {
                const float inner_a = member(p - s) ? ga[p - s] : 0.0f;
                const float inner_b = (ijk[a] + 2 < fd[a] && member(p + 2 * s)) ? ga[p + s] : 0.0f;
                gsum[a] += row(inner_a, ga[p], inner_b);
              }
            }
            out.prolong_mask[p] = mask;
            if (state[p] == kMember) {
              w += f.w[p];
              any_member = true;
            } else if (state[p] == kOrphan) {
              // Host: the coarse cell of the best-conducting member neighbour outside the parent.
              const std::uint32_t parent = static_cast<std::uint32_t>(pc);
              OrphanCell o{static_cast<std::uint32_t>(p), parent, kNoHost};
              float best_g = 0.0f;
              for (int a = 0; a < 3; ++a) {
                const std::size_t s = face_step[a];
                const std::vector<float>& ga = *face[a];
                for (int side = 0; side < 2; ++side) {
                  const int n = ijk[a] + (side ? 1 : -1);
                  if (n < 0 || n >= fd[a]) continue;
                  const std::size_t pn = side ? p + s : p - s;
                  const float gn = side ? ga[p] : ga[p - s];
                  if (gn <= best_g || !member(pn)) continue;
                  int nijk[3] = {ijk[0], ijk[1], ijk[2]};
                  nijk[a] = n;
                  const std::uint32_t host = parent_of(nijk[0], nijk[1], nijk[2]);
                  if (host == parent) continue;
                  best_g = gn;
                  o.host = host;
                }
              }
              slab_orphans[static_cast<std::size_t>(ijk[2])].push_back(o);
            }
          }
          // A coarse cell of isolated children only keeps a regular equation.
          c.w[pc] = static_cast<float>(any_member ? w : w_all);
          c.gx[pc] = static_cast<float>(gsum[0]);
          c.gy[pc] = static_cast<float>(gsum[1]);
          c.gz[pc] = static_cast<float>(gsum[2]);
        }
      }
    }
  });

  // 3. Orphans in fine-slab order; a hosted orphan adds its uptake to its host.
  out.orphan_slab_begin.assign(static_cast<std::size_t>(fd[2]) + 1, 0);
  for (int k = 0; k < fd[2]; ++k) {
    const auto& list = slab_orphans[static_cast<std::size_t>(k)];
    out.orphan_slab_begin[static_cast<std::size_t>(k) + 1] =
        out.orphan_slab_begin[static_cast<std::size_t>(k)] +
        static_cast<std::uint32_t>(list.size());
    for (const OrphanCell& o : list) {
      if (o.host != kNoHost) c.w[o.host] += f.w[o.fine];
      out.orphans.push_back(o);
    }
  }
  return out;
}

}  // namespace toxplan::sim
