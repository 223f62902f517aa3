// What each step of the shipped tours shows must be what its captions say:
// - every label is drawn, at a point the step's camera sees: the segment from the camera to the
//   anchor crosses no surface the step draws, not even the see-through skin (a label "behind
//   the model", as "Acromion (left)" in the trapezius step was, fails);
// - the steps that say "All 31 sites" together show every site of the plan in the frame and in
//   sight, and each says how many it shows;
// - every reach and volume a caption quotes for the sites it shows (single values and ranges,
//   "mm along", "mm across", "cm³") is what the spread model computes for them.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>

#include "anatomy/atlas.h"
#include "plan/plan_io.h"
#include "demo/demo_loading.h"
#include "render/demo_player.h"
#include "render/scene.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"
#include "support/default_atlas.h"
#include "support/test_paths.h"

using namespace toxplan;

namespace {

using toxplan::test::default_atlas;

std::string tour(const std::string& name) {
  return test::source_dir() + "/assets/demos/" + name;
}

const char* const kTours[] = {"preempt-tour.json", "spread-dose-volume.json"};

// Is `point` in sight from `eye`: no surface of an opaque structure on the way (the last 1 mm,
// where the point's own surface is, excepted)?
bool in_sight(const anatomy::Atlas& atlas, const toxplan::Vec3& eye, const toxplan::Vec3& point,
              const std::set<std::string>& opaque) {
  const double length = toxplan::distance(eye, point);
  const toxplan::Vec3 end = eye + toxplan::normalized(point - eye) * (length - 1.0);
  return !atlas
              .first_surface_crossing(
                  eye, end, [&](const anatomy::Structure& s) { return opaque.count(s.id) > 0; })
              .has_value();
}

// Is `point` inside the picture of a 16:9 frame taken with `camera`, clear of its edges?
bool in_frame(const render::CameraPose& camera, const toxplan::Vec3& point) {
  const toxplan::Vec3 forward = toxplan::normalized(camera.focal_mm - camera.position_mm);
  const toxplan::Vec3 up =
      toxplan::normalized(camera.up - forward * toxplan::dot(camera.up, forward));
  const toxplan::Vec3 right = toxplan::cross(forward, up);
  const toxplan::Vec3 v = point - camera.position_mm;
  const double z = toxplan::dot(v, forward);
  const double half = std::tan(camera.view_angle_deg * 0.5 * M_PI / 180.0);
  // The title and the caption band cover the top and bottom of the frame: keep clear of them.
  return z > 0 && std::abs(toxplan::dot(v, up)) / z < 0.8 * half &&
         std::abs(toxplan::dot(v, right)) / z < half * 16.0 / 9.0;
}

}  // namespace

TEST(TourViews, EveryLabelIsDrawnWhereTheStepsCameraSeesIt) {
  const auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  for (const char* name : kTours) {
    const demo::DemoLoadResult r = demo::load_demo_for_atlas(tour(name), *atlas);
    ASSERT_TRUE(r.script) << name;
    render::Scene scene(*atlas);
    render::DemoPlayer player(scene, *r.script);
    for (std::size_t i = 0; i < r.script->steps.size(); ++i) {
      const demo::DemoStep& step = r.script->steps[i];
      player.show(i, r.script->step_length_s(i));
      const std::vector<render::DemoLabel> labels = player.shown_labels();
      const std::vector<std::string> drawn_ids = player.drawn_structure_ids();
      const std::set<std::string> drawn(drawn_ids.begin(), drawn_ids.end());
      EXPECT_EQ(labels.size(), step.labels.size())
          << name << " step " << i + 1 << ": a listed label has nothing in sight";
      const toxplan::Vec3 eye = player.step_camera(i).position_mm;
      for (const render::DemoLabel& l : labels) {
        // Nothing drawn, not even the see-through skin, between the camera and the anchor.
        EXPECT_TRUE(in_sight(*atlas, eye, l.anchor_mm, drawn))
            << name << " step " << i + 1 << ": label \"" << l.text << "\" at (" << l.anchor_mm.x
            << ", " << l.anchor_mm.y << ", " << l.anchor_mm.z << ") is hidden behind the model";
        EXPECT_TRUE(in_frame(player.step_camera(i), l.anchor_mm))
            << name << " step " << i + 1 << ": label \"" << l.text << "\" is out of the picture";
      }
    }
  }
}

