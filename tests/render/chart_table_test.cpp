// The injection chart's table text (issue 12 item 3): volumes to 0.001 mL and doses to 0.1 U,
// so that 5 U of a 500 U in 2.5 mL dilution reads 0.025 mL, not 0.03 (6 U, 20% over).
#include <gtest/gtest.h>

#include "plan/dilution.h"
#include "render/injection_chart.h"

using namespace toxplan;

namespace {

render::ChartSite site_at(double vial_units, double diluent_ml, double dose_units) {
  const plan::Dilution d{vial_units, diluent_ml};
  render::ChartSite s;
  s.id = "temporalis_L_1";
  s.target = "Temporalis (left)";
  s.dose_units = dose_units;
  s.volume_ml = d.volume_ml_for_dose(dose_units);
  s.depth_mm = 6.5;
  s.spread = "within target";
  return s;
}

}  // namespace

TEST(ChartTable, RowsPrintTheVolumeTheSyringeDraws) {
  const struct {
    double vial, diluent, dose;
    const char* row;
  } cases[] = {
      // Dysport 500 U in 2.5 mL, 5 U a site
      {500, 2.5, 5, "  1 temporalis_L_1 Temporalis (left)  5.0 0.025   6.5  within"},
      // Botox 100 U in 2 mL (5 U per 0.1 mL)
      {100, 2, 5, "  1 temporalis_L_1 Temporalis (left)  5.0 0.100   6.5  within"},
      // Botox 100 U in 2.5 mL (4 U per 0.1 mL)
      {100, 2.5, 5, "  1 temporalis_L_1 Temporalis (left)  5.0 0.125   6.5  within"},
      // Xeomin 100 U in 4 mL (2.5 U per 0.1 mL), 2.5 U
      {100, 4, 2.5, "  1 temporalis_L_1 Temporalis (left)  2.5 0.100   6.5  within"},
      // a dose with two decimals is printed with both
      {100, 4, 1.25, "  1 temporalis_L_1 Temporalis (left) 1.25 0.050   6.5  within"},
  };
  for (const auto& c : cases) {
    const render::ChartSite site = site_at(c.vial, c.diluent, c.dose);
    const render::ChartTableColumns columns = render::chart_table_columns({site});
    ASSERT_EQ(columns.id, 14u);
    ASSERT_EQ(columns.target, 17u);
    const std::string row = render::chart_table_row(1, site, columns);
    EXPECT_EQ(row, c.row) << c.vial << " U in " << c.diluent << " mL, " << c.dose << " U";
  }
}

TEST(ChartTable, HeaderColumnsLineUpWithTheRows) {
  const render::ChartSite site = site_at(500, 2.5, 5);
  const render::ChartTableColumns columns = render::chart_table_columns({site});
  const std::string header = render::chart_table_header(columns);
  const std::string row = render::chart_table_row(1, site, columns);
  EXPECT_EQ(header.size(),
            row.size() - std::string("within").size() + std::string("spread").size());
  EXPECT_EQ(header.find("mL") + 2, row.find("0.025") + 5);  // right-aligned
  EXPECT_EQ(header.size(), columns.id + columns.target + columns.fixed_chars());
}

// 10,000 U of Myobloc in one site still fits its column, aligned with the others.
TEST(ChartTable, WideDosesWidenTheirColumn) {
  render::ChartSite big = site_at(10000, 2, 10000);
  render::ChartSite small = site_at(10000, 2, 500);
  const render::ChartTableColumns columns = render::chart_table_columns({big, small});
  EXPECT_EQ(columns.units, std::string("10000.0").size());
  const std::string a = render::chart_table_row(1, big, columns);
  const std::string b = render::chart_table_row(2, small, columns);
  EXPECT_EQ(a.find("10000.0") + 7, b.find("500.0") + 5);
  EXPECT_NE(a.find("10000.0 2.000"), std::string::npos) << a;
}
