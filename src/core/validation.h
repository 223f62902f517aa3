// Semantic checks of a plan that parsed: doses, volumes, ids, geometry, totals against limits,
// and (when an atlas is known) target structures. Returns findings; never throws.
#pragma once

#include <functional>
#include <string>

#include "core/finding.h"
#include "core/plan.h"
#include "core/totals.h"

namespace toxplan::core {

struct ValidationContext {
  // When set, target_structure_id values are checked against the atlas.
  std::function<bool(const std::string& structure_id)> structure_exists;
  std::string atlas_id;  // when set, a plan made on another atlas gets a warning
  GroupOf group_of = default_group_of;
};

// Relative tolerance for "volume matches dose / concentration": syringes are read to 0.01 mL,
// so allow the larger of 2% and 0.005 mL before calling a volume inconsistent.
inline constexpr double kVolumeMismatchRelative = 0.02;
inline constexpr double kVolumeMismatchAbsoluteMl = 0.005;

Findings validate_plan(const Plan& plan, const ValidationContext& context = {});

}  // namespace toxplan::core
