// Printed doses and volumes are exact to what a syringe draws, and totals are the sums of the
// rows as printed (issue 12 item 3), at several dilutions and products.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "plan/markups_export.h"
#include "plan/printed_numbers.h"
#include "plan/sites_csv.h"

using namespace toxplan;

namespace {

plan::Plan plan_at(plan::Product product, double vial_units, double diluent_ml, int sites,
                   double dose) {
  plan::Plan plan;
  plan.product = product;
  plan.dilution = {vial_units, diluent_ml};
  for (int i = 0; i < sites; ++i) {
    plan::Site s;
    s.id = "s" + std::to_string(i);
    s.target_structure_id = "temporalis_L";
    s.depth_mm = 5;
    s.dose_units = dose;
    s.volume_ml = plan.dilution.volume_ml_for_dose(dose);
    plan.sites.push_back(s);
  }
  return plan;
}

// Column `index` of CSV row `row` (no quoted fields in these plans).
std::string csv_cell(const std::string& csv, int row, int index) {
  std::size_t start = 0;
  for (int r = 0; r < row; ++r)
    start = csv.find("\r\n", start) + 2;
  const std::string line = csv.substr(start, csv.find("\r\n", start) - start);
  std::size_t from = 0;
  for (int c = 0; c < index; ++c)
    from = line.find(',', from) + 1;
  return line.substr(from, line.find(',', from) - from);
}

}  // namespace

TEST(PrintedNumbers, VolumesToTheThousandthOfAMillilitre) {
  EXPECT_EQ(plan::printed_ml(0.025), "0.025");  // Dysport 500 U in 2.5 mL, 5 U (was printed 0.03)
  EXPECT_EQ(plan::printed_ml(0.1), "0.100");
  EXPECT_EQ(plan::printed_ml(0.125), "0.125");
  EXPECT_EQ(plan::printed_ml(1.0 / 30.0), "0.033");
  EXPECT_EQ(plan::printed_units(5.0), "5.0");
  EXPECT_EQ(plan::printed_units(2.5), "2.5");
  EXPECT_EQ(plan::printed_units(2.25), "2.25");
}

TEST(PrintedNumbers, DysportSummaryMatchesItsRows) {
  // 31 sites of 5 U from 500 U in 2.5 mL: 0.025 mL each; the header said 0.775 mL beside rows of
  // 0.03 (which add up to 0.93 mL).
  const plan::Plan plan = plan_at(plan::Product::AbobotulinumtoxinA, 500, 2.5, 31, 5.0);
  const plan::PrintedTotals t = plan::printed_totals(plan);
  EXPECT_DOUBLE_EQ(t.volume_ml, 31 * 0.025);
  EXPECT_EQ(plan::printed_plan_summary(plan),
            "abobotulinumtoxinA (Dysport), 500 U vial in 2.5 mL = 20 U per 0.1 mL.  31 sites, "
            "155.0 U, 0.775 mL, 1 vial(s).");
}

TEST(PrintedNumbers, SeveralDilutionsAndProducts) {
  const struct {
    plan::Product product;
    double vial, diluent, dose;
    const char* site_ml;
    const char* summary_tail;
  } cases[] = {
      {plan::Product::OnabotulinumtoxinA, 100, 2, 5, "0.100",
       "= 5 U per 0.1 mL.  4 sites, 20.0 U, 0.400 mL, 1 vial(s)."},
      {plan::Product::OnabotulinumtoxinA, 100, 2.5, 5, "0.125",
       "= 4 U per 0.1 mL.  4 sites, 20.0 U, 0.500 mL, 1 vial(s)."},
      {plan::Product::IncobotulinumtoxinA, 100, 4, 5, "0.200",
       "= 2.5 U per 0.1 mL.  4 sites, 20.0 U, 0.800 mL, 1 vial(s)."},
      {plan::Product::AbobotulinumtoxinA, 500, 2.5, 5, "0.025",
       "= 20 U per 0.1 mL.  4 sites, 20.0 U, 0.100 mL, 1 vial(s)."},
      {plan::Product::OnabotulinumtoxinA, 100, 3, 1, "0.030",
       "= 3.333 U per 0.1 mL.  4 sites, 4.0 U, 0.120 mL, 1 vial(s)."},
  };
  for (const auto& c : cases) {
    const plan::Plan plan = plan_at(c.product, c.vial, c.diluent, 4, c.dose);
    EXPECT_EQ(plan::printed_ml(plan.sites[0].volume_ml), c.site_ml) << c.vial << "/" << c.diluent;
    const std::string summary = plan::printed_plan_summary(plan);
    EXPECT_NE(summary.find(c.summary_tail), std::string::npos) << summary;
    // The CSV carries the same volume, not one rounded to 0.01 mL.
    const std::string csv = plan::plan_to_sites_csv(plan);
    EXPECT_EQ(plan::printed_ml(std::stod(csv_cell(csv, 1, 5))), c.site_ml) << csv;
    EXPECT_NEAR(std::stod(csv_cell(csv, 1, 5)), plan.sites[0].volume_ml, 0.0005) << csv;
  }
}

TEST(PrintedNumbers, MarkupsDescriptionHasTheExactVolume) {
  const plan::Plan plan = plan_at(plan::Product::AbobotulinumtoxinA, 500, 2.5, 1, 5.0);
  const std::string description =
      plan::plan_to_markups(plan)["markups"][0]["controlPoints"][0]["description"];
  EXPECT_NE(description.find("5 U abobotulinumtoxinA; 0.025 mL"), std::string::npos) << description;
}
