// Exports of a plan's sites: 3D Slicer markups (schema markups-v1.0.3) and CSV.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "plan/markups_export.h"
#include "plan/sites_csv.h"

namespace toxplan {
namespace {

plan::Plan two_site_plan() {
  plan::Plan plan;
  plan.title = "Export test";
  plan::Site a;
  a.id = "frontalis_L_1";
  a.label = "Frontalis, left \"medial\"";  // a comma and quotes: CSV must quote them
  a.target_structure_id = "frontalis_L";
  a.entry_point_mm = {-20.0, 95.0, 60.0};
  a.needle_direction = {0.0, -1.0, 0.0};
  a.depth_mm = 4.0;
  a.dose_units = 5.0;
  a.volume_ml = 0.1;
  plan::Site b = a;
  b.id = "temporalis_R_1";
  b.label = "Temporalis R";
  b.target_structure_id = "temporalis_R";
  b.entry_point_mm = {70.0, 10.0, 50.0};
  b.needle_direction = {-1.0, 0.0, 0.0};
  b.depth_mm = 12.0;
  b.needle_length_mm = 25.4;
  plan.sites = {a, b};
  return plan;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  // A small RFC 4180 reader for the test: quoted fields with doubled quotes, CRLF rows.
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(MarkupsExport, EntryPointsAndTipsInRasMillimetres) {
  const plan::Plan plan = two_site_plan();
  const nlohmann::json j = plan::plan_to_markups(plan);
  EXPECT_EQ(j.at("@schema"),
            "https://raw.githubusercontent.com/Slicer/Slicer/main/Modules/Loadable/Markups/"
            "Resources/Schema/markups-v1.0.3-schema.json#");
  ASSERT_EQ(j.at("markups").size(), 2u);
  const auto& entries = j.at("markups")[0];
  const auto& tips = j.at("markups")[1];
  for (const auto* m : {&entries, &tips}) {
    EXPECT_EQ(m->at("type"), "Fiducial");
    EXPECT_EQ(m->at("coordinateSystem"), "RAS");
    EXPECT_EQ(m->at("coordinateUnits"), "mm");
    ASSERT_EQ(m->at("controlPoints").size(), 2u);
  }
  EXPECT_NE(entries.at("name").get<std::string>().find("Export test"), std::string::npos);
  const auto& p0 = entries.at("controlPoints")[0];
  EXPECT_EQ(p0.at("label"), "frontalis_L_1");
  EXPECT_EQ(p0.at("positionStatus"), "defined");
  EXPECT_DOUBLE_EQ(p0.at("position")[0].get<double>(), -20.0);
  EXPECT_DOUBLE_EQ(p0.at("position")[1].get<double>(), 95.0);
  EXPECT_NE(p0.at("description").get<std::string>().find("5 U"), std::string::npos);
  // The tip is the entry point plus depth along the needle: 12 mm inward from x = 70.
  const auto& t1 = tips.at("controlPoints")[1];
  EXPECT_EQ(t1.at("id"), "temporalis_R_1");
  EXPECT_DOUBLE_EQ(t1.at("position")[0].get<double>(), 58.0);
  EXPECT_DOUBLE_EQ(t1.at("position")[2].get<double>(), 50.0);
}

TEST(SitesCsv, OneQuotedRowPerSiteThatReadsBack) {
  const std::string csv = plan::plan_to_sites_csv(two_site_plan());
  const auto rows = parse_csv(csv);
  ASSERT_EQ(rows.size(), 3u) << csv;
  ASSERT_EQ(rows[0].size(), 14u);
  EXPECT_EQ(rows[0][0], "site_id");
  EXPECT_EQ(rows[0][13], "tip_z_mm");
  EXPECT_EQ(rows[1][1], "Frontalis, left \"medial\"");
  EXPECT_EQ(rows[1][3], "5");
  EXPECT_EQ(rows[1][4], "onabotulinumtoxinA");
  EXPECT_EQ(rows[1][7], "");  // no needle of its own
  EXPECT_EQ(rows[2][0], "temporalis_R_1");
  EXPECT_EQ(rows[2][7], "25.4");
  EXPECT_DOUBLE_EQ(std::stod(rows[2][11]), 58.0);  // tip x
  for (const auto& row : rows)
    EXPECT_EQ(row.size(), 14u);
  EXPECT_EQ(plan::csv_field("plain"), "plain");
  EXPECT_EQ(plan::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(plan::csv_field("say \"x\""), "\"say \"\"x\"\"\"");
}

}  // namespace
}  // namespace toxplan
