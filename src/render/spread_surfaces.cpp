#include "render/spread_surfaces.h"

#include <memory>
#include <vector>

#include "sim/plan_field.h"

namespace toxplan::render {

SiteStatus status_from_flags(const Findings& site_flags) {
  SiteStatus status = SiteStatus::WithinTarget;
  for (const Finding& f : site_flags) {
    // Information (fascia crossings, a bolus wider than a thin muscle, overlaps) leaves the site
    // green; a danger structure is red only when it takes a substantial share (an error).
    if (f.severity == Severity::Info) continue;
    if (f.code == "DANGER_STRUCTURE_REACHED" && f.severity == Severity::Error) {
      return SiteStatus::DangerReached;
    }
    if (f.code == "DANGER_STRUCTURE_REACHED" || f.code == "SPREAD_BEYOND_TARGET" ||
        f.code == "BOLUS_OVERFLOW" || f.code == "TIP_OUTSIDE_TARGET") {
      status = SiteStatus::SpreadBeyondTarget;
    }
  }
  return status;
}

SpreadSurfaceData surface_from_site(const sim::SiteSpread& site, SiteStatus status) {
  SpreadSurfaceData s;
  s.site_id = site.site_id;
  s.status = status;
  s.threshold = site.threshold_u_per_cm3;
  if (site.field) {
    s.dims = site.field->frame.dims;
    s.index_to_world = site.field->frame.index_to_world();
    // Aliasing shared_ptr: the values live as long as the simulator's immutable field.
    s.values = std::shared_ptr<const std::vector<float>>(site.field, &site.field->values);
  }
  return s;
}

SpreadSurfaceData surface_from_plan(const sim::PlanSpread& spread) {
  SpreadSurfaceData s;
  s.site_id = kPlanFieldSurfaceId;
  s.threshold = spread.parameters.threshold_u_per_cm3;
  std::vector<std::shared_ptr<const sim::SiteSpread>> with_fields;
  for (const auto& site : spread.sites) {
    if (site && site->solution) with_fields.push_back(site);
  }
  if (with_fields.empty()) return s;
  auto field = std::make_shared<sim::FieldGrid>(sim::combined_field(with_fields));
  if (field->values.empty()) return s;
  s.dims = field->frame.dims;
  s.index_to_world = field->frame.index_to_world();
  s.values = std::shared_ptr<const std::vector<float>>(field, &field->values);
  return s;
}

}  // namespace toxplan::render
