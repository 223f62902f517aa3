// Simulator codes with a fixture plan named after each (tests/fixtures/plans/): the code, its
// severity and the site or field it names. The sites-overlap and target fixtures are on the
// block atlas (two muscle blocks across a fascia at y = 0), which solves in a moment.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "plan/plan_io.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"
#include "sim/spread_parameters.h"
#include "support/finding_queries.h"
#include "support/test_paths.h"

namespace toxplan::sim {
namespace {

using test::all_messages;
using test::with_code;

plan::Plan fixture_plan(const std::string& name) {
  const plan::PlanLoadResult r =
      plan::load_plan_file(toxplan::test::fixtures_dir() + "/plans/" + name);
  EXPECT_TRUE(r.plan.has_value()) << name << all_messages(r.findings);
  return r.plan.value_or(plan::Plan{});
}

std::shared_ptr<const PlanSpread> simulate_on_block_atlas(const plan::Plan& plan) {
  Findings findings;
  std::shared_ptr<const anatomy::Atlas> atlas =
      anatomy::Atlas::load(toxplan::test::source_dir() + "/assets/atlas/block", &findings);
  EXPECT_TRUE(atlas) << "the shipped block atlas did not load:" << all_messages(findings);
  if (!atlas) return nullptr;
  PlanSimulator sim(std::make_shared<AtlasTissue>(atlas));
  return sim.simulate(plan, resolve_parameters(plan, {}).parameters);
}

TEST(SimCodeFixtures, SitesInTwoMusclesWhoseRegionsOverlapAreNamed) {
  const plan::Plan plan = fixture_plan("sites-overlap.toxplan.json");
  ASSERT_EQ(plan.atlas_id, "block");
  const auto spread = simulate_on_block_atlas(plan);
  ASSERT_TRUE(spread);
  const auto found = with_code(spread->findings, "SITES_OVERLAP");
  ASSERT_EQ(found.size(), 1u) << all_messages(spread->findings);
  const Finding& f = *found.front();
  EXPECT_EQ(f.severity, Severity::Info);
  EXPECT_EQ(f.site_id, "near_a");
  EXPECT_NE(f.message.find("Sites near_a and near_b (block_a, block_b): their effect regions "
                           "overlap in "),
            std::string::npos)
      << f.message;

  // The same two sites 80 mm apart: no overlap.
  plan::Plan apart = plan;
  apart.sites[0].entry_point_mm.x -= 40.0;
  apart.sites[1].entry_point_mm.x += 40.0;
  const auto far = simulate_on_block_atlas(apart);
  ASSERT_TRUE(far);
  EXPECT_TRUE(with_code(far->findings, "SITES_OVERLAP").empty()) << all_messages(far->findings);
}

TEST(SimCodeFixtures, ATargetTheAtlasDoesNotHaveIsNamedForItsSite) {
  const plan::Plan plan = fixture_plan("target-not-in-atlas.toxplan.json");
  const auto spread = simulate_on_block_atlas(plan);
  ASSERT_TRUE(spread);
  const auto found = with_code(spread->findings, "TARGET_NOT_IN_ATLAS");
  ASSERT_EQ(found.size(), 1u) << all_messages(spread->findings);
  EXPECT_EQ(found.front()->severity, Severity::Warning);
  EXPECT_EQ(found.front()->site_id, "deep_a");
  EXPECT_NE(
      found.front()->message.find("the target 'frontalis_L' is not a structure of this atlas"),
      std::string::npos)
      << found.front()->message;

  // Aimed at the block it is in: no such warning.
  plan::Plan aimed = plan;
  aimed.sites[0].target_structure_id = "block_a";
  const auto fixed = simulate_on_block_atlas(aimed);
  ASSERT_TRUE(fixed);
  EXPECT_TRUE(with_code(fixed->findings, "TARGET_NOT_IN_ATLAS").empty());
}

TEST(SimCodeFixtures, AnInvalidModelParameterInThePlanNamesItsField) {
  const plan::Plan plan = fixture_plan("model-parameter-invalid.toxplan.json");
  const ResolvedParameters r = resolve_parameters(plan, {});
  const auto found = with_code(r.findings, "MODEL_PARAMETER_INVALID");
  ASSERT_EQ(found.size(), 1u) << all_messages(r.findings);
  EXPECT_EQ(found.front()->severity, Severity::Error);
  EXPECT_EQ(found.front()->field, "/model_parameters/threshold_u_per_cm3");
  EXPECT_NE(found.front()->message.find("'threshold_u_per_cm3' = -1 is outside its allowed range"),
            std::string::npos)
      << found.front()->message;
  EXPECT_EQ(r.parameters.threshold_u_per_cm3, SpreadParameters{}.threshold_u_per_cm3)
      << "the refused value is not used";

  // The same code from the command line (`--set`), with no field: it is not in the file.
  const ResolvedParameters cli = resolve_parameters(plan::Plan{}, {"threshold_u_per_cm3=abc"});
  const auto from_cli = with_code(cli.findings, "MODEL_PARAMETER_INVALID");
  ASSERT_EQ(from_cli.size(), 1u) << all_messages(cli.findings);
  EXPECT_EQ(from_cli.front()->field, "");
  EXPECT_EQ(from_cli.front()->message.rfind("Command line --set ", 0), 0u)
      << from_cli.front()->message;
}

}  // namespace
}  // namespace toxplan::sim
