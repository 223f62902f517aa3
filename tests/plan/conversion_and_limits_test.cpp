#include <gtest/gtest.h>

#include "plan/limits.h"
#include "plan/totals.h"
#include "plan/unit_conversion.h"

using namespace toxplan;

TEST(UnitConversion, IsAlwaysLabelledApproximate) {
  const plan::ApproximateConversion c = plan::convert_approximately(
      100.0, plan::Product::OnabotulinumtoxinA, plan::Product::AbobotulinumtoxinA);
  EXPECT_DOUBLE_EQ(c.value_units, 250.0);
  EXPECT_DOUBLE_EQ(c.ratio_low, 2.5);
  EXPECT_DOUBLE_EQ(c.ratio_high, 3.0);
  EXPECT_EQ(c.label.rfind("approximate", 0), 0u);
  EXPECT_NE(c.source.find("PMC4248237"), std::string::npos);
  EXPECT_EQ(c.source.find(".md"), std::string::npos);  // a published source, not a repo file
}

TEST(UnitConversion, RimabotulinumtoxinBThroughOna) {
  const plan::ApproximateConversion c = plan::convert_approximately(
      5000.0, plan::Product::RimabotulinumtoxinB, plan::Product::IncobotulinumtoxinA);
  EXPECT_DOUBLE_EQ(c.value_units, 125.0);  // 5000 / 40 ona-U, inco 1:1
}

TEST(Limits, EveryLimitHasASourceAndAReason) {
  ASSERT_FALSE(plan::dose_limits().empty());
  for (const plan::DoseLimit& l : plan::dose_limits()) {
    EXPECT_FALSE(l.source.empty()) << l.code;
    EXPECT_FALSE(l.reason.empty()) << l.code;
    EXPECT_GT(l.max_value, 0.0) << l.code;
  }
}

namespace {
plan::Plan plan_with(plan::Product product, const char* target, int sites, double dose) {
  plan::Plan plan;
  plan.product = product;
  for (int i = 0; i < sites; ++i) {
    plan::Site s;
    s.id = std::string(target) + "_" + std::to_string(i);
    s.target_structure_id = target;
    s.dose_units = dose;
    s.volume_ml = plan.dilution.volume_ml_for_dose(dose);
    plan.sites.push_back(s);
  }
  return plan;
}
bool has_code(const Findings& f, const std::string& code) {
  for (const Finding& x : f) {
    if (x.code == code) return true;
  }
  return false;
}
}  // namespace

TEST(Limits, SternocleidomastoidOverHundredUnitsWarnsOfDysphagia) {
  const plan::Plan plan =
      plan_with(plan::Product::OnabotulinumtoxinA, "sternocleidomastoid_L", 3, 40.0);
  const Findings f = plan::check_limits(plan, plan::compute_totals(plan));
  ASSERT_TRUE(has_code(f, "LIMIT_PER_MUSCLE"));
  for (const Finding& x : f) {
    if (x.code == "LIMIT_PER_MUSCLE") {
      EXPECT_EQ(x.severity, Severity::Warning);
      EXPECT_NE(x.message.find("120 U exceeds 100 U"), std::string::npos) << x.message;
      EXPECT_NE(x.message.find("dysphagia"), std::string::npos);
    }
  }
}

TEST(Limits, LimitsOfOneProductDoNotApplyToAnother) {
  // 120 U of abobotulinumtoxinA in one SCM is below that product's own 150 U threshold, and the
  // onabotulinumtoxinA 100 U rule must not be applied to it.
  const plan::Plan plan =
      plan_with(plan::Product::AbobotulinumtoxinA, "sternocleidomastoid_L", 3, 40.0);
  EXPECT_FALSE(has_code(plan::check_limits(plan, plan::compute_totals(plan)), "LIMIT_PER_MUSCLE"));
  const plan::Plan more =
      plan_with(plan::Product::AbobotulinumtoxinA, "sternocleidomastoid_L", 4, 40.0);
  EXPECT_TRUE(has_code(plan::check_limits(more, plan::compute_totals(more)), "LIMIT_PER_MUSCLE"));
}

TEST(Limits, ThreeMonthWindowCountsPriorUnits) {
  plan::Plan plan = plan_with(plan::Product::OnabotulinumtoxinA, "trapezius_L", 31, 5.0);  // 155 U
  EXPECT_FALSE(
      has_code(plan::check_limits(plan, plan::compute_totals(plan)), "LIMIT_THREE_MONTHS"));
  plan.prior_units_last_3_months = 250.0;
  EXPECT_TRUE(has_code(plan::check_limits(plan, plan::compute_totals(plan)), "LIMIT_THREE_MONTHS"));
}

TEST(Limits, SessionAbove245UnitsIsInformational) {
  const plan::Plan plan =
      plan_with(plan::Product::OnabotulinumtoxinA, "trapezius_L", 50, 5.0);  // 250 U
  const Findings f = plan::check_limits(plan, plan::compute_totals(plan));
  ASSERT_TRUE(has_code(f, "SYSTEMIC_INFO"));
  EXPECT_FALSE(has_code(f, "LIMIT_SESSION"));
}
