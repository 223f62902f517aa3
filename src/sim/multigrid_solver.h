// Solver for the finite-volume screened Poisson system of the halo (diffusion_operator.h):
//   sum_faces G_f (x_p - x_q) + w_p x_p = rhs_p
// with G_f >= 0 (face conductances, 0 for no-flux faces) and w_p > 0 (uptake, plus the
// conductance of the outgoing boundary). The matrix is symmetric and strictly diagonally
// dominant, so Gauss-Seidel converges; a cell-centred multigrid V-cycle (red-black Gauss-Seidel
// smoothing, sum restriction, trilinear prolongation, halved aggregated face conductances on
// coarse levels) makes it converge in a handful of cycles independent of the grid size.
// Loops run in parallel over z-slabs with parallel_for (parallel_for.h).
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

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

  // rhs and x in padded layout; x is the initial guess and the result.
  SolveReport solve(const std::vector<float>& rhs, std::vector<float>& x, double relative_tolerance,
                    int max_cycles);
  int levels() const;

 private:
  struct Level;
  std::vector<std::unique_ptr<Level>> levels_;
  void v_cycle(std::size_t level);
  void precondition(std::vector<float>& r, std::vector<float>& z);
};

}  // namespace toxplan::sim
