// What the window shows of a simulation: per-site numbers, flags and surfaces, made from the
// simulator's results by the simulation worker.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/finding.h"
#include "render/scene.h"

namespace toxplan::session {

struct SiteResultView {
  std::string site_id;
  render::SiteStatus status = render::SiteStatus::Unsimulated;
  double effect_volume_cm3 = 0.0;
  double reach_along_mm = 0.0;
  double reach_across_mm = 0.0;
  double bound_fraction_in_target = 0.0;
  Findings flags;
  render::SpreadSurfaceData surface;
};

struct SpreadView {
  std::uint64_t revision = 0;  // plan revision it was computed for
  std::vector<SiteResultView> sites;
  Findings plan_flags;
  double combined_effect_volume_cm3 = 0.0;
  // The site fields summed (drawn in Scene::SpreadColouring::PlanField).
  render::SpreadSurfaceData plan_field;
  double solve_ms = 0.0;
  int sites_resolved = 0;  // sites actually re-solved for this revision (the rest were cached)

  const SiteResultView* find(const std::string& site_id) const {
    for (const SiteResultView& s : sites) {
      if (s.site_id == site_id) return &s;
    }
    return nullptr;
  }
};

}  // namespace toxplan::session
