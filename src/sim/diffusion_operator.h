// Step 2 of the model (reference/spread-model.md §5.2): the finite-volume discretisation of
//   -div(D grad B) + B = c0,   D = λ⊥² I + (λ∥² - λ⊥²) e eᵀ   (lengths in mm, uptake rate 1)
// on a site's grid. Method, interfaces and errors: docs/spread-model.md.
//  * Per voxel the tensor is evaluated from its fibre e; only its diagonal in the grid frame is
//    kept. The grid's first axis is the fibre at the tip, so this is exact where the fibres are
//    parallel to the tip's and drops a term of order (λ∥² - λ⊥²) sin θ where they turn by θ.
//  * Face conductance: two half-cells in series, h² / (h/2D_p + h/2D_q).
//  * Fascia (a face between two different labelled, non-bone structures) adds a membrane
//    resistance 2(1-τ)/(τ λ_n): in one dimension exactly a fraction τ of the toxin that would
//    have bound beyond the face without fascia still does, for any source distance and grid
//    size (derivation in docs/spread-model.md).
//  * Bone passes bone_transmission in the same way (0 = no flux, the default).
//  * Only the cells of the domain's region (site_region.h) are solved. Its surface (every face
//    toward a cell outside the region or the grid): an outgoing-decay (Robin) face,
//    flux = λ_n B, which is the exact exterior impedance of a plane decay e^(-x/λ); what leaves
//    there is toxin bound outside the grid and is kept as such (mass is conserved exactly).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/multigrid_solver.h"
#include "sim/site_domain.h"
#include "sim/spread_parameters.h"
#include "sim/tissue.h"

namespace toxplan::sim {

struct DiffusionOperator {
  ScreenedPoissonSystem system;
  // Cells on the solved region's surface and their outgoing conductance: outflow (U) = G x.
  std::vector<std::pair<std::uint32_t, float>> boundary_outflow;  // (unpadded index, G)
  std::vector<std::uint8_t> permeable;  // per cell: 0 where toxin cannot enter (bone by default)
};

DiffusionOperator assemble_diffusion_operator(const SiteDomain& domain, const TissueTable& table,
                                              const SpreadParameters& params);

}  // namespace toxplan::sim
