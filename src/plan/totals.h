// Dose and volume totals of a plan, per target structure, side, muscle group and plan.
// All totals are in the plan's one product: units of different products are never summed.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "plan/plan.h"

namespace toxplan::plan {

// Maps a structure id to its muscle group (from the atlas manifest). Without an atlas,
// default_group_of strips the side suffix: "frontalis_L" -> "frontalis".
using GroupOf = std::function<std::string(const std::string& structure_id)>;
std::string default_group_of(const std::string& structure_id);

// "L", "R" or "midline", from the structure id suffix "_L" / "_R" (patient's side).
std::string side_of_structure(const std::string& structure_id);

struct DoseTotals {
  double plan_units = 0.0;
  double plan_volume_ml = 0.0;
  int site_count = 0;
  int vials = 0;  // whole vials of the plan's dilution.vial_units
  std::map<std::string, double> units_by_structure;
  std::map<std::string, double> units_by_side;
  std::map<std::string, double> units_by_group;
  std::map<std::string, int> sites_by_structure;
  std::map<std::string, int> sites_by_group;
};

// Non-finite doses are left out (validation reports them), so totals stay finite.
DoseTotals compute_totals(const Plan& plan, const GroupOf& group_of = default_group_of);

}  // namespace toxplan::plan
