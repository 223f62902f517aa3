// From simulation results to what the scene draws: a site's status (worst flag) and its
// effect-region surface data. Shared by the window and `toxplan render`.
#pragma once

#include "base/finding.h"
#include "render/scene.h"
#include "sim/plan_simulator.h"
#include "sim/site_spread.h"

namespace toxplan::render {

// Danger structure substantially reached (error) > spread beyond the target, a danger structure
// touched, bolus overflow or tip outside > within target.
SiteStatus status_from_flags(const Findings& site_flags);

// The site's field (values shared with the result, not copied) and its threshold level.
SpreadSurfaceData surface_from_site(const sim::SiteSpread& site, SiteStatus status);

// The plan's combined field (sim::combined_field: the site fields summed on the plan lattice) at
// the plan's threshold, for Scene::set_plan_field_surface; no values when no site has a field.
inline constexpr const char* kPlanFieldSurfaceId = "plan";
SpreadSurfaceData surface_from_plan(const sim::PlanSpread& spread);

}  // namespace toxplan::render
