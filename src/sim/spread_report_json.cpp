#include "sim/spread_report_json.h"

#include <nlohmann/json.hpp>
#include <string>

namespace toxplan::sim {

namespace {

nlohmann::json finding_json(const Finding& f) {
  return {{"code", f.code},
          {"severity", severity_name(f.severity)},
          {"site_id", f.site_id},
          {"field", f.field},
          {"message", f.message}};
}

}  // namespace

nlohmann::json spread_report_json(const plan::Plan& plan, const PlanSpread& spread) {
  nlohmann::json sites = nlohmann::json::array();
  for (const auto& s : spread.sites) {
    const SpreadMetrics& m = s->metrics;
    nlohmann::json structures = nlohmann::json::array();
    for (const StructureShare& share : m.structures) {
      structures.push_back({{"id", share.id},
                            {"name", share.name},
                            {"bound_ona_units", share.bound_units},
                            {"bound_fraction", share.bound_fraction},
                            {"effect_volume_cm3", share.effect_volume_cm3},
                            {"danger", share.danger}});
    }
    nlohmann::json flags = nlohmann::json::array();
    for (const Finding& f : spread.findings) {
      if (f.site_id == s->site_id) flags.push_back(finding_json(f));
    }
    sites.push_back({{"id", s->site_id},
                     {"target", s->target_id},
                     {"dose_units", s->dose_units},
                     {"q_eff_ona_units", s->q_eff_ona_units},
                     {"bolus_length_mm", s->bolus().length_mm()},
                     {"bolus_thickness_mm", s->bolus().thickness_mm()},
                     {"effect_volume_cm3", m.effect_volume_cm3},
                     {"reach_along_mm", m.reach_along_mm},
                     {"reach_across_mm", m.reach_across_mm},
                     {"bound_fraction_in_target", m.bound_fraction_in_target},
                     {"effect_fraction_in_target", m.effect_fraction_in_target},
                     {"bound_outside_grid_ona_units", m.bound_outside_grid_units},
                     {"structures", structures},
                     {"flags", flags}});
  }
  nlohmann::json overlaps = nlohmann::json::array();
  for (const SiteOverlap& o : spread.summary.overlaps) {
    overlaps.push_back({{"site_a", o.site_a}, {"site_b", o.site_b}, {"volume_cm3", o.volume_cm3}});
  }
  nlohmann::json plan_flags = nlohmann::json::array();
  for (const Finding& f : spread.findings) {
    if (f.site_id.empty() || f.code == "SITES_OVERLAP") plan_flags.push_back(finding_json(f));
  }
  nlohmann::json parameters = nlohmann::json::object();
  for (const ParameterInfo& info : parameter_table()) {
    parameters[std::string(info.name)] = {{"value", get_parameter(spread.parameters, info)},
                                          {"unit", info.unit},
                                          {"min", info.min_value},
                                          {"max", info.max_value},
                                          {"source", info.source}};
  }
  return {{"format", "toxplan-spread-report"},
          {"version", 1},
          {"note",
           "Planning and teaching estimates from a simplified spread model, not a prediction "
           "for a patient and not a substitute for clinical judgement."},
          {"plan_title", plan.title},
          {"product", std::string(plan::product_id(plan.product))},
          {"sites", sites},
          {"plan",
           {{"site_count", spread.sites.size()},
            {"total_q_eff_ona_units", spread.total_q_eff_ona_units},
            {"combined_effect_volume_cm3", spread.summary.combined_effect_volume_cm3},
            {"sum_of_site_effect_volumes_cm3", spread.summary.sum_of_site_effect_volumes_cm3},
            {"overlaps", overlaps},
            {"flags", plan_flags}}},
          {"parameters", parameters}};
}

}  // namespace toxplan::sim
