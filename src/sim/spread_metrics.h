// Step 3 of the model (reference/spread-model.md §5.2): the effect region B >= B_th and what a
// physician reads from it: its volume, its reach along and across the fibres from the tip, and
// how the bound toxin and the effect volume divide between the target and other structures.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "anatomy/structure.h"
#include "sim/field_grid.h"
#include "sim/row_span.h"
#include "sim/tissue.h"

namespace toxplan::sim {

struct StructureShare {
  int label = 0;
  std::string id;  // empty for unlabelled tissue
  std::string name;
  anatomy::StructureKind kind = anatomy::StructureKind::Other;
  bool danger = false;
  std::string adverse_effect;
  double bound_units = 0.0;        // ona-U bound in this structure
  double bound_fraction = 0.0;     // of the site's Q_eff
  double effect_volume_cm3 = 0.0;  // part of the effect region inside this structure
  double effect_fraction = 0.0;    // of the site's effect volume
};

struct SpreadMetrics {
  double effect_volume_cm3 = 0.0;
  double reach_along_mm = 0.0;   // max extent of the region from the tip along the fibre axis
  double reach_across_mm = 0.0;  // max distance of the region from the fibre axis through the tip
  double bound_units = 0.0;      // ∫B dV in the grid plus what left through its boundary
  double bound_outside_grid_units = 0.0;
  double bound_fraction_in_target = 0.0;
  double effect_fraction_in_target = 0.0;
  bool region_touches_grid_boundary = false;  // reaches the surface of the solved cells
  std::vector<StructureShare> structures;     // bound or affected, largest bound share first
};

// `values` in ona-U/cm³ on `frame` (tip at voxel `tip_index`, axis 0 along the fibres), 0
// outside `rows` (per row j + dims[1] k, the cells solved; empty = all);
// boundary_outflow holds (voxel, conductance) so that outflow in ona-U = G * B / 1000.
SpreadMetrics measure_spread(const GridFrame& frame, const std::vector<RowSpan>& rows,
                             const std::vector<std::uint16_t>& labels,
                             const std::vector<float>& values,
                             const std::vector<std::pair<std::uint32_t, float>>& boundary_outflow,
                             double q_eff_ona_units, double threshold_u_per_cm3, int target_label,
                             const TissueTable& table, const std::array<int, 3>& tip_index);

}  // namespace toxplan::sim