TEST(TourViews, TheAll31SitesStepsShowEverySite) {
  const auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  const demo::DemoLoadResult r = demo::load_demo_for_atlas(tour("preempt-tour.json"), *atlas);
  ASSERT_TRUE(r.script);
  render::Scene scene(*atlas);
  render::DemoPlayer player(scene, *r.script);
  std::set<std::string> seen;
  int steps = 0;
  std::size_t plan_sites = 0;
  const std::regex count(R"(: ([0-9]+) sites$)");
  for (std::size_t i = 0; i < r.script->steps.size(); ++i) {
    const demo::DemoStep& step = r.script->steps[i];
    if (step.title.rfind("All 31 sites", 0) != 0) continue;
    ++steps;
    const plan::PlanLoadResult plan = plan::load_plan_file(step.plan_path);
    ASSERT_TRUE(plan.plan) << step.plan_path;
    plan_sites = plan.plan->sites.size();
    player.show(i, r.script->step_length_s(i));
    const std::vector<std::string> opaque_ids = player.opaque_structure_ids();
    const std::set<std::string> opaque(opaque_ids.begin(), opaque_ids.end());
    const render::CameraPose camera = player.step_camera(i);
    int shown_here = 0;
    for (const std::string& id : demo::demo_step_site_ids(step, *plan.plan, *atlas)) {
      const plan::Site* s = plan.plan->find_site(id);
      ASSERT_TRUE(s);
      const bool seen_here = in_sight(*atlas, camera.position_mm, s->entry_point_mm, opaque) &&
                             in_frame(camera, s->entry_point_mm);
      EXPECT_TRUE(seen_here) << "step " << i + 1 << " shows site " << id
                             << " but its camera does not see it";
      if (seen_here) {
        seen.insert(id);
        ++shown_here;
      }
    }
    std::smatch m;
    ASSERT_TRUE(std::regex_search(step.title, m, count))
        << "step " << i + 1 << ": the title should say how many sites it shows: " << step.title;
    EXPECT_EQ(std::stoi(m[1]), shown_here) << step.title;
  }
  EXPECT_GE(steps, 1);
  EXPECT_EQ(plan_sites, 31u);
  EXPECT_EQ(seen.size(), plan_sites) << "the 'All 31 sites' steps together miss some sites";
}

