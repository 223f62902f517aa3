// `toxplan simulate` on the shipped plans (issue 12 items 5 and 6): a label-conformant plan
// placed by the program's own template lists no warning the physician is expected to ignore;
// information notes are counted, and listed only with --all; a frontalis site moved to 12 mm
// above the brow gives the brow-ptosis warning.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli/cli_support.h"
#include "support/schematic_atlas.h"

using toxplan::test::run_toxplan;
using toxplan::test::source_path;

namespace {

int count_lines_starting(const std::string& text, const std::string& prefix) {
  int n = 0;
  std::size_t pos = 0;
  while ((pos = text.find("\n" + prefix, pos)) != std::string::npos) {
    ++n;
    ++pos;
  }
  return n;
}

}  // namespace

TEST(SimulateCommand, Preempt155ListsNoWarningAndCountsTheInformation) {
  const auto r = run_toxplan("simulate " + source_path("plans/preempt-155.toxplan.json"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Findings that need attention: 0 (none)"), std::string::npos) << r.out;
  EXPECT_EQ(count_lines_starting(r.out, "  warning "), 0) << r.out;
  EXPECT_EQ(count_lines_starting(r.out, "  info "), 0) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\n[1-9][0-9]* information notes \\(--all "
                                                  "lists them\\)\n")))
      << r.out;
  // The label's own sites in one muscle overlap by design: not a note at all.
  const auto all = run_toxplan("simulate --all " + source_path("plans/preempt-155.toxplan.json"));
  ASSERT_EQ(all.exit_code, 0) << all.out;
  EXPECT_GT(count_lines_starting(all.out, "  info "), 0) << all.out;
  EXPECT_EQ(all.out.find("Sites temporalis_L_1 and temporalis_L_2"), std::string::npos);
  EXPECT_EQ(all.out.find("spacing the sites further apart"), std::string::npos);
  // The corrugator's spread into the frontalis over it is the known effect, as information.
  EXPECT_NE(all.out.find("info SPREAD_BEYOND_TARGET: Site corrugator_L"), std::string::npos);
}

TEST(SimulateCommand, Preempt195ListsNoWarning) {
  const auto r = run_toxplan("simulate " + source_path("plans/preempt-195-ftp.toxplan.json"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Findings that need attention: 0 (none)"), std::string::npos) << r.out;
  EXPECT_EQ(count_lines_starting(r.out, "  info "), 0) << r.out;
}

// The cervical dystonia template keeps only the levator scapulae's warnings (docs/spread-model.md,
// flags: 0.8 mL in a thin muscle that lies against splenius capitis and the trapezius).
TEST(SimulateCommand, CervicalDystoniaExampleWarnsOnlyAboutTheLevatorScapulae) {
  const auto r =
      run_toxplan("simulate " + source_path("plans/cervical-dystonia-example.toxplan.json"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Findings that need attention: 2\n"), std::string::npos) << r.out;
  EXPECT_EQ(count_lines_starting(r.out, "  warning BOLUS_OVERFLOW: Site levator_scapulae_R"), 1);
  EXPECT_EQ(count_lines_starting(r.out, "  warning SPREAD_BEYOND_TARGET: Site levator_scapulae_R"),
            1);
  EXPECT_EQ(count_lines_starting(r.out, "  info "), 0) << r.out;
}

TEST(SimulateCommand, FrontalisMovedTo12MmAboveTheBrowGivesBrowPtosis) {
  // The PREEMPT plan as made on the schematic atlas (its landmarks do not move).
  std::ifstream in(toxplan::test::schematic_plan("preempt-155.toxplan.json"));
  nlohmann::json plan = nlohmann::json::parse(in);
  bool moved = false;
  for (auto& s : plan["sites"]) {
    if (s["id"] != "frontalis_L_lateral") continue;
    s["entry_mm"][2] = 38.0 + 12.0;  // eyebrow_centre_L of the schematic atlas is at z = 38
    moved = true;
  }
  ASSERT_TRUE(moved);
  const auto dir = toxplan::test::fresh_dir("brow");
  const std::string path = (dir / "low-frontalis.toxplan.json").string();
  std::ofstream(path) << plan.dump(2);
  const auto r = run_toxplan("simulate " + path);
  EXPECT_NE(r.out.find("  warning BROW_PTOSIS_RISK: Site frontalis_L_lateral: the needle enters "
                       "12.0 mm above the eyebrow"),
            std::string::npos)
      << r.out;
}

// A dose of 1e300 U or a volume of 5e5 mL once sized a solver grid no memory holds: `simulate`
// ended with std::bad_alloc (exit 134). The plan is refused with its errors and the reason.
TEST(SimulateCommand, AbsurdDoseOrVolumeIsRefusedNotACrash) {
  for (const char* name : {"bad-dose-1e300.toxplan.json", "bad-volume-5e5.toxplan.json"}) {
    const auto r = run_toxplan("simulate " + toxplan::test::fixture_plan(name));
    EXPECT_EQ(r.exit_code, 1) << name << "\n" << r.out;
    EXPECT_NE(r.out.find("SIMULATION_NOT_RUN"), std::string::npos) << name << "\n" << r.out;
    EXPECT_NE(r.out.find(std::string(name[4] == 'd' ? "DOSE_ABSURD" : "VOLUME_ABSURD")),
              std::string::npos)
        << name << "\n"
        << r.out;
    EXPECT_EQ(r.out.find("bad_alloc"), std::string::npos) << r.out;
  }
}
