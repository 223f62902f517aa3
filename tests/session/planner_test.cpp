// The planner without a window: edits, undo and redo, what counts as unsaved, saving, and which
// simulation results it shows after an edit (those of the plan on screen, never a stale one).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "anatomy/atlas.h"
#include "plan/plan_io.h"
#include "session/planner.h"
#include "support/schematic_atlas.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

class PlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("toxplan_planner_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    plan_path_ = (dir_ / "plan.toxplan.json").string();
    fs::copy_file(test::fixtures_dir() + "/plans/good.toxplan.json", plan_path_);
    Findings findings;
    auto atlas = anatomy::Atlas::load(toxplan::test::schematic_atlas_dir(), &findings);
    ASSERT_TRUE(atlas);
    planner_ = std::make_unique<session::Planner>(std::move(atlas), (dir_ / "state").string());
    ASSERT_EQ(planner_->open(plan_path_), "");
  }
  void TearDown() override {
    planner_.reset();
    fs::remove_all(dir_);
  }

  const plan::Site& site(const std::string& id) {
    const plan::Site* s = planner_->plan().find_site(id);
    EXPECT_NE(s, nullptr) << id;
    static const plan::Site none;
    return s ? *s : none;
  }
  double effect_volume_cm3(const std::string& id) {
    const session::SpreadView* spread = planner_->spread();
    EXPECT_NE(spread, nullptr);
    const session::SiteResultView* r = spread ? spread->find(id) : nullptr;
    EXPECT_NE(r, nullptr) << id;
    return r ? r->effect_volume_cm3 : -1.0;
  }

  fs::path dir_;
  std::string plan_path_;
  std::unique_ptr<session::Planner> planner_;
};

}  // namespace

TEST_F(PlannerTest, DoseEditUndoRedoAndWhatIsUnsaved) {
  plan::PlanEditor& editor = planner_->editor();
  EXPECT_FALSE(editor.dirty()) << "a plan just opened has no unsaved changes";
  EXPECT_FALSE(editor.can_undo());

  planner_->set_dose("frontalis_L_1", 7.5);
  EXPECT_EQ(site("frontalis_L_1").dose_units, 7.5);
  EXPECT_NEAR(site("frontalis_L_1").volume_ml, 0.15, 1e-12) << "the volume follows the dilution";
  EXPECT_TRUE(editor.dirty());
  ASSERT_TRUE(editor.can_undo());

  editor.undo();
  EXPECT_EQ(site("frontalis_L_1").dose_units, 5.0);
  EXPECT_NEAR(site("frontalis_L_1").volume_ml, 0.1, 1e-12);
  EXPECT_FALSE(editor.dirty()) << "undone back to the saved plan: nothing unsaved";
  ASSERT_TRUE(editor.can_redo());

  editor.redo();
  EXPECT_EQ(site("frontalis_L_1").dose_units, 7.5);
  EXPECT_NEAR(site("frontalis_L_1").volume_ml, 0.15, 1e-12);
  EXPECT_TRUE(editor.dirty());
  EXPECT_FALSE(editor.can_redo());

  // Dragging a dose slider (one merge key) is one step: one undo goes back to the start.
  planner_->set_dose("frontalis_R_1", 6.0, "drag");
  planner_->set_dose("frontalis_R_1", 7.0, "drag");
  planner_->set_dose("frontalis_R_1", 8.0, "drag");
  editor.end_merge();
  editor.undo();
  EXPECT_EQ(site("frontalis_R_1").dose_units, 5.0);
  EXPECT_EQ(site("frontalis_L_1").dose_units, 7.5) << "the earlier edit is a step of its own";
}

TEST_F(PlannerTest, SavingWritesTheEditedPlanAndClearsUnsavedAndRecovery) {
  planner_->set_dose("frontalis_L_1", 7.5);
  planner_->recovery().write_now(planner_->plan(), plan_path_);
  ASSERT_TRUE(planner_->recovery().pending());
  ASSERT_EQ(planner_->save(), "");
  EXPECT_FALSE(planner_->editor().dirty());
  EXPECT_FALSE(planner_->recovery().pending()) << "after a save there is nothing to recover";
  const plan::PlanLoadResult saved = plan::load_plan_file(plan_path_);
  ASSERT_TRUE(saved.plan);
  EXPECT_EQ(saved.plan->find_site("frontalis_L_1")->dose_units, 7.5);
  EXPECT_EQ(saved.plan->find_site("frontalis_R_1")->dose_units, 5.0);

  // Undo after the save: unsaved again, and the file still holds what was saved.
  planner_->editor().undo();
  EXPECT_TRUE(planner_->editor().dirty());
  EXPECT_EQ(plan::load_plan_file(plan_path_).plan->find_site("frontalis_L_1")->dose_units, 7.5);
}

