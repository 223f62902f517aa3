// Solver for the finite-volume screened Poisson system of the halo (diffusion_operator.h):
//   sum_faces G_f (x_p - x_q) + w_p x_p = rhs_p
// with G_f >= 0 (face conductances, 0 for no-flux faces) and w_p > 0 (uptake, plus the
// conductance of the outgoing boundary). The matrix is symmetric and strictly diagonally
// dominant. Conjugate gradients preconditioned by a cell-centred multigrid V-cycle (red-black
// Gauss-Seidel smoothing, sum restriction, trilinear prolongation) whose coarse levels follow
// the operator (multigrid_coarsening.h: a coarse cell never spans a no-flux sheet), so an atlas
// site converges in 4-5 iterations like homogeneous tissue. Work is limited to the cells that
// conducting faces join to the source; a level's passes run as one wavefront over its z-slabs on
// a single thread, or as two wavefronts from both ends on two (parallel_for.h), with the same
// numbers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/row_span.h"

namespace toxplan::sim {

// Storage padded by one ghost cell on each side (ghost values stay 0, ghost faces have G = 0),
// so that the stencil loops need no boundary branches.
struct PaddedGrid {
  std::array<int, 3> dims{0, 0, 0};  // interior cells
  std::size_t stride_y = 0;          // dims[0] + 2
  std::size_t stride_z = 0;          // (dims[0] + 2) * (dims[1] + 2)
  std::size_t padded_size = 0;

  explicit PaddedGrid(std::array<int, 3> d = {0, 0, 0});
  std::size_t at(int i, int j, int k) const {  // interior indices 0..dims-1
    return static_cast<std::size_t>(i + 1) + stride_y * static_cast<std::size_t>(j + 1) +
           stride_z * static_cast<std::size_t>(k + 1);
  }
};

struct ScreenedPoissonSystem {
  PaddedGrid grid;
  // Conductance of the face between cell p and its +x / +y / +z neighbour (mm³-scaled units).
  std::vector<float> gx, gy, gz;
  std::vector<float> w;  // uptake weight h³ + outgoing-boundary conductance
  // Per row (j + dims[1] k): the cells that may conduct at all (every face outside them is 0),
  // so that setup skips the rest of the grid; empty = every cell.
  std::vector<RowSpan> rows;
};

struct SolveReport {
  int cycles = 0;
  double relative_residual = 0.0;  // ||rhs - A x||₂ / ||rhs||₂ at the end
};

class MultigridSolver {
 public:
  explicit MultigridSolver(ScreenedPoissonSystem system);
  ~MultigridSolver();
  MultigridSolver(const MultigridSolver&) = delete;
  MultigridSolver& operator=(const MultigridSolver&) = delete;

  // rhs and x in padded layout; x is the initial guess and the result. Cells that no path of
  // conducting faces joins to a cell with rhs != 0 get exactly 0 (their solution).
  SolveReport solve(const std::vector<float>& rhs, std::vector<float>& x, double relative_tolerance,
                    int max_cycles);
  int levels() const;

 private:
  struct Level;
  std::vector<std::unique_ptr<Level>> levels_;
  std::vector<std::uint32_t> unreachable_in_span_;  // padded indices on the top level
  // One V-cycle on `level` from x = 0 (z = M rhs in its x). `serial`: this thread alone (one
  // wavefront per pass), else two threads on large levels (two wavefronts).
  void v_cycle(std::size_t level, bool serial);
  // Limits every level's work to the rows' spans of cells that conducting faces join to a
  // source cell (the others have the exact solution 0), and clears x outside them.
  void restrict_to_reachable(const std::vector<float>& rhs, std::vector<float>& x);
};

}  // namespace toxplan::sim
