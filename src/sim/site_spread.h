// The result of simulating one injection site. Immutable once made and shared through
// shared_ptr<const SiteSpread>, so the window can hold one while the simulator makes the next.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/vec3.h"
#include "plan/product.h"
#include "sim/bolus.h"
#include "sim/field_grid.h"
#include "sim/multigrid_solver.h"
#include "sim/site_region.h"
#include "sim/spread_metrics.h"

namespace toxplan::sim {

// A box of the plan lattice (voxel centres at integer multiples of its spacing, world frame):
// where a site's field is resampled so that fields of several sites can be summed.
struct LatticeBlock {
  double spacing_mm = 1.0;
  std::array<int, 3> lo{0, 0, 0};  // lattice index of the block's first voxel
  std::array<int, 3> dims{0, 0, 0};
  std::vector<float> values;  // x fastest
};

// The dose-independent part: the field per ona-U of Q_eff on the site's grid. Linear in dose,
// so a dose change only rescales it (sites share it through shared_ptr).
struct SiteSolution {
  GridFrame frame;
  SiteRegion region;  // the cells of the frame that were solved (the field is 0 elsewhere)
  std::vector<std::uint16_t> labels;
  std::vector<float> unit_values;  // ona-U/cm³ per ona-U of Q_eff
  std::vector<std::pair<std::uint32_t, float>> boundary_outflow;
  LatticeBlock unit_lattice;  // unit_values resampled onto the plan lattice
  Bolus bolus;
  bool has_fibre = false;
  Vec3 fibre;  // at the tip; zero when none
  int tip_label = 0;
  int target_label = 0;
  double bolus_fraction_outside_target = 0.0;
  double bolus_fraction_in_other_structures = 0.0;  // other muscles and organs, not skin or fat
  // The same by structure: (label, share of the bolus), so that flags can tell a known neighbour
  // of the target (frontalis over the corrugator) from any other structure.
  std::vector<std::pair<int, double>> bolus_fraction_by_other_label;
  double half_along_mm = 0.0;   // smallest grid half-extents (tip to edge), for deciding whether
  double half_across_mm = 0.0;  // a rescale still fits
  std::array<int, 3> tip_index{0, 0, 0};  // the tip's voxel (the centre unless the grid grew)
  SolveReport solver;
  double solve_ms = 0.0;  // label fetch + assembly + solve + resample, wall time
  int grid_attempts = 1;  // > 1 when the region reached the grid edge and the grid was enlarged
};

struct SiteSpread {
  std::string site_id;
  std::string target_id;
  Vec3 tip_mm;
  double dose_units = 0.0;       // in the plan's product units
  double q_eff_ona_units = 0.0;  // p Q (1 - f_sys)
  double threshold_u_per_cm3 = 0.0;
  std::shared_ptr<const SiteSolution> solution;
  std::shared_ptr<const FieldGrid> field;  // B in ona-U/cm³ at this dose
  SpreadMetrics metrics;

  const Bolus& bolus() const { return solution->bolus; }
};

}  // namespace toxplan::sim
