// A plan's sites as CSV (RFC 4180: comma separated, fields with commas, quotes or line breaks
// quoted), one row per site, for spreadsheets and clinic records.
#pragma once

#include <string>

#include "plan/plan.h"

namespace toxplan::plan {

// Header: site_id, label, target_structure_id, dose_units, product, volume_ml, depth_mm,
// needle_length_mm, entry_x_mm, entry_y_mm, entry_z_mm, tip_x_mm, tip_y_mm, tip_z_mm
// (atlas frame, RAS). Lines end with "\r\n" as RFC 4180 asks.
std::string plan_to_sites_csv(const Plan& plan);

// One field, quoted when it has to be.
std::string csv_field(const std::string& text);

}  // namespace toxplan::plan
