// Limits by product and indication through the commands (issue 12 items 3 and 4): validate names
// the limit and its source, and a PREEMPT plan in Dysport units is an error in validate and
// simulate and is not exported as a chart.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_support.h"

using toxplan::test::fixture_plan;
using toxplan::test::run_toxplan;
using toxplan::test::source_path;

TEST(LimitsCommand, DysportAndMyoblocOverTheirLimitsAreErrorsNamingTheSource) {
  const auto dysport =
      run_toxplan("validate " + fixture_plan("bad-limit-dysport-2400.toxplan.json"));
  EXPECT_EQ(dysport.exit_code, 1) << dysport.out;
  EXPECT_NE(dysport.out.find("error LIMIT_SESSION"), std::string::npos) << dysport.out;
  EXPECT_NE(dysport.out.find("2400 U exceeds 1500 U per treatment session"), std::string::npos);
  EXPECT_NE(dysport.out.find("source: Dysport prescribing information"), std::string::npos);
  EXPECT_NE(dysport.out.find("600 U exceeds 500 U per site"), std::string::npos);

  const auto myobloc =
      run_toxplan("validate " + fixture_plan("bad-limit-myobloc-12000.toxplan.json"));
  EXPECT_EQ(myobloc.exit_code, 1) << myobloc.out;
  EXPECT_NE(myobloc.out.find("12000 U exceeds 10000 U per treatment session"), std::string::npos)
      << myobloc.out;
  EXPECT_NE(myobloc.out.find("not verified"), std::string::npos);

  const auto migraine =
      run_toxplan("validate " + fixture_plan("bad-limit-migraine-255.toxplan.json"));
  EXPECT_EQ(migraine.exit_code, 1) << migraine.out;
  EXPECT_NE(migraine.out.find("trapezius total: 110 U exceeds 50 U"), std::string::npos)
      << migraine.out;
  EXPECT_EQ(migraine.out.find("300 U"), std::string::npos) << migraine.out;
}

TEST(LimitsCommand, PreemptInDysportIsAnErrorInSimulateAndIsNotCharted) {
  const auto dir = toxplan::test::fresh_dir("preempt_dysport");
  std::ifstream in(source_path("plans/preempt-155.toxplan.json"));
  nlohmann::json plan = nlohmann::json::parse(in);
  plan["product"] = "abobotulinumtoxinA";
  plan["dilution"] = {{"vial_units", 500}, {"diluent_ml", 2.5}};
  for (auto& s : plan["sites"])
    s["volume_ml"] = 0.025;
  const std::string file = (dir / "preempt-dysport.toxplan.json").string();
  std::ofstream(file) << plan.dump(2);

  const auto simulate = run_toxplan("simulate " + file);
  EXPECT_EQ(simulate.exit_code, 1) << simulate.out;
  EXPECT_NE(simulate.out.find("error PROTOCOL_PRODUCT_MISMATCH"), std::string::npos)
      << simulate.out;
  EXPECT_NE(simulate.out.find("protocol preempt-155, whose doses are onabotulinumtoxinA"),
            std::string::npos);

  const std::string chart = (dir / "chart.png").string();
  const auto exported = run_toxplan("export " + file + " --chart " + chart);
  EXPECT_EQ(exported.exit_code, 2) << exported.out;
  EXPECT_NE(exported.out.find("PREEMPT paradigm is defined for onabotulinumtoxinA only"),
            std::string::npos)
      << exported.out;
  EXPECT_FALSE(std::filesystem::exists(chart));
}
