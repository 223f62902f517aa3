// Picking on the real default atlas: a click selects the needle the user sees, never one hidden
// behind the neck. The cervical dystonia example with its sternocleidomastoid site mirrored to
// the right (as the M key does): from the left view the right needle lies right behind the left
// one, 2 px away on screen (issue 12, item 1).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "plan/plan_editor.h"
#include "session/planner.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

constexpr double kViewWidthPx = 540;  // the window's 3D view at 1280 x 800
constexpr double kViewHeightPx = 750;

class PlannerPicking : public ::testing::Test {
 protected:
  void SetUp() override {
    toxplan::Findings findings;
    auto atlas = anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
    ASSERT_TRUE(atlas);
    state_dir_ = fs::temp_directory_path() / ("toxplan_picking_" + std::to_string(::getpid()));
    planner_ = std::make_unique<session::Planner>(std::move(atlas), state_dir_.string());
    ASSERT_EQ(planner_->open(test::source_dir() + "/plans/cervical-dystonia-example.toxplan.json"),
              "");
    plan::Plan p = planner_->plan();
    const plan::Site* left = p.find_site("sternocleidomastoid_L");
    ASSERT_NE(left, nullptr);
    p.sites.push_back(plan::mirrored_site(*left));
    planner_->editor().reset(p);
    ASSERT_NE(planner_->plan().find_site("sternocleidomastoid_R"), nullptr);
  }
  void TearDown() override {
    planner_.reset();
    fs::remove_all(state_dir_);
  }

  const plan::Site& site(const std::string& id) { return *planner_->plan().find_site(id); }
  void remove_site(const std::string& id) {
    plan::Plan p = planner_->plan();
    p.sites.erase(std::remove_if(p.sites.begin(), p.sites.end(),
                                 [&](const plan::Site& s) { return s.id == id; }),
                  p.sites.end());
    planner_->editor().reset(p);
  }
  // The viewing ray through the pixel where `p` appears.
  render::Ray ray_through(const toxplan::Vec3& p) {
    double x = 0;
    double y = 0;
    EXPECT_TRUE(planner_->scene().world_to_display(p, kViewWidthPx, kViewHeightPx, &x, &y));
    return planner_->scene().display_ray(x, y, kViewWidthPx, kViewHeightPx);
  }

  fs::path state_dir_;
  std::unique_ptr<session::Planner> planner_;
};

}  // namespace

TEST_F(PlannerPicking, LeftViewPicksTheLeftNeedleNotTheOneBehindTheNeck) {
  planner_->scene().set_view(anatomy::ViewPreset::Left);
  const plan::Site& left = site("sternocleidomastoid_L");
  const plan::Site& right = site("sternocleidomastoid_R");
  EXPECT_EQ(planner_->site_near_ray(ray_through(left.entry_point_mm)), "sternocleidomastoid_L");
  // The right needle's own pixels: the user sees the left neck (and the left needle 1-2 mm
  // away) there, never the needle behind the neck.
  EXPECT_EQ(planner_->site_near_ray(ray_through(right.entry_point_mm)), "sternocleidomastoid_L");
  EXPECT_EQ(planner_->site_near_ray(ray_through(right.tip_mm())), "sternocleidomastoid_L");
}

TEST_F(PlannerPicking, RightViewPicksTheRightNeedle) {
  planner_->scene().set_view(anatomy::ViewPreset::Right);
  const plan::Site& left = site("sternocleidomastoid_L");
  const plan::Site& right = site("sternocleidomastoid_R");
  EXPECT_EQ(planner_->site_near_ray(ray_through(right.entry_point_mm)), "sternocleidomastoid_R");
  EXPECT_EQ(planner_->site_near_ray(ray_through(left.entry_point_mm)), "sternocleidomastoid_R");
}

TEST_F(PlannerPicking, NeedleHiddenBehindTheNeckIsNeverPicked) {
  remove_site("sternocleidomastoid_L");
  planner_->scene().set_view(anatomy::ViewPreset::Left);
  const plan::Site& right = site("sternocleidomastoid_R");
  // Muscles and bones drawn: they hide it.
  EXPECT_EQ(planner_->site_near_ray(ray_through(right.entry_point_mm)), "");
  EXPECT_EQ(planner_->site_near_ray(ray_through(right.tip_mm())), "");
  // Everything but the translucent skin hidden: its entry is still on the far side of the neck.
  for (const anatomy::Structure& s : planner_->atlas().structures()) {
    if (s.kind != anatomy::StructureKind::Skin)
      planner_->scene().set_structure_visible(s.id, false);
  }
  EXPECT_EQ(planner_->site_near_ray(ray_through(right.entry_point_mm)), "");
  // Seen from its own side it is picked, through the translucent skin too.
  planner_->scene().set_view(anatomy::ViewPreset::Right);
  EXPECT_EQ(planner_->site_near_ray(ray_through(right.tip_mm())), "sternocleidomastoid_R");
}

TEST_F(PlannerPicking, NeedleOutsideTheSkinIsPickedWhereItIsDrawn) {
  // The needle is drawn kNeedleOutsideSkinMm out of the skin: clicking its outer part selects it.
  planner_->scene().set_view(anatomy::ViewPreset::Anterior);
  const plan::Site& left = site("sternocleidomastoid_L");
  const toxplan::Vec3 outside =
      left.entry_point_mm - toxplan::normalized(left.needle_direction) * 12.0;
  EXPECT_EQ(planner_->site_near_ray(ray_through(outside)), "sternocleidomastoid_L");
}

TEST_F(PlannerPicking, HoverTextNamesTheSiteAClickSelects) {
  planner_->scene().set_view(anatomy::ViewPreset::Left);
  const render::Ray ray = ray_through(site("sternocleidomastoid_R").entry_point_mm);
  EXPECT_EQ(planner_->hover_text(ray),
            "Site sternocleidomastoid_L: Sternocleidomastoid (left), 30 U");
  // Away from every needle it names the structure seen, as before.
  planner_->scene().set_view(anatomy::ViewPreset::Anterior);
  const anatomy::Landmark* glabella = planner_->atlas().landmark("glabella");
  ASSERT_NE(glabella, nullptr);
  EXPECT_EQ(planner_->site_near_ray(ray_through(glabella->position_mm)), "");
  EXPECT_EQ(planner_->hover_text(ray_through(glabella->position_mm)).rfind("Site ", 0),
            std::string::npos);
}
