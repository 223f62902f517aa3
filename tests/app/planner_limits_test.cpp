// The window's findings and save flow on a real planner (issue 12 items 3, 4 and 9): a PREEMPT
// plan switched to Dysport is an error in the window's findings, and saving it asks first.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "anatomy/atlas.h"
#include "app/save_flow.h"
#include "session/planner.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool has_error(const toxplan::Findings& findings, const std::string& code) {
  return std::any_of(findings.begin(), findings.end(), [&](const toxplan::Finding& f) {
    return f.code == code && f.severity == toxplan::Severity::Error;
  });
}

}  // namespace

TEST(PlannerLimits, PreemptSwitchedToDysportIsAnErrorAndSavingAsksFirst) {
  toxplan::Findings load_findings;
  auto atlas = anatomy::Atlas::load(anatomy::Atlas::default_dir(), &load_findings);
  ASSERT_TRUE(atlas);
  const fs::path dir = fs::temp_directory_path() / ("toxplan_limits_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path plan_file = dir / "preempt.toxplan.json";
  fs::copy_file(test::source_dir() + "/plans/preempt-155.toxplan.json", plan_file);
  const std::string original = read_all(plan_file);

  session::Planner planner(std::move(atlas), (dir / "state").string());
  ASSERT_EQ(planner.open(plan_file.string()), "");
  EXPECT_EQ(planner.plan().indication, plan::Indication::ChronicMigraine);
  EXPECT_FALSE(has_error(planner.current_findings(), "PROTOCOL_PRODUCT_MISMATCH"));

  plan::Plan dysport = planner.plan();
  dysport.product = plan::Product::AbobotulinumtoxinA;
  planner.editor().apply("Change product", dysport);
  const toxplan::Findings findings = planner.current_findings();
  ASSERT_TRUE(has_error(findings, "PROTOCOL_PRODUCT_MISMATCH"));

  app::UiState ui;
  app::save_or_ask_for_path(planner, ui);  // Ctrl+S
  ASSERT_TRUE(ui.pending_save.has_value()) << "saved a plan with errors without asking";
  EXPECT_EQ(ui.pending_save->question.rfind("This plan has ", 0), 0u) << ui.pending_save->question;
  EXPECT_EQ(read_all(plan_file), original) << "the file was written before the answer";
  fs::remove_all(dir);
}
