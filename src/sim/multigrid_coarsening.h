// One coarser level of the screened Poisson system of the halo (multigrid_solver.h) that respects
// no-flux faces. A coarse cell is the union of up to 2 x 2 x 2 fine cells; where a thin no-flux
// sheet (bone) runs through it, those children fall into pieces that do not exchange toxin.
// A purely geometric coarse cell glues the pieces together, so a coarse correction computed for
// the tissue on one side of the sheet leaks into the other side; that is what made an atlas
// site need 10-11 preconditioned iterations instead of 3. Here each coarse cell stands for the
// connected piece of its children with the largest uptake (its "members"); the other pieces
// ("orphans") belong to a face-adjacent coarse cell on their own side of the sheet (their
// "host"): their residual is restricted to it and their correction interpolated from it.
// Faces between coarse cells are built from member-to-member fine rows only, so two coarse
// cells on opposite sides of a sheet do not conduct, at every level.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/multigrid_solver.h"

namespace toxplan::sim {

inline constexpr std::uint32_t kNoHost = 0xffffffffu;

// A fine cell that its own coarse cell (parent) does not stand for. Indices are padded indices.
struct OrphanCell {
  std::uint32_t fine = 0;
  std::uint32_t parent = 0;
  std::uint32_t host = kNoHost;  // kNoHost: no conducting neighbour outside the parent; the
                                 // smoother alone corrects it
};

struct Coarsening {
  ScreenedPoissonSystem coarse;
  // Per fine cell (padded layout), bit a (axis 0, 1, 2): the cell-centred trilinear
  // prolongation may take the coarse neighbour on the cell's side along axis a, because the
  // face toward it conducts and the fine cell beyond is one of its members. Otherwise the
  // parent's value is used along that axis (nothing is interpolated across a sheet).
  std::vector<std::uint8_t> prolong_mask;
  std::vector<OrphanCell> orphans;               // sorted by fine z-slab
  std::vector<std::uint32_t> orphan_slab_begin;  // fine dims[2] + 1 offsets into `orphans`
};

// The next coarser level (dims (n + 1) / 2 per axis). Coarse uptake = sum over the members
// (plus hosted orphans); coarse face = sum over the member-to-member fine rows crossing it of
// the series conductance (half the first parent's internal face, the crossing face, half the
// second parent's internal face).
// Only the fine cells inside `rows` (per fine row; see ScreenedPoissonSystem::rows) are
// looked at; the coarse system's rows cover their children.
Coarsening coarsen(const PaddedGrid& grid, const std::vector<float>& gx,
                   const std::vector<float>& gy, const std::vector<float>& gz,
                   const std::vector<float>& w, const std::vector<RowSpan>& rows);

}  // namespace toxplan::sim
