// Limits by product AND indication (issue 12 item 4): what applies, what is shown, and that an
// information threshold is never shown as an excess.
#include <gtest/gtest.h>

#include <algorithm>

#include "plan/limits.h"
#include "plan/totals.h"
#include "plan/validation.h"

using namespace toxplan;

namespace {

plan::Plan plan_of(plan::Product product, plan::Indication indication,
                   const std::vector<std::pair<std::string, double>>& sites) {
  plan::Plan plan;
  plan.product = product;
  plan.indication = indication;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    plan::Site s;
    s.id = sites[i].first + "_" + std::to_string(i);
    s.target_structure_id = sites[i].first;
    s.entry_point_mm = {0, 0, static_cast<double>(i)};
    s.depth_mm = 5;
    s.dose_units = sites[i].second;
    s.volume_ml = plan.dilution.volume_ml_for_dose(s.dose_units);
    plan.sites.push_back(s);
  }
  return plan;
}

std::vector<std::string> status_lines(const plan::Plan& plan) {
  std::vector<std::string> out;
  for (const plan::LimitStatus& st : plan::limit_status(plan, plan::compute_totals(plan)))
    out.push_back(plan::limit_status_line(st));
  return out;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

}  // namespace

TEST(LimitsByIndication, EveryLimitHasAPublishedSourceNotAnInternalFile) {
  for (const plan::DoseLimit& l : plan::dose_limits()) {
    EXPECT_EQ(l.source.find("clinical.md"), std::string::npos) << l.source;
    EXPECT_EQ(l.source.find("docs/"), std::string::npos) << l.source;
    EXPECT_EQ(l.source.find("spread-model"), std::string::npos) << l.source;
    EXPECT_EQ(l.reason.find(".md"), std::string::npos) << l.reason;
  }
  for (const plan::Product p :
       {plan::Product::OnabotulinumtoxinA, plan::Product::AbobotulinumtoxinA,
        plan::Product::IncobotulinumtoxinA, plan::Product::RimabotulinumtoxinB}) {
    EXPECT_EQ(plan::absurd_bounds(p).dose_source.find(".md"), std::string::npos);
    EXPECT_EQ(plan::product_info(p).source.find(".md"), std::string::npos)
        << plan::product_info(p).source;
  }
}

// The window showed a 255 U migraine plan with 110 U in the trapezius as "ok per treatment
// session: 255 U of 300 U" (the cervical dystonia limit).
TEST(LimitsByIndication, MigrainePlanShowsMigraineLimitsOnly) {
  std::vector<std::pair<std::string, double>> sites(51, {"temporalis_L", 1.0});
  sites.insert(sites.end(), 4, {"trapezius_L", 27.5});  // 110 U
  sites.insert(sites.end(), 19, {"frontalis_L", 1.0});  // 19 U
  sites.insert(sites.end(), 15, {"occipitalis_L", 5.0});
  const plan::Plan plan =
      plan_of(plan::Product::OnabotulinumtoxinA, plan::Indication::ChronicMigraine, sites);
  ASSERT_DOUBLE_EQ(plan::compute_totals(plan).plan_units, 255.0);
  const std::vector<std::string> lines = status_lines(plan);
  EXPECT_TRUE(any_contains(lines, "OVER per treatment session, chronic migraine: 255 U of 195 U"));
  EXPECT_TRUE(any_contains(lines, "OVER per muscle (trapezius), chronic migraine: 110 U of 50 U"));
  EXPECT_TRUE(any_contains(lines, "OVER per muscle (temporalis), chronic migraine: 51 U of 50 U"));
  EXPECT_TRUE(any_contains(lines, "ok per muscle (frontalis), chronic migraine: 19 U of 20 U"));
  EXPECT_FALSE(any_contains(lines, "300 U"));
  EXPECT_FALSE(any_contains(lines, "sternocleidomastoid"));
}

TEST(LimitsByIndication, CervicalDystoniaShowsTheSittingAndScmLimits) {
  const plan::Plan plan =
      plan_of(plan::Product::OnabotulinumtoxinA, plan::Indication::CervicalDystonia,
              {{"sternocleidomastoid_L", 40}, {"splenius_capitis_R", 50}});
  const std::vector<std::string> lines = status_lines(plan);
  EXPECT_TRUE(any_contains(lines, "ok per treatment session, cervical dystonia: 90 U of 300 U"));
  EXPECT_TRUE(any_contains(lines, "ok per muscle (sternocleidomastoid): 40 U of 100 U"));
  EXPECT_FALSE(any_contains(lines, "195 U"));
  EXPECT_FALSE(any_contains(lines, "trapezius"));
}

// An information line printed "OVER" in red: information is not an excess.
TEST(LimitsByIndication, InformationThresholdIsNeverShownAsOver) {
  const plan::Plan plan =
      plan_of(plan::Product::OnabotulinumtoxinA, plan::Indication::CervicalDystonia,
              std::vector<std::pair<std::string, double>>(10, {"trapezius_L", 25}));
  for (const plan::LimitStatus& st : plan::limit_status(plan, plan::compute_totals(plan))) {
    if (st.limit.code != "SYSTEMIC_INFO") continue;
    EXPECT_TRUE(st.exceeded());
    EXPECT_EQ(plan::limit_status_line(st), "note: 250 U, above 245 U per treatment session");
    return;
  }
  FAIL() << "no SYSTEMIC_INFO line";
}

TEST(LimitsByIndication, UnverifiedBoundSaysSo) {
  const plan::Plan plan =
      plan_of(plan::Product::RimabotulinumtoxinB, plan::Indication::CervicalDystonia,
              std::vector<std::pair<std::string, double>>(4, {"trapezius_L", 3000}));
  const std::vector<std::string> lines = status_lines(plan);
  EXPECT_TRUE(any_contains(lines, "OVER per treatment session: 12000 U of 10000 U (not verified)"));
  const Findings f = plan::check_limits(plan, plan::compute_totals(plan));
  ASSERT_FALSE(f.empty());
  EXPECT_NE(f[0].message.find("not verified"), std::string::npos) << f[0].message;
}

TEST(LimitsByIndication, PreemptProtocolInAnotherProductIsAnError) {
  for (const plan::Product p :
       {plan::Product::AbobotulinumtoxinA, plan::Product::IncobotulinumtoxinA,
        plan::Product::RimabotulinumtoxinB}) {
    plan::Plan plan = plan_of(p, plan::Indication::ChronicMigraine, {{"procerus", 5}});
    plan.protocol_id = "preempt-155";
    const Findings f = plan::validate_plan(plan);
    ASSERT_TRUE(std::any_of(f.begin(), f.end(), [](const Finding& x) {
      return x.code == "PROTOCOL_PRODUCT_MISMATCH" && x.severity == Severity::Error;
    })) << plan::product_id(p);
  }
  plan::Plan botox = plan_of(plan::Product::OnabotulinumtoxinA, plan::Indication::ChronicMigraine,
                             {{"procerus", 5}});
  botox.protocol_id = "preempt-195-ftp";
  for (const Finding& x : plan::validate_plan(botox))
    EXPECT_NE(x.code, "PROTOCOL_PRODUCT_MISMATCH");
}
