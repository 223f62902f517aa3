// Every path into the spread model (simulate, the window's worker, practice scoring, exports)
// goes through PlanSimulator::simulate, which refuses a plan it cannot compute with instead of
// sizing a grid from a dose of 1e300 U (std::bad_alloc ended the process).
#include <gtest/gtest.h>

#include "plan/plan_io.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"
#include "sim/simulation_gate.h"
#include "support/schematic_atlas.h"
#include "support/test_paths.h"

using namespace toxplan;

TEST(SimulationGate, AbsurdDoseAndVolumeAreRefusedWithTheReason) {
  const auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  sim::PlanSimulator simulator(std::make_shared<sim::AtlasTissue>(atlas));
  for (const char* name : {"bad-dose-1e300.toxplan.json", "bad-volume-5e5.toxplan.json"}) {
    const plan::PlanLoadResult loaded =
        plan::load_plan_file(test::fixtures_dir() + "/plans/" + name);
    ASSERT_TRUE(loaded.plan) << name;
    std::shared_ptr<const sim::PlanSpread> spread;
    ASSERT_NO_THROW(spread = simulator.simulate(*loaded.plan, sim::SpreadParameters{})) << name;
    EXPECT_TRUE(spread->sites.empty()) << name;
    ASSERT_EQ(spread->findings.size(), 1u) << name;
    EXPECT_EQ(spread->findings[0].code, "SIMULATION_NOT_RUN");
    EXPECT_EQ(spread->findings[0].severity, toxplan::Severity::Error);
    EXPECT_NE(spread->findings[0].message.find(loaded.plan->sites[0].id), std::string::npos)
        << spread->findings[0].message;
  }
}

TEST(SimulationGate, AValidPlanIsSimulated) {
  const auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  sim::PlanSimulator simulator(std::make_shared<sim::AtlasTissue>(atlas));
  const plan::PlanLoadResult loaded =
      plan::load_plan_file(test::fixtures_dir() + "/plans/good.toxplan.json");
  ASSERT_TRUE(loaded.plan);
  const auto spread = simulator.simulate(*loaded.plan, sim::SpreadParameters{});
  EXPECT_EQ(spread->sites.size(), loaded.plan->sites.size());
  for (const toxplan::Finding& f : spread->findings)
    EXPECT_NE(f.code, "SIMULATION_NOT_RUN");
}

// A valid plan can still ask for a grid no memory holds: 400 U in 10 mL (the largest site
// validation allows) on a 0.2 mm grid with a margin of 4 halo lengths took more than 5 GB and
// ended in std::bad_alloc. The grid is refused before it is allocated, with the site and the fix.
TEST(SimulationGate, ASolverGridTooLargeForMemoryIsAFindingNotACrash) {
  const auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  sim::PlanSimulator simulator(std::make_shared<sim::AtlasTissue>(atlas));
  const plan::PlanLoadResult loaded =
      plan::load_plan_file(test::fixtures_dir() + "/plans/edge-largest-grid.toxplan.json");
  ASSERT_TRUE(loaded.plan);
  // Over the per-site limit (an error to show), but nothing the gate refuses.
  EXPECT_TRUE(sim::simulation_blockers(*loaded.plan).empty());
  const sim::ResolvedParameters params = sim::resolve_parameters(*loaded.plan, {});
  ASSERT_FALSE(toxplan::has_errors(params.findings));
  std::shared_ptr<const sim::PlanSpread> spread;
  ASSERT_NO_THROW(spread = simulator.simulate(*loaded.plan, params.parameters));
  EXPECT_TRUE(spread->sites.empty());
  ASSERT_EQ(spread->findings.size(), 1u);
  EXPECT_EQ(spread->findings[0].code, "SIMULATION_NOT_RUN");
  EXPECT_NE(spread->findings[0].message.find("site frontalis_L_1 would need a solver grid of"),
            std::string::npos)
      << spread->findings[0].message;
  EXPECT_NE(spread->findings[0].message.find("grid_spacing_mm"), std::string::npos);
}
