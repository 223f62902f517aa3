#include "plan/sites_csv.h"

#include "base/format.h"
#include "plan/product.h"

namespace toxplan::plan {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';  // a quote inside a quoted field is doubled
    out += c;
  }
  return out + "\"";
}

std::string plan_to_sites_csv(const Plan& plan) {
  std::string out =
      "site_id,label,target_structure_id,dose_units,product,volume_ml,depth_mm,needle_length_mm,"
      "entry_x_mm,entry_y_mm,entry_z_mm,tip_x_mm,tip_y_mm,tip_z_mm\r\n";
  const std::string product(product_id(plan.product));
  for (const Site& s : plan.sites) {
    const Vec3 tip = s.tip_mm();
    const std::string fields[] = {
        csv_field(s.id),
        csv_field(s.label),
        csv_field(s.target_structure_id),
        format_number(s.dose_units),
        product,
        format_number(s.volume_ml),
        format_number(s.depth_mm, 2),
        s.needle_length_mm > 0.0 ? format_number(s.needle_length_mm, 1) : std::string(),
        format_number(s.entry_point_mm.x, 2),
        format_number(s.entry_point_mm.y, 2),
        format_number(s.entry_point_mm.z, 2),
        format_number(tip.x, 2),
        format_number(tip.y, 2),
        format_number(tip.z, 2)};
    for (std::size_t i = 0; i < std::size(fields); ++i) {
      if (i > 0) out += ',';
      out += fields[i];
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace toxplan::plan