TEST_F(PlannerTest, ARefusedFileLeavesTheOpenPlanAsItWas) {
  planner_->set_dose("frontalis_L_1", 7.5);
  const std::string refused = test::fixtures_dir() + "/plans/bad-version-newer.toxplan.json";
  const std::string error = planner_->open(refused);
  EXPECT_EQ(error.rfind("Cannot open " + refused + ":", 0), 0u) << error;
  EXPECT_NE(error.find("version 7"), std::string::npos) << error;
  EXPECT_EQ(planner_->path(), plan_path_);
  EXPECT_EQ(site("frontalis_L_1").dose_units, 7.5);
  EXPECT_TRUE(planner_->editor().dirty());
}

// What the planner shows is the simulation of the plan as it is now: after an edit the old
// spread is not shown as current and its flags are not listed, and once solved the new spread
// is the edited dose's (larger at 10 U than at 5 U); undo brings back the first spread.
TEST_F(PlannerTest, ShowsTheSimulationOfThePlanAsEditedNeverAStaleOne) {
  planner_->finish_simulation();
  ASSERT_TRUE(planner_->spread_current());
  EXPECT_EQ(planner_->spread()->revision, planner_->editor().revision());
  const double at_5_units = effect_volume_cm3("frontalis_L_1");
  EXPECT_GT(at_5_units, 0.0);
  const double right_at_5_units = effect_volume_cm3("frontalis_R_1");

  // The spread's flags at 5 U, as the findings panel lists them.
  std::set<std::string> flags_at_5_units;
  for (const session::SiteResultView& r : planner_->spread()->sites) {
    for (const Finding& f : r.flags)
      flags_at_5_units.insert(f.code + " " + f.message);
  }
  for (const Finding& f : planner_->spread()->plan_flags)
    flags_at_5_units.insert(f.code + " " + f.message);
  std::size_t listed = 0;
  for (const Finding& f : planner_->current_findings())
    listed += flags_at_5_units.count(f.code + " " + f.message);
  EXPECT_EQ(listed, flags_at_5_units.size()) << "the current spread's flags are listed";

  planner_->set_dose("frontalis_L_1", 10.0);
  EXPECT_FALSE(planner_->spread_current()) << "the spread on screen is of the plan before the edit";
  // Until solved, the findings are validation's alone: no flag of the old spread is listed.
  for (const Finding& f : planner_->current_findings()) {
    EXPECT_EQ(flags_at_5_units.count(f.code + " " + f.message), 0u)
        << "a stale spread flag is listed: " << f.code << " " << f.message;
  }
  planner_->finish_simulation();
  ASSERT_TRUE(planner_->spread_current());
  EXPECT_EQ(planner_->spread()->revision, planner_->editor().revision());
  const double at_10_units = effect_volume_cm3("frontalis_L_1");
  EXPECT_GT(at_10_units, at_5_units * 1.2) << "twice the dose acts on a larger region";
  EXPECT_NEAR(effect_volume_cm3("frontalis_R_1"), right_at_5_units, 1e-9)
      << "the other site did not change";

  // Undone: the 5 U spread again (re-solved from a warm start: the same to the solver's
  // tolerance, a few voxels of 0.5 mm).
  planner_->editor().undo();
  planner_->finish_simulation();
  ASSERT_TRUE(planner_->spread_current());
  EXPECT_NEAR(effect_volume_cm3("frontalis_L_1"), at_5_units, at_5_units * 1e-3);

  // A deleted site has no result shown.
  planner_->select_only("frontalis_R_1");
  planner_->delete_selected();
  planner_->finish_simulation();
  EXPECT_EQ(planner_->plan().find_site("frontalis_R_1"), nullptr);
  EXPECT_EQ(planner_->spread()->find("frontalis_R_1"), nullptr);
  EXPECT_NE(planner_->spread()->find("frontalis_L_1"), nullptr);
}

// A plan the model cannot compute with is said so in the findings, once solved.
TEST_F(PlannerTest, AnAbsurdDoseShowsWhyThereIsNoSpread) {
  planner_->set_dose("frontalis_L_1", 1e300);
  planner_->finish_simulation();
  ASSERT_TRUE(planner_->spread_current());
  bool not_run = false;
  bool absurd = false;
  for (const Finding& f : planner_->current_findings()) {
    not_run |= f.code == "SIMULATION_NOT_RUN";
    absurd |= f.code == "DOSE_ABSURD" && f.site_id == "frontalis_L_1";
  }
  EXPECT_TRUE(not_run);
  EXPECT_TRUE(absurd);
}
