#include "plan/markups_export.h"

#include <nlohmann/json.hpp>

#include "base/format.h"
#include "plan/product.h"

namespace toxplan::plan {

namespace {

nlohmann::json position(const Vec3& p) {
  return nlohmann::json::array({p.x, p.y, p.z});
}

std::string description(const Plan& plan, const Site& s) {
  return s.target_structure_id + "; " + format_number(s.dose_units) + " U " +
         std::string(product_id(plan.product)) + "; " + format_number(s.volume_ml) + " mL; depth " +
         format_number(s.depth_mm, 1) + " mm";
}

nlohmann::json fiducials(const Plan& plan, const std::string& name, bool tips) {
  nlohmann::json points = nlohmann::json::array();
  for (const Site& s : plan.sites) {
    points.push_back({{"id", s.id},
                      {"label", s.id},
                      {"description", description(plan, s)},
                      {"position", position(tips ? s.tip_mm() : s.entry_point_mm)},
                      {"positionStatus", "defined"},
                      {"selected", true},
                      {"locked", true},
                      {"visibility", true}});
  }
  return {{"type", "Fiducial"},
          {"name", name},
          // The atlas frame is RAS (docs/atlas-format.md); Slicer reads either and converts.
          {"coordinateSystem", "RAS"},
          {"coordinateUnits", "mm"},
          {"locked", true},
          {"labelFormat", "%N-%d"},
          {"lastUsedControlPointNumber", static_cast<int>(plan.sites.size())},
          {"controlPoints", points},
          {"display",
           {{"visibility", true},
            {"color", tips ? nlohmann::json::array({0.9, 0.2, 0.2})
                           : nlohmann::json::array({0.2, 0.5, 0.9})},
            {"glyphType", "Sphere3D"},
            {"glyphScale", 1.5},
            {"textScale", 2.0},
            {"pointLabelsVisibility", true}}}};
}

}  // namespace

nlohmann::json plan_to_markups(const Plan& plan) {
  const std::string title = plan.title.empty() ? std::string("Toxplan plan") : plan.title;
  return {{"@schema", kMarkupsSchemaUrl},
          {"markups",
           {fiducials(plan, title + " - entry points", false),
            fiducials(plan, title + " - needle tips", true)}}};
}

}  // namespace toxplan::plan
