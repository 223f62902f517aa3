// Incremental re-solve and parameter resolution.
#include <gtest/gtest.h>

#include "sim/analytic_tissue.h"
#include "sim/plan_simulator.h"
#include "sim/site_simulation.h"
#include "test_support.h"

namespace toxplan::sim {
namespace {

using testing::site_at;

plan::Plan three_sites() {
  plan::Plan plan;
  plan.sites = {site_at("a", {0, 0, 0}, 5.0, 0.1), site_at("b", {25, 0, 0}, 5.0, 0.1),
                site_at("c", {0, 25, 0}, 5.0, 0.1)};
  return plan;
}

TEST(PlanSimulator, DoseOnlyChangeRescalesExactly) {
  PlanSimulator sim(AnalyticTissue::homogeneous_muscle());
  plan::Plan plan = three_sites();
  const SpreadParameters p;
  auto first = sim.simulate(plan, p);
  EXPECT_EQ(first->sites_solved, 3);
  plan.sites[0].dose_units = 4.0;
  auto second = sim.simulate(plan, p);
  EXPECT_EQ(second->sites_solved, 0);
  EXPECT_EQ(second->sites_rescaled, 1);
  EXPECT_EQ(second->sites_reused, 2);
  const SiteSpread& before = *first->sites[0];
  const SiteSpread& after = *second->sites[0];
  EXPECT_EQ(before.solution.get(), after.solution.get());
  for (std::size_t i = 0; i < after.field->values.size(); i += 997) {
    EXPECT_FLOAT_EQ(after.field->values[i], before.field->values[i] * 0.8f);
  }
  // And it equals a fresh solve at the new dose, up to the fresh solve's smaller grid
  // (truncation error well below 1%).
  auto fresh = simulate_site(plan.sites[0], plan.product, p, sim.tissue());
  EXPECT_NEAR(after.metrics.reach_along_mm / fresh->metrics.reach_along_mm, 1.0, 2e-3);
  EXPECT_NEAR(after.metrics.effect_volume_cm3 / fresh->metrics.effect_volume_cm3, 1.0, 2e-3);
  // The other sites are the same objects.
  EXPECT_EQ(first->sites[1].get(), second->sites[1].get());
  EXPECT_EQ(first->sites[2].get(), second->sites[2].get());
}

TEST(PlanSimulator, EditingOneSiteLeavesTheOthersIdentical) {
  PlanSimulator sim(AnalyticTissue::homogeneous_muscle());
  plan::Plan plan = three_sites();
  const SpreadParameters p;
  auto first = sim.simulate(plan, p);
  plan.sites[1].entry_point_mm = plan.sites[1].entry_point_mm + Vec3{2, 0, 0};
  auto second = sim.simulate(plan, p);
  EXPECT_EQ(second->sites_solved, 1);
  EXPECT_EQ(first->sites[0].get(), second->sites[0].get());
  EXPECT_NE(first->sites[1].get(), second->sites[1].get());
  EXPECT_EQ(first->sites[2].get(), second->sites[2].get());
  // Volume change re-solves; a field parameter change re-solves all.
  plan.sites[2].volume_ml = 0.2;
  EXPECT_EQ(sim.simulate(plan, p)->sites_solved, 1);
  SpreadParameters q = p;
  q.lambda_along_mm = 6.0;
  EXPECT_EQ(sim.simulate(plan, q)->sites_solved, 3);
  // A threshold change re-measures without solving.
  q.threshold_u_per_cm3 = 0.06;
  auto t = sim.simulate(plan, q);
  EXPECT_EQ(t->sites_solved, 0);
  EXPECT_EQ(t->sites_rescaled, 3);
}

TEST(PlanSimulator, CombinedFieldAndOverlap) {
  PlanSimulator sim(AnalyticTissue::homogeneous_muscle());
  plan::Plan plan;
  plan.sites = {site_at("a", {0, 0, 0}, 5.0, 0.1), site_at("b", {12, 0, 0}, 5.0, 0.1)};
  auto r = sim.simulate(plan, SpreadParameters{});
  ASSERT_EQ(r->summary.overlaps.size(), 1u);
  EXPECT_GT(r->summary.overlaps[0].volume_cm3, 0.1);
  // The summed field is at least the union of the two regions.
  EXPECT_GE(r->summary.combined_effect_volume_cm3,
            r->summary.sum_of_site_effect_volumes_cm3 - r->summary.overlaps[0].volume_cm3);
  const double sum_sites =
      r->sites[0]->metrics.effect_volume_cm3 + r->sites[1]->metrics.effect_volume_cm3;
  EXPECT_NEAR(r->summary.sum_of_site_effect_volumes_cm3 / sum_sites, 1.0, 0.03);
  EXPECT_NEAR(r->total_q_eff_ona_units, 10.0, 1e-12);
}

TEST(SpreadParameters, SetByNameWithValidation) {
  SpreadParameters p;
  EXPECT_FALSE(set_parameter(p, "fascia_transmission", 0.5).has_value());
  EXPECT_DOUBLE_EQ(p.fascia_transmission, 0.5);
  auto unknown = set_parameter(p, "lamda_along_mm", 5.0);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_NE(unknown->find("unknown"), std::string::npos);
  EXPECT_NE(unknown->find("lambda_along_mm"), std::string::npos);  // lists the known names
  auto range = set_parameter(p, "threshold_u_per_cm3", 0.5);
  ASSERT_TRUE(range.has_value());
  EXPECT_NE(range->find("0.018"), std::string::npos);
  EXPECT_DOUBLE_EQ(p.threshold_u_per_cm3, 0.05);  // unchanged
  EXPECT_TRUE(apply_assignment(p, "grid_spacing_mm=abc").has_value());
  EXPECT_TRUE(apply_assignment(p, "grid_spacing_mm").has_value());
  EXPECT_FALSE(apply_assignment(p, "grid_spacing_mm=0.25").has_value());
  EXPECT_DOUBLE_EQ(p.grid_spacing_mm, 0.25);
  EXPECT_DOUBLE_EQ(p.ona_units_per_product_unit(plan::Product::RimabotulinumtoxinB), 0.025);
  for (const ParameterInfo& info : parameter_table()) {
    const double v = get_parameter(SpreadParameters{}, info);
    EXPECT_GE(v, info.min_value) << info.name;
    EXPECT_LE(v, info.max_value) << info.name;
    EXPECT_FALSE(info.source.empty()) << info.name;
    EXPECT_FALSE(info.unit.empty()) << info.name;
  }
}

TEST(SpreadParameters, DefaultsThenPlanThenCommandLine) {
  plan::Plan plan;
  plan.model_parameters = {
      {"fascia_transmission", 0.5}, {"bolus_aspect_ratio", 3.0}, {"no_such_parameter", 1.0}};
  const ResolvedParameters r = resolve_parameters(plan, {"bolus_aspect_ratio=4", "x=1"});
  EXPECT_DOUBLE_EQ(r.parameters.fascia_transmission, 0.5);
  EXPECT_DOUBLE_EQ(r.parameters.bolus_aspect_ratio, 4.0);
  EXPECT_DOUBLE_EQ(r.parameters.lambda_along_mm, SpreadParameters{}.lambda_along_mm);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].field, "/model_parameters/no_such_parameter");
  EXPECT_EQ(r.findings[0].severity, Severity::Error);
}

}  // namespace
}  // namespace toxplan::sim