// A caption's "21.2-21.5 mm along", "16.1 mm across", "14.3-14.8 cm³": each value, or each end
// of a range, is the smallest / largest the model gives over the sites the step shows, to the
// decimal shown; "mm long" is the bolus length. "cm across" (a region "2 cm across") is checked
// too, in millimetres.
TEST(TourViews, CaptionReachesAndVolumesAreTheModels) {
  const auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  atlas->build_containment_indexes();
  auto tissue = std::make_shared<sim::AtlasTissue>(atlas);
  std::map<std::string, std::shared_ptr<const sim::PlanSpread>> spreads;  // by plan path
  const std::regex quoted(
      R"(([0-9]+(?:\.[0-9]+)?)(?:-([0-9]+(?:\.[0-9]+)?))? (mm|cm|cm³)(?: (along|across|long))?)");
  int checked = 0;
  for (const char* name : kTours) {
    const demo::DemoLoadResult r = demo::load_demo_for_atlas(tour(name), *atlas);
    ASSERT_TRUE(r.script) << name;
    for (const demo::DemoStep& step : r.script->steps) {
      if (step.plan_path.empty() || step.spread_fraction <= 0.0) continue;
      const plan::PlanLoadResult plan = plan::load_plan_file(step.plan_path);
      ASSERT_TRUE(plan.plan) << step.plan_path;
      if (!spreads.count(step.plan_path)) {
        sim::PlanSimulator simulator(tissue);
        spreads[step.plan_path] =
            simulator.simulate(*plan.plan, sim::resolve_parameters(*plan.plan, {}).parameters);
      }
      const auto ids = demo::demo_step_site_ids(step, *plan.plan, *atlas);
      const std::set<std::string> shown(ids.begin(), ids.end());
      double along[2] = {1e9, -1e9}, across[2] = {1e9, -1e9}, volume[2] = {1e9, -1e9},
             bolus[2] = {1e9, -1e9};
      for (const auto& s : spreads[step.plan_path]->sites) {
        if (!shown.count(s->site_id)) continue;
        const sim::SpreadMetrics& m = s->metrics;
        along[0] = std::min(along[0], m.reach_along_mm);
        along[1] = std::max(along[1], m.reach_along_mm);
        across[0] = std::min(across[0], m.reach_across_mm);
        across[1] = std::max(across[1], m.reach_across_mm);
        volume[0] = std::min(volume[0], m.effect_volume_cm3);
        volume[1] = std::max(volume[1], m.effect_volume_cm3);
        bolus[0] = std::min(bolus[0], s->bolus().length_mm());
        bolus[1] = std::max(bolus[1], s->bolus().length_mm());
      }
      for (auto it = std::sregex_iterator(step.caption.begin(), step.caption.end(), quoted);
           it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        const std::string unit = m[3];
        const std::string axis = m[4];
        const double* model = unit == "cm³"      ? volume
                              : axis == "along"  ? along
                              : axis == "across" ? across
                              : axis == "long"   ? bolus
                                                 : nullptr;
        if (model == nullptr) continue;  // a depth or a distance, not a reach
        const double scale = unit == "cm" ? 10.0 : 1.0;
        const std::string lo = m[1], hi = m[2].matched ? std::string(m[2]) : lo;
        // To the last decimal shown; whole numbers to 0.5.
        auto tolerance = [](const std::string& v) {
          const auto dot = v.find('.');
          return dot == std::string::npos
                     ? 0.5
                     : 0.5 * std::pow(10.0, -double(v.size() - dot - 1)) + 1e-9;
        };
        const bool range = m[2].matched;
        const double low = std::stod(lo) * scale, high = std::stod(hi) * scale;
        if (range) {
          EXPECT_NEAR(low, model[0], tolerance(lo) * scale) << step.title << ": " << m.str();
          EXPECT_NEAR(high, model[1], tolerance(hi) * scale) << step.title << ": " << m.str();
        } else {
          // One value: every shown site has it (one site, or sites that agree).
          EXPECT_NEAR(low, model[0], tolerance(lo) * scale) << step.title << ": " << m.str();
          EXPECT_NEAR(low, model[1], tolerance(lo) * scale) << step.title << ": " << m.str();
        }
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 12);
}

// A tour teaches with its plans: every plan a shipped tour uses validates without errors and is
// made up within the label's dilution table (100 U with at most 10 mL: 1 U per 0.1 mL; the
// program's largest reconstitution, docs/sources.md).
TEST(TourPlans, ShippedToursUseValidPlansWithinTheDilutionTable) {
  const auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  const demo::DemoReferences refs = demo::demo_references(*atlas);
  int plans = 0;
  for (const char* name : kTours) {
    const demo::DemoLoadResult r = demo::load_demo_for_atlas(tour(name), *atlas);
    ASSERT_TRUE(r.script) << name;
    for (const toxplan::Finding& f : r.findings)
      ADD_FAILURE() << f.message;
    std::set<std::string> seen;
    for (const demo::DemoStep& step : r.script->steps) {
      if (step.plan_path.empty() || !seen.insert(step.plan_path).second) continue;
      const plan::PlanLoadResult plan = plan::load_plan_file(step.plan_path, refs.plan_context);
      ASSERT_TRUE(plan.plan) << step.plan_path;
      for (const toxplan::Finding& f : plan.findings) {
        EXPECT_NE(f.severity, toxplan::Severity::Error) << f.message;
      }
      EXPECT_LE(plan.plan->dilution.diluent_ml / plan.plan->dilution.vial_units * 100.0, 10.0)
          << step.plan_path << ": " << plan.plan->dilution.vial_units << " U in "
          << plan.plan->dilution.diluent_ml << " mL is beyond the label's dilution table";
      ++plans;
    }
  }
  EXPECT_GE(plans, 5);
}

// The loader refuses a step's plan that has errors, says why, and plays the step without it.
TEST(TourPlans, APlanWithErrorsIsRefusedWithTheReason) {
  const auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("toxplan_tour_plans_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string bad = test::fixtures_dir() + "/plans/bad-dose-zero.toxplan.json";
  const std::string unknown_target =
      test::fixtures_dir() + "/plans/bad-unknown-target.toxplan.json";
  const std::string good =
      test::source_dir() + "/assets/demos/plans/temporalis-5u-0p1ml.toxplan.json";
  std::ofstream(dir / "tour.json") << R"({"format": "toxplan-demo", "version": 1, "title": "t",
    "steps": [
      {"title": "bad", "plan": ")" << bad
                                   << R"(", "spread_fraction": 1.0},
      {"title": "unknown target", "plan": ")"
                                   << unknown_target << R"("},
      {"title": "good", "plan": ")" << good
                                   << R"(", "spread_fraction": 1.0}
    ]})";
  const demo::DemoLoadResult r = demo::load_demo_for_atlas((dir / "tour.json").string(), *atlas);
  ASSERT_TRUE(r.script);
  int invalid = 0;
  for (const toxplan::Finding& f : r.findings) {
    if (f.code != "DEMO_PLAN_INVALID") continue;
    ++invalid;
    EXPECT_EQ(f.severity, toxplan::Severity::Error);
    EXPECT_NE(f.message.find("has errors"), std::string::npos) << f.message;
    EXPECT_NE(f.message.find("toxplan validate"), std::string::npos) << f.message;
  }
  EXPECT_EQ(invalid, 2);
  EXPECT_TRUE(r.script->steps[0].plan_path.empty());
  EXPECT_EQ(r.script->steps[0].spread_fraction, 0.0);
  EXPECT_TRUE(r.script->steps[1].plan_path.empty());
  EXPECT_EQ(r.script->steps[2].plan_path, good);
  std::filesystem::remove_all(dir);
}
