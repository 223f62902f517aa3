// The spread model on a real atlas: assets/atlas/block (two muscle blocks across a flat fascia
// at y = 0, fibres along x), through AtlasTissue and the atlas's label volumes.
#include <gtest/gtest.h>

#include "anatomy/atlas.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"
#include "sim/reach_estimate.h"
#include "support/test_paths.h"
#include "test_support.h"

namespace toxplan::sim {
namespace {

// The block atlas is shipped (assets/atlas/block): if it does not load, that is a failure of the
// program, never a reason to skip the test.
std::shared_ptr<const anatomy::Atlas> block_atlas(Findings* findings) {
  return anatomy::Atlas::load(toxplan::test::source_dir() + "/assets/atlas/block", findings);
}

std::string messages(const Findings& findings) {
  std::string text;
  for (const Finding& f : findings)
    text += "\n  " + f.code + ": " + f.message;
  return text;
}

TEST(BlockAtlas, DeepSiteMatchesClosedFormAndNearSiteCrossesFascia) {
  Findings findings;
  auto atlas = block_atlas(&findings);
  ASSERT_TRUE(atlas) << "the shipped atlas assets/atlas/block did not load:" << messages(findings);
  PlanSimulator sim(std::make_shared<AtlasTissue>(atlas));
  plan::Plan plan;
  plan.atlas_id = "block";
  // Deep in block A, > 30 mm from every face: homogeneous, so the closed form holds.
  plan.sites = {testing::site_at("deep", {0, -60, -30}, 5.0, testing::kPointVolumeMl, "block_a"),
                testing::site_at("near", {0, -5, -30}, 10.0, 0.1, "block_a")};
  const SpreadParameters p;
  auto r = sim.simulate(plan, p);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->sites.size(), 2u);
  ASSERT_TRUE(r->sites[0] && r->sites[1]) << messages(r->findings);
  const SiteSpread& deep = *r->sites[0];
  const ReachEstimate closed = point_source_reach(5.0, p.lambda_along_mm, p.lambda_across_mm, 0.05);
  EXPECT_NEAR(deep.metrics.reach_along_mm / closed.along_mm, 1.0, 0.02);
  EXPECT_NEAR(deep.metrics.reach_across_mm / closed.across_mm, 1.0, 0.02);
  EXPECT_GT(deep.metrics.bound_fraction_in_target, 0.999);

  const SiteSpread& near = *r->sites[1];
  EXPECT_LT(near.metrics.bound_fraction_in_target, 0.95);
  bool crossed = false;
  for (const auto& s : near.metrics.structures)
    crossed |= s.id == "block_b" && s.bound_units > 0.1;
  EXPECT_TRUE(crossed);
  bool flagged = false;
  for (const auto& f : r->findings)
    flagged |= f.site_id == "near" && f.code == "SPREAD_BEYOND_TARGET";
  EXPECT_TRUE(flagged);
}

}  // namespace
}  // namespace toxplan::sim
