// The simulator's warnings as Findings (docs/spread-model.md, flags;
// reference/spread-model.md §5.7): a stable code, a severity and one sentence a physician
// understands. Every threshold is a named parameter of SpreadParameters.
//
//   DANGER_STRUCTURE_REACHED  error    effect region >= danger_volume_cm3 in a danger structure
//                                      and bound share >= danger_error_bound_fraction (warning
//                                      below that share)
//   SPREAD_BEYOND_TARGET      warning  bound share in muscles and organs outside the target's own
//                                      muscle group and its known neighbours (frontalis over the
//                                      corrugator, ...) >= spread_beyond_target_fraction, or in
//                                      known neighbours > expected_neighbour_warning_fraction
//                             info     only the edge of the effect region (>= spread_beyond_
//                                      target_volume_cm3) reaches another muscle
//   FASCIA_CROSSING           info     smaller effect volume beyond a fascia (other structure)
//   BOLUS_OVERFLOW            warning  share of the bolus in other muscles than the target, its
//                                      group and known neighbours > bolus_overflow_fraction
//                             info     the rest (skin and fat, known neighbours)
//   TIP_OUTSIDE_TARGET        warning  the needle tip is not inside the target structure
//   TARGET_NOT_IN_ATLAS       warning  the target id is not a structure of the atlas
//   NEEDLE_TOO_SHORT          warning  depth > needle_length_mm
//   SITES_OVERLAP             info     two sites of different targets: their own effect regions
//                                      share > sites_overlap_volume_cm3 (same target: not listed)
//   SYSTEMIC_INFO             info     session total > systemic_info_session_ona_units
//   HIGH_DOSE                 warning  dose into one sternocleidomastoid > high_dose_scm_ona_units
#pragma once

#include <memory>
#include <vector>

#include "base/finding.h"
#include "plan/plan.h"
#include "sim/plan_field.h"
#include "sim/site_spread.h"
#include "sim/spread_parameters.h"
#include "sim/tissue.h"

namespace toxplan::sim {

Findings site_flags(const plan::Site& site, const SiteSpread& spread,
                    const SpreadParameters& params, const TissueTable& table);

Findings plan_flags(const plan::Plan& plan,
                    const std::vector<std::shared_ptr<const SiteSpread>>& sites,
                    const PlanFieldSummary& summary, const SpreadParameters& params,
                    const TissueTable& table);

}  // namespace toxplan::sim
