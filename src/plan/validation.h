// Semantic checks of a plan that parsed: doses, volumes, ids, geometry, totals against limits,
// and (when an atlas is known) target structures. Returns findings; never throws.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "base/finding.h"
#include "plan/plan.h"
#include "plan/totals.h"

namespace toxplan::plan {

struct ValidationContext {
  // When set, target_structure_id values are checked against the atlas.
  std::function<bool(const std::string& structure_id)> structure_exists;
  std::string atlas_id;  // when set, a plan made on another atlas gets a warning
  GroupOf group_of = default_group_of;
};

// Relative tolerance for "volume matches dose / concentration": allow the larger of 2% and
// 0.005 mL before calling a volume inconsistent (printed volumes have 0.001 mL resolution).
inline constexpr double kVolumeMismatchRelative = 0.02;
inline constexpr double kVolumeMismatchAbsoluteMl = 0.005;

// The product whose units a shipped protocol's doses are in (assets/protocols/), from its id:
// preempt-* and cervical-dystonia are onabotulinumtoxinA. nullopt for other or no protocol.
std::optional<Product> protocol_product(const std::string& protocol_id);

Findings validate_plan(const Plan& plan, const ValidationContext& context = {});

}  // namespace toxplan::plan
