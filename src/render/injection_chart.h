// A printable injection chart: the plan's sites, numbered, on four views of the atlas, beside a
// table of what to inject where, with the plan's totals and the planning-estimate note. One PNG,
// sized for a landscape page.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/vec3.h"

namespace toxplan::render {

class Scene;

struct ChartSite {
  std::string id;
  std::string target;  // structure display name or id
  double dose_units = 0.0;
  double volume_ml = 0.0;
  double depth_mm = 0.0;
  Vec3 entry_mm;
  Vec3 needle_direction{0, 0, -1};  // into the body
  std::string spread;               // site_status_name(), or empty
  // Worst finding of the site (spread, position, limits) that colours its row: red only for an
  // error, amber for a warning; information leaves the row black.
  enum class Mark { None, Warning, Error };
  Mark mark = Mark::None;
};

struct ChartContent {
  std::string title;
  std::vector<std::string> summary_lines;  // product, dilution, totals
  std::vector<ChartSite> sites;            // numbered 1.. in this order
  std::string footer;                      // the planning-estimate note
};

// The widths of the table's columns, in characters. The dose and volume columns are as wide as
// their longest printed number (at least "10.0" and "0.100"), so that 10,000 U of Myobloc fits
// and a PREEMPT table leaves the target column its room.
struct ChartTableColumns {
  std::size_t id = 4;
  std::size_t target = 6;
  std::size_t units = 4;
  std::size_t ml = 5;
  // Characters of a row besides the id and target: number, dose, volume, depth, spread, spaces.
  std::size_t fixed_chars() const { return 3 + 1 + units + 1 + ml + 1 + 5 + 2 + 6 + 2; }
};
// The widths that fit every site's number, and its id and target up to 23 and 32 characters.
ChartTableColumns chart_table_columns(const std::vector<ChartSite>& sites);

// The table's text: the header and one site's row. Doses to 0.1 U and volumes to 0.001 mL, as
// the syringe is drawn (plan/printed_numbers.h); the chart's totals are the sums of these
// printed numbers.
std::string chart_table_header(const ChartTableColumns& columns);
std::string chart_table_row(int number, const ChartSite& site, const ChartTableColumns& columns);

// Renders `scene` (its sites and spread surfaces already set) from the anterior, posterior, left
// and right, framed on the sites, labels each site with its number where its skin faces the
// camera, and writes the chart. Returns an error message on failure.
std::optional<std::string> render_injection_chart(Scene& scene, const ChartContent& content,
                                                  int width, int height, const std::string& path);

}  // namespace toxplan::render
