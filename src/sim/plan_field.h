// Per-plan results from per-site fields. B is linear in dose, so the plan's field is the sum of
// the site fields; it is summed on the plan lattice (plan_grid_spacing_mm, world axes) only
// where sites have fields, in sparse 16³ bricks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/field_grid.h"
#include "sim/site_spread.h"

namespace toxplan::sim {

struct SiteOverlap {
  std::string site_a;
  std::string site_b;
  double volume_cm3 = 0.0;  // where both sites' own fields are >= B_th
};

struct PlanFieldSummary {
  double combined_effect_volume_cm3 = 0.0;      // summed field >= B_th (>= union of site regions)
  double sum_of_site_effect_volumes_cm3 = 0.0;  // on the same lattice, for comparison
  std::vector<SiteOverlap> overlaps;            // pairs with a non-zero overlap
};

PlanFieldSummary summarize_plan_field(const std::vector<std::shared_ptr<const SiteSpread>>& sites,
                                      double threshold_u_per_cm3);

// The summed field on one axis-aligned grid covering every site's field (for the renderer's
// plan iso-surface); computed on demand.
FieldGrid combined_field(const std::vector<std::shared_ptr<const SiteSpread>>& sites);

}  // namespace toxplan::sim
