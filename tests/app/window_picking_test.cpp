// Issue 12, item 1, in the real window: the cervical dystonia example with its
// sternocleidomastoid site mirrored to the right. Left view (key 3), a click over the left
// sternocleidomastoid, D 25 Enter, Ctrl+S: the left site gets 25 U, the right one (hidden behind
// the neck) is untouched.
#include <gtest/gtest.h>

#include <filesystem>

#include "anatomy/atlas.h"
#include "plan/plan_editor.h"
#include "plan/plan_io.h"
#include "support/image_check.h"
#include "support/window_run.h"

namespace fs = std::filesystem;
using namespace toxplan;

TEST(WindowPicking, DoseTypedAfterClickingTheLeftNeckGoesToTheLeftSite) {
  const fs::path dir = test::fresh_window_dir("picking");
  const plan::PlanLoadResult example =
      plan::load_plan_file(test::source_dir() + "/plans/cervical-dystonia-example.toxplan.json");
  ASSERT_TRUE(example.plan);
  plan::Plan plan = *example.plan;
  const plan::Site left = *plan.find_site("sternocleidomastoid_L");
  plan.sites.push_back(plan::mirrored_site(left));
  const plan::Site right = plan.sites.back();
  ASSERT_EQ(right.id, "sternocleidomastoid_R");
  const fs::path plan_path = dir / "cd.toxplan.json";
  ASSERT_FALSE(plan::save_plan_file(plan, plan_path.string()));

  // From the left the right site's needle lies right behind the left one's, 2 px apart on
  // screen (perspective draws the farther one nearer the centre of the view). The click goes
  // 3 mm beyond it, away from the left needle, at right angles to both needles: over the left
  // sternocleidomastoid, about 3 mm from the left needle seen there, nearer still to the hidden
  // one, which is how the user's click landed on the right site.
  toxplan::Findings findings;
  const auto atlas = anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
  ASSERT_TRUE(atlas);
  const anatomy::Box bounds = atlas->bounds();
  const toxplan::Vec3 view_centre = (bounds.min_mm + bounds.max_mm) * 0.5;
  toxplan::Vec3 aside = toxplan::normalized(toxplan::cross({1, 0, 0}, right.needle_direction));
  if (toxplan::dot(aside, view_centre - right.entry_point_mm) < 0) aside = -aside;
  const toxplan::Vec3 click = right.entry_point_mm + aside * 3.0;

  const nlohmann::json events = {
      test::key_event(6, "3"),      test::click_at_world_event(10, click),
      test::key_event(18, "d"),     test::text_event(21, "25"),
      test::key_event(23, "enter"), test::key_event(28, "s", /*ctrl=*/true),
  };
  const std::string screenshot = test::output_path("window_picking_left_view");
  ASSERT_EQ(test::run_toxplan(plan_path.string() + " --events " + test::write_events(dir, events) +
                              " --frames 36 --state-dir " + (dir / "state").string() +
                              " --screenshot " + screenshot),
            0);

  const plan::PlanLoadResult saved = plan::load_plan_file(plan_path.string());
  ASSERT_TRUE(saved.plan) << saved.findings.front().message;
  const plan::Site* saved_left = saved.plan->find_site("sternocleidomastoid_L");
  const plan::Site* saved_right = saved.plan->find_site("sternocleidomastoid_R");
  ASSERT_NE(saved_left, nullptr);
  ASSERT_NE(saved_right, nullptr);
  EXPECT_EQ(saved_left->dose_units, 25.0) << "the dose went to the wrong site";
  EXPECT_EQ(saved_right->dose_units, right.dose_units) << "the hidden right site got the dose";
  EXPECT_TRUE(*saved_right == right) << "the right site, hidden behind the neck, was edited";
  ASSERT_EQ(saved.plan->sites.size(), plan.sites.size()) << "the click added a site";
  fs::remove_all(dir);
}
