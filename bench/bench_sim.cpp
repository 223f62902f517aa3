// Spread-model speed (README "Speed"): one 5 U / 0.1 mL site, a 31-site plan, and re-solving
// one edited site of a 31-site plan. Analytic label volumes; the label-volume fetch is timed
// apart (BM_LabelVolumeFetch) and, in the site benchmarks, served from the tissue's cache
// after the first iteration, as the atlas's cache serves it in the app.
#include <benchmark/benchmark.h>

#include <cmath>

#include "sim/analytic_tissue.h"
#include "sim/parallel_for.h"
#include "sim/plan_simulator.h"
#include "sim/site_simulation.h"

namespace {

using namespace toxplan;

core::Site site(const std::string& id, core::Vec3 tip, double dose, double volume_ml) {
  core::Site s;
  s.id = id;
  s.target_structure_id = "block";
  s.entry_point_mm = tip + core::Vec3{0, 0, 10};
  s.needle_direction = {0, 0, -1};
  s.depth_mm = 10.0;
  s.dose_units = dose;
  s.volume_ml = volume_ml;
  return s;
}

// 31 sites of 5 U / 0.1 mL about 15-20 mm apart on a curved sheet, like PREEMPT.
core::Plan preempt_like_plan() {
  core::Plan plan;
  for (int n = 0; n < 31; ++n) {
    const double a = n * 0.35;
    const core::Vec3 tip{80.0 * std::cos(a) + (n % 3) * 6.0, 80.0 * std::sin(a),
                         (n % 4) * 15.0 - 20.0};
    plan.sites.push_back(site("s" + std::to_string(n), tip, 5.0, 0.1));
  }
  return plan;
}

void BM_SingleSite5U(benchmark::State& state) {
  auto tissue = sim::AnalyticTissue::homogeneous_muscle(normalized(core::Vec3{1, 0.3, 0.1}));
  const sim::SpreadParameters params;
  const core::Site s = site("s", {0, 0, 0}, 5.0, 0.1);
  for (auto _ : state) {
    auto r = sim::simulate_site(s, core::Product::OnabotulinumtoxinA, params, *tissue);
    benchmark::DoNotOptimize(r);
    state.counters["voxels"] = static_cast<double>(r->solution->frame.size());
    state.counters["cycles"] = r->solution->solver.cycles;
  }
  state.counters["threads"] = sim::parallel_threads();
}
BENCHMARK(BM_SingleSite5U)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Plan31Sites(benchmark::State& state) {
  auto tissue = sim::AnalyticTissue::homogeneous_muscle();
  const core::Plan plan = preempt_like_plan();
  const sim::SpreadParameters params;
  for (auto _ : state) {
    sim::PlanSimulator simulator(tissue);  // fresh: every site solved
    auto r = simulator.simulate(plan, params);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Plan31Sites)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Plan31ResolveOneEditedSite(benchmark::State& state) {
  auto tissue = sim::AnalyticTissue::homogeneous_muscle();
  core::Plan plan = preempt_like_plan();
  const sim::SpreadParameters params;
  sim::PlanSimulator simulator(tissue);
  simulator.simulate(plan, params);
  // Alternate between two positions of site 7: each simulate() re-solves exactly one site.
  const core::Vec3 a = plan.sites[7].entry_point_mm;
  const core::Vec3 b = a + core::Vec3{1.5, 0, 0};
  bool flip = false;
  for (auto _ : state) {
    flip = !flip;
    plan.sites[7].entry_point_mm = flip ? b : a;
    auto r = simulator.simulate(plan, params);
    if (r->sites_solved != 1)
      state.SkipWithError("expected one re-solved site");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Plan31ResolveOneEditedSite)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DoseOnlyEdit31(benchmark::State& state) {
  auto tissue = sim::AnalyticTissue::homogeneous_muscle();
  core::Plan plan = preempt_like_plan();
  const sim::SpreadParameters params;
  sim::PlanSimulator simulator(tissue);
  simulator.simulate(plan, params);
  bool flip = false;
  for (auto _ : state) {
    flip = !flip;
    plan.sites[7].dose_units = flip ? 4.0 : 5.0;
    benchmark::DoNotOptimize(simulator.simulate(plan, params));
  }
}
BENCHMARK(BM_DoseOnlyEdit31)->Unit(benchmark::kMillisecond)->UseRealTime();

// The analytic label volume for one 5 U site's box (not cached: a new box every iteration).
void BM_LabelVolumeFetch(benchmark::State& state) {
  auto tissue = sim::AnalyticTissue::homogeneous_muscle();
  double shift = 0.0;
  for (auto _ : state) {
    shift += 0.5;
    auto v = tissue->label_volume({{shift - 30, -25, -25}, {shift + 30, 25, 25}}, 0.5);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_LabelVolumeFetch)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
