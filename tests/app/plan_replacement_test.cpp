// The one mechanism every plan-replacing action goes through (plan_replacement.h), and the copy
// a discarded plan leaves (Recovery::keep_discarded), without a window.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "app/plan_replacement.h"
#include "plan/plan_io.h"
#include "session/plan_note.h"
#include "session/recovery.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

fs::path fresh_state_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() /
                     ("toxplan_replacement_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

std::unique_ptr<session::Planner> planner_with_example(const fs::path& state_dir) {
  toxplan::Findings findings;
  auto atlas = anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
  EXPECT_TRUE(atlas);
  auto planner = std::make_unique<session::Planner>(std::move(atlas), state_dir.string());
  EXPECT_EQ(planner->open(test::source_dir() + "/plans/cervical-dystonia-example.toxplan.json"),
            "");
  return planner;
}

}  // namespace

TEST(PlanReplacement, CleanPlanIsReplacedAtOnceModifiedOneWaitsForTheAnswer) {
  const fs::path state = fresh_state_dir("wait");
  auto planner = planner_with_example(state);
  app::UiState ui;
  int replaced = 0;
  app::replace_plan_or_ask(*planner, ui, "starting a new plan", [&] { ++replaced; });
  EXPECT_EQ(replaced, 1) << "nothing unsaved: no reason to ask";
  EXPECT_FALSE(ui.pending_replacement);

  planner->set_dose("sternocleidomastoid_L", 25.0);
  ASSERT_TRUE(planner->editor().dirty());
  app::replace_plan_or_ask(*planner, ui, "opening other.toxplan.json", [&] { ++replaced; });
  EXPECT_EQ(replaced, 1) << "replaced a modified plan without asking";
  ASSERT_TRUE(ui.pending_replacement);
  EXPECT_EQ(ui.pending_replacement->what, "opening other.toxplan.json");
  // A second request while the first is unanswered is refused, not queued behind it.
  app::replace_plan_or_ask(*planner, ui, "quitting", [&] { replaced += 10; });
  EXPECT_EQ(ui.pending_replacement->what, "opening other.toxplan.json");

  // A save that does not answer the prompt (it is still open) runs nothing.
  app::finish_pending_replacement(ui, /*saved=*/true);
  EXPECT_EQ(replaced, 1);
  // Save chosen, then the save failed or its dialog was cancelled: dropped, never run later.
  ui.pending_replacement->awaiting_save = true;
  app::finish_pending_replacement(ui, /*saved=*/false);
  EXPECT_FALSE(ui.pending_replacement);
  app::finish_pending_replacement(ui, /*saved=*/true);
  EXPECT_EQ(replaced, 1);
  EXPECT_EQ(planner->plan().find_site("sternocleidomastoid_L")->dose_units, 25.0);
  planner.reset();
  fs::remove_all(state);
}

TEST(PlanReplacement, DiscardedPlanIsKeptAsAPlanFileNamedAfterItsFile) {
  const fs::path state = fresh_state_dir("discarded");
  const session::Recovery recovery(state.string());
  const plan::PlanLoadResult example =
      plan::load_plan_file(test::source_dir() + "/plans/cervical-dystonia-example.toxplan.json");
  ASSERT_TRUE(example.plan);
  plan::Plan edited = *example.plan;
  edited.sites.front().dose_units = 12.5;

  const std::string copy = recovery.keep_discarded(edited, "/somewhere/cd.toxplan.json");
  ASSERT_FALSE(copy.empty());
  EXPECT_EQ(fs::path(copy).parent_path(), fs::path(recovery.discarded_dir()));
  EXPECT_EQ(fs::path(copy).filename().string().rfind("cd-", 0), 0u) << copy;
  const plan::PlanLoadResult kept = plan::load_plan_file(copy);
  ASSERT_TRUE(kept.plan);
  EXPECT_TRUE(*kept.plan == edited);
  // A plan never saved is named "unsaved-..."; copies in the same second do not overwrite.
  const std::string a = recovery.keep_discarded(edited, "");
  const std::string b = recovery.keep_discarded(edited, "");
  EXPECT_EQ(fs::path(a).filename().string().rfind("unsaved-", 0), 0u) << a;
  EXPECT_NE(a, b);
  fs::remove_all(state);
}

TEST(PlanReplacement, OnlyTheNewestDiscardedCopiesAreKept) {
  const fs::path state = fresh_state_dir("prune");
  const session::Recovery recovery(state.string());
  plan::Plan plan;
  plan.atlas_id = "default";
  for (std::size_t i = 0; i < session::kMaxDiscardedCopies + 5; ++i) {
    ASSERT_FALSE(recovery.keep_discarded(plan, "p.toxplan.json").empty());
  }
  std::size_t plan_files = 0;
  for (const auto& e : fs::directory_iterator(recovery.discarded_dir())) {
    if (e.path().extension() == ".json") ++plan_files;
  }
  EXPECT_EQ(plan_files, session::kMaxDiscardedCopies);
  fs::remove_all(state);
}

TEST(PlanAfterErrorNote, SaysWhatTheWindowHolds) {
  const fs::path state = fresh_state_dir("note");
  toxplan::Findings findings;
  auto atlas = anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
  ASSERT_TRUE(atlas);
  session::Planner planner(std::move(atlas), state.string());
  // A plan refused at start: nothing is open, so "your open plan was not changed" is not true.
  EXPECT_NE(planner.open(test::fixtures_dir() + "/plans/bad-version-newer.toxplan.json"), "");
  EXPECT_EQ(session::plan_after_error_note(planner),
            "No plan is open: the window shows a new, empty plan.");
  ASSERT_EQ(planner.open(test::source_dir() + "/plans/cervical-dystonia-example.toxplan.json"), "");
  EXPECT_EQ(session::plan_after_error_note(planner),
            "The plan in the window (cervical-dystonia-example.toxplan.json) is as it was.");
  planner.set_dose("sternocleidomastoid_L", 25.0);
  EXPECT_EQ(session::plan_after_error_note(planner),
            "The plan in the window (cervical-dystonia-example.toxplan.json) is as it was, unsaved "
            "changes included.");
  fs::remove_all(state);
}
