#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"

using toxplan::test::fixture_plan;
using toxplan::test::run_toxplan;
using toxplan::test::source_path;

TEST(ValidateCommand, ShippedPlansAreClean) {
  const auto r = run_toxplan("validate --atlas " + source_path("assets/atlas/default") + " " +
                             source_path("plans/preempt-155.toxplan.json") + " " +
                             source_path("plans/preempt-195-ftp.toxplan.json") + " " +
                             source_path("plans/cervical-dystonia-example.toxplan.json"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("31 sites, 155 U onabotulinumtoxinA, 3.1 mL, 2 vial(s) of 100 U"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("39 sites, 195 U"), std::string::npos) << r.out;
}

TEST(ValidateCommand, ErrorFindingExitsOneAndNamesFieldAndLine) {
  const auto r = run_toxplan("validate " + fixture_plan("bad-dose-zero.toxplan.json"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("DOSE_NOT_POSITIVE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dose_units"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(line 48)"), std::string::npos) << r.out;
}

TEST(ValidateCommand, UnparsableFileExitsTwo) {
  EXPECT_EQ(run_toxplan("validate " + fixture_plan("bad-malformed.toxplan.json")).exit_code, 2);
  EXPECT_EQ(run_toxplan("validate /nonexistent/x.toxplan.json").exit_code, 2);
  // The worst file decides: one good, one unreadable.
  EXPECT_EQ(run_toxplan("validate " + fixture_plan("good.toxplan.json") + " " +
                        fixture_plan("bad-empty.toxplan.json"))
                .exit_code,
            2);
}

TEST(ValidateCommand, UnknownTargetIsAnErrorWithOrWithoutAtlasOption) {
  // Without --atlas the plan's own atlas (default) is used (cli/atlas_loading.h).
  EXPECT_EQ(run_toxplan("validate " + fixture_plan("bad-unknown-target.toxplan.json")).exit_code,
            1);
  const auto r = run_toxplan("validate --atlas " + source_path("assets/atlas/default") + " " +
                             fixture_plan("bad-unknown-target.toxplan.json"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("TARGET_UNKNOWN"), std::string::npos) << r.out;
}

TEST(ValidateCommand, JsonReportIsMachineReadable) {
  const auto r = run_toxplan("validate --json " + fixture_plan("bad-volume-mismatch.toxplan.json") +
                             " 2>/dev/null");
  EXPECT_EQ(r.exit_code, 1);
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_array()) << r.out;
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["status"], "errors");
  EXPECT_EQ(j[0]["sites"], 2);
  bool found = false;
  for (const auto& f : j[0]["findings"]) {
    if (f["code"] == "VOLUME_DOSE_MISMATCH") {
      found = true;
      EXPECT_EQ(f["field"], "/sites/1/volume_ml");
      EXPECT_EQ(f["line"], 49);
      EXPECT_EQ(f["site_id"], "frontalis_R_1");
    }
  }
  EXPECT_TRUE(found) << r.out;
}
