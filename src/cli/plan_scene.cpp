#include "cli/plan_scene.h"

#include "render/spread_surfaces.h"
#include "sim/atlas_tissue.h"

namespace toxplan::cli {

render::SiteStatus site_status(const sim::PlanSpread& spread, const std::string& site_id) {
  Findings flags;
  for (const Finding& f : spread.findings) {
    if (f.site_id == site_id) flags.push_back(f);
  }
  return render::status_from_flags(flags);
}

std::shared_ptr<const sim::PlanSpread> show_plan(render::Scene& scene, const plan::Plan& plan,
                                                 const std::shared_ptr<const anatomy::Atlas>& atlas,
                                                 bool simulate) {
  std::shared_ptr<const sim::PlanSpread> spread;
  if (simulate) {
    sim::PlanSimulator simulator(std::make_shared<sim::AtlasTissue>(atlas));
    spread = simulator.simulate(plan, sim::resolve_parameters(plan, {}).parameters);
  }
  std::vector<render::SiteGlyph> glyphs;
  std::vector<render::SpreadSurfaceData> surfaces;
  for (const plan::Site& s : plan.sites) {
    render::SiteGlyph g{s.id, s.entry_point_mm, s.tip_mm()};
    if (spread) {
      g.status = site_status(*spread, s.id);
      if (const sim::SiteSpread* site = spread->site(s.id)) {
        surfaces.push_back(render::surface_from_site(*site, g.status));
      }
    }
    glyphs.push_back(g);
  }
  scene.set_sites(glyphs);
  scene.set_spread_surfaces(surfaces);
  // Summed only when drawn (the window's worker sums it with every result).
  if (spread && scene.spread_colouring() == render::Scene::SpreadColouring::PlanField)
    scene.set_plan_field_surface(render::surface_from_plan(*spread));
  return spread;
}

}  // namespace toxplan::cli
