// The shipped tours: they load on the default atlas without errors, and every reach and volume
// quoted in the dose-and-volume tour is what the spread model gives (captions never drift from
// the model: re-run `toxplan simulate` on the tour's plans and update the captions if this fails).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <regex>

#include "anatomy/atlas.h"
#include "plan/plan_io.h"
#include "demo/demo_loading.h"
#include "render/demo_player.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"
#include "support/default_atlas.h"
#include "support/test_paths.h"

using namespace toxplan;

namespace {

using toxplan::test::default_atlas;

std::string tour(const std::string& name) {
  return toxplan::test::source_dir() + "/assets/demos/" + name;
}

}  // namespace

TEST(ShippedTours, LoadWithoutErrors) {
  const auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  for (const char* name : {"preempt-tour.json", "spread-dose-volume.json"}) {
    const demo::DemoLoadResult r = demo::load_demo_for_atlas(tour(name), *atlas);
    ASSERT_TRUE(r.script) << name;
    for (const toxplan::Finding& f : r.findings)
      ADD_FAILURE() << f.message;
    EXPECT_GE(r.script->steps.size(), 7u) << name;
    for (const demo::DemoStep& s : r.script->steps) {
      EXPECT_FALSE(s.caption.empty()) << name << ": " << s.title;
    }
  }
}

TEST(ShippedTours, DoseAndVolumeCaptionsQuoteTheModel) {
  const auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  const demo::DemoLoadResult r =
      demo::load_demo_for_atlas(tour("spread-dose-volume.json"), *atlas);
  ASSERT_TRUE(r.script);
  struct Reach {
    double along_mm, across_mm, volume_cm3, bolus_length_mm;
  };
  std::map<std::string, Reach> model;  // by plan path
  auto tissue = std::make_shared<sim::AtlasTissue>(atlas);
  for (const demo::DemoStep& step : r.script->steps) {
    if (step.plan_path.empty() || model.count(step.plan_path)) continue;
    const plan::PlanLoadResult plan = plan::load_plan_file(step.plan_path);
    ASSERT_TRUE(plan.plan) << step.plan_path;
    ASSERT_EQ(plan.plan->sites.size(), 1u) << step.plan_path;
    sim::PlanSimulator simulator(tissue);
    const auto spread =
        simulator.simulate(*plan.plan, sim::resolve_parameters(*plan.plan, {}).parameters);
    ASSERT_EQ(spread->sites.size(), 1u);
    const sim::SpreadMetrics& m = spread->sites[0]->metrics;
    model[step.plan_path] = {m.reach_along_mm, m.reach_across_mm, m.effect_volume_cm3,
                             spread->sites[0]->bolus().length_mm()};
  }
  ASSERT_EQ(model.size(), 4u);
  // Captions give one decimal: they must be the model's value rounded to it.
  constexpr double kDecimal = 0.05 + 1e-9;

  // Each step with a plan states that plan's reach first: "X mm along and Y mm across".
  const std::regex pair(R"(([0-9]+\.[0-9]) mm along and ([0-9]+\.[0-9]) mm across)");
  int checked_steps = 0;
  for (const demo::DemoStep& step : r.script->steps) {
    std::smatch m;
    if (step.plan_path.empty() || step.spread_fraction <= 0.0 ||
        !std::regex_search(step.caption, m, pair)) {
      continue;
    }
    const Reach& reach = model[step.plan_path];
    EXPECT_NEAR(std::stod(m[1]), reach.along_mm, kDecimal) << step.title << ": " << step.caption;
    EXPECT_NEAR(std::stod(m[2]), reach.across_mm, kDecimal) << step.title << ": " << step.caption;
    ++checked_steps;
  }
  EXPECT_GE(checked_steps, 5);

  // Every decimal number of millimetres or cm³ anywhere in the captions (the summary too) is
  // one the model gives for one of the tour's plans.
  const std::regex mm(R"(([0-9]+\.[0-9])(?= mm| ->))");
  const std::regex cm3(R"(([0-9]+\.[0-9]) cm³)");
  int numbers = 0;
  for (const demo::DemoStep& step : r.script->steps) {
    for (auto it = std::sregex_iterator(step.caption.begin(), step.caption.end(), mm);
         it != std::sregex_iterator(); ++it) {
      const double v = std::stod((*it)[1]);
      const std::string after = step.caption.substr(it->position() + it->length(), 12);
      if (after.find("mL") != std::string::npos) continue;  // "0.1 -> 1 mL" is a volume
      bool matches = false;
      for (const auto& [path, reach] : model) {
        matches = matches || std::abs(v - reach.along_mm) <= kDecimal ||
                  std::abs(v - reach.across_mm) <= kDecimal ||
                  std::abs(v - reach.bolus_length_mm) <= kDecimal;
      }
      EXPECT_TRUE(matches) << v << " mm in \"" << step.title
                           << "\" is no reach or bolus length of the model";
      ++numbers;
    }
    for (auto it = std::sregex_iterator(step.caption.begin(), step.caption.end(), cm3);
         it != std::sregex_iterator(); ++it) {
      const double v = std::stod((*it)[1]);
      bool matches = false;
      for (const auto& [path, reach] : model) {
        matches = matches || std::abs(v - reach.volume_cm3) <= kDecimal;
      }
      EXPECT_TRUE(matches) << v << " cm³ in \"" << step.title << "\" is no volume of the model";
      ++numbers;
    }
  }
  EXPECT_GE(numbers, 20);
}
