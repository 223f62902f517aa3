// The planner follows the atlas a plan was made on (issue 16: the window opens any atlas): a plan
// naming another shipped atlas is opened on that atlas, with a new scene and simulator; File >
// New plan on atlas replaces the atlas with an empty plan; neither happens while a demo has the
// scene, and a refused file or atlas leaves everything as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "anatomy/atlas.h"
#include "session/planner.h"
#include "support/schematic_atlas.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

class PlannerAtlasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = fs::temp_directory_path() /
             ("toxplan_planner_atlas_" +
              std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
              std::to_string(::getpid()));
    fs::remove_all(state_);
    Findings findings;
    auto atlas = anatomy::Atlas::load(test::schematic_atlas_dir(), &findings);
    ASSERT_TRUE(atlas);
    planner_ = std::make_unique<session::Planner>(std::move(atlas), state_.string());
  }
  void TearDown() override {
    planner_.reset();
    fs::remove_all(state_);
  }
  bool has_finding(const std::string& code) const {
    for (const Finding& f : planner_->file_findings())
      if (f.code == code) return true;
    return false;
  }

  const std::string default_plan_ = test::source_dir() + "/plans/preempt-155.toxplan.json";
  fs::path state_;
  std::unique_ptr<session::Planner> planner_;
};

}  // namespace

TEST_F(PlannerAtlasTest, APlanOfAnotherShippedAtlasOpensOnThatAtlas) {
  ASSERT_EQ(planner_->atlas().id(), "schematic");
  ASSERT_EQ(planner_->open(default_plan_), "");
  EXPECT_EQ(planner_->atlas().id(), "default");
  EXPECT_EQ(&planner_->scene().atlas(), &planner_->atlas()) << "the scene is on the old atlas";
  EXPECT_FALSE(has_finding("ATLAS_MISMATCH"));
  EXPECT_EQ(planner_->plan().sites.size(), 31u);

  // The simulator works on the new atlas too: one site left, simulated, with toxin bound in
  // its target.
  for (std::size_t i = 1; i < planner_->plan().sites.size(); ++i)
    planner_->selection().insert(planner_->plan().sites[i].id);
  planner_->delete_selected();
  ASSERT_EQ(planner_->plan().sites.size(), 1u);
  planner_->finish_simulation();
  ASSERT_NE(planner_->spread(), nullptr);
  ASSERT_EQ(planner_->spread()->sites.size(), 1u);
  EXPECT_GT(planner_->spread()->sites.front().effect_volume_cm3, 0.1);
  EXPECT_GT(planner_->spread()->sites.front().bound_fraction_in_target, 0.01);
}

TEST_F(PlannerAtlasTest, WithAGivenAtlasThePlanStaysOnItWithAWarning) {
  planner_->set_follow_plan_atlas(false);  // the window was started with --atlas
  planner_->open(default_plan_);           // its sites may be refused on the schematic atlas
  EXPECT_EQ(planner_->atlas().id(), "schematic");
}

TEST_F(PlannerAtlasTest, NoAtlasSwitchWhileADemoHasTheScene) {
  const render::Scene* scene = &planner_->scene();
  planner_->pin_atlas("Close the demo (Demo > Close demo)");
  const std::string error = planner_->open(default_plan_);
  EXPECT_NE(error.find("Close the demo"), std::string::npos) << error;
  EXPECT_EQ(planner_->atlas().id(), "schematic");
  EXPECT_EQ(&planner_->scene(), scene);
  EXPECT_NE(planner_->open_atlas(anatomy::Atlas::default_dir()).find("Close the demo"),
            std::string::npos);
  EXPECT_EQ(&planner_->scene(), scene);
  planner_->pin_atlas("");
  EXPECT_EQ(planner_->open(default_plan_), "");
  EXPECT_EQ(planner_->atlas().id(), "default");
}

TEST_F(PlannerAtlasTest, NewPlanOnAnotherAtlas) {
  ASSERT_EQ(planner_->open_atlas(anatomy::Atlas::default_dir()), "");
  EXPECT_EQ(planner_->atlas().id(), "default");
  EXPECT_EQ(planner_->plan().atlas_id, "default");
  EXPECT_TRUE(planner_->plan().sites.empty());
  EXPECT_TRUE(planner_->path().empty());
  EXPECT_EQ(&planner_->scene().atlas(), &planner_->atlas());
}

TEST_F(PlannerAtlasTest, AnAtlasThatDoesNotLoadChangesNothing) {
  const render::Scene* scene = &planner_->scene();
  const std::string missing = (state_ / "no-such-atlas").string();
  const std::string error = planner_->open_atlas(missing);
  EXPECT_NE(error.find(missing), std::string::npos) << error;
  EXPECT_EQ(planner_->atlas().id(), "schematic");
  EXPECT_EQ(&planner_->scene(), scene);
}

TEST(ShippedAtlasOfPlan, NamesTheFolderOfAShippedAtlasOnly) {
  EXPECT_EQ(fs::path(session::shipped_atlas_of_plan(test::source_dir() +
                                                    "/plans/preempt-155.toxplan.json"))
                .filename(),
            "default");
  EXPECT_EQ(session::shipped_atlas_of_plan(test::source_dir() + "/no/such/plan.json"), "");
}
