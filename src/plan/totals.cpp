#include "plan/totals.h"

#include <cmath>

namespace toxplan::plan {

namespace {
bool ends_with(const std::string& s, const char* suffix) {
  const std::string x(suffix);
  return s.size() > x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}
}  // namespace

std::string side_of_structure(const std::string& structure_id) {
  if (ends_with(structure_id, "_L")) return "L";
  if (ends_with(structure_id, "_R")) return "R";
  return "midline";
}

std::string default_group_of(const std::string& structure_id) {
  if (side_of_structure(structure_id) != "midline") {
    return structure_id.substr(0, structure_id.size() - 2);
  }
  return structure_id;
}

DoseTotals compute_totals(const Plan& plan, const GroupOf& group_of) {
  DoseTotals t;
  for (const Site& s : plan.sites) {
    ++t.site_count;
    const std::string group = group_of ? group_of(s.target_structure_id) : s.target_structure_id;
    ++t.sites_by_structure[s.target_structure_id];
    ++t.sites_by_group[group];
    if (std::isfinite(s.volume_ml)) t.plan_volume_ml += s.volume_ml;
    if (!std::isfinite(s.dose_units)) continue;
    t.plan_units += s.dose_units;
    t.units_by_structure[s.target_structure_id] += s.dose_units;
    t.units_by_side[side_of_structure(s.target_structure_id)] += s.dose_units;
    t.units_by_group[group] += s.dose_units;
  }
  t.vials = vials_needed(t.plan_units, plan.dilution.vial_units);
  return t;
}

}  // namespace toxplan::plan
