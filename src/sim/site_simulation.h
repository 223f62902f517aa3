// One site through the three steps of the model: bolus, halo (solved on the site's grid) and
// threshold metrics. PlanSimulator caches and combines these; tests call them directly.
#pragma once

#include <memory>
#include <stdexcept>

#include "plan/product.h"
#include "plan/site.h"
#include "sim/site_spread.h"
#include "sim/spread_parameters.h"
#include "sim/tissue.h"

namespace toxplan::sim {

// The most voxels one site's solver grid may have. The solver keeps about 100 bytes per voxel
// (labels, operator, multigrid levels, fields), so this is a few GB: 400 U in 10 mL (the largest
// site validation allows) on the default 0.5 mm grid needs about a tenth of it, the same site
// with --set grid_spacing_mm=0.2 grid_margin_lambdas=4 far more (std::bad_alloc before).
inline constexpr double kMaxSiteGridVoxels = 32e6;

// Thrown by simulate_site for a grid above kMaxSiteGridVoxels, before any of it is allocated;
// what() names the site, the grid and what to change. PlanSimulator turns it into a finding.
class SiteGridTooLarge : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Solves the site. Never throws for a plan that passed the simulation gate
// (sim/simulation_gate.h), except SiteGridTooLarge and std::bad_alloc for a grid that memory
// cannot hold: a zero dose gives a zero field. `warm_start`
// (optional) is an earlier solution of the same site, e.g. before it was moved: its field,
// shifted with the tip, is the solver's initial guess. The result does not depend on it beyond
// the solver tolerance.
std::shared_ptr<const SiteSpread> simulate_site(const plan::Site& site, plan::Product product,
                                                const SpreadParameters& params,
                                                const Tissue& tissue,
                                                const SiteSolution* warm_start = nullptr);

// The same field at another dose / product / threshold / systemic loss: the solution is shared
// and the field rescaled exactly (B is linear in Q, since c0 = Q/V_b at fixed V). Returns
// nullptr when a rescale is not valid: the old dose was zero or the new reach would not fit
// the old grid (then re-solve).
std::shared_ptr<const SiteSpread> rescale_site(const SiteSpread& base, const plan::Site& site,
                                               plan::Product product,
                                               const SpreadParameters& params,
                                               const TissueTable& table);

// Grid half-extents (mm) that the site needs: estimated reach plus margin.
struct GridExtent {
  double half_along_mm = 0.0;
  double half_across_mm = 0.0;
};
GridExtent required_grid_extent(double q_eff_ona_units, const Bolus& bolus, bool has_fibre,
                                const SpreadParameters& params);

// Resamples a field on `frame` (0 outside `region`) onto the plan lattice of spacing
// `spacing_mm`.
LatticeBlock resample_to_lattice(const GridFrame& frame, const SiteRegion& region,
                                 const std::vector<float>& values, double spacing_mm);

}  // namespace toxplan::sim
