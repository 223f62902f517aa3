// Puts a plan on a scene for headless pictures (`toxplan render`, `toxplan export --chart`): one
// glyph per site, coloured by its worst spread flag, and each site's spread surface.
#pragma once

#include <memory>

#include "anatomy/atlas.h"
#include "plan/plan.h"
#include "render/scene.h"
#include "sim/plan_simulator.h"

namespace toxplan::cli {

// Simulates the plan when `simulate` (otherwise the glyphs stay "unsimulated" and no surface is
// drawn) and returns the spread, or nullptr.
std::shared_ptr<const sim::PlanSpread> show_plan(render::Scene& scene, const plan::Plan& plan,
                                                 const std::shared_ptr<const anatomy::Atlas>& atlas,
                                                 bool simulate);

// The worst flag of one site, as its glyph shows it.
render::SiteStatus site_status(const sim::PlanSpread& spread, const std::string& site_id);

}  // namespace toxplan::cli
