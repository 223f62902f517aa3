// Spread-model speed (README "Speed"): one 5 U / 0.1 mL site, a 31-site plan, and re-solving
// one edited site of a 31-site plan. Analytic label volumes; the label-volume fetch is timed
// apart (BM_LabelVolumeFetch) and, in the site benchmarks, served from the tissue's cache
// after the first iteration, as the atlas's cache serves it in the app.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "anatomy/site_placement.h"
#include "base/parallel_for.h"
#include "cli/simulate_command.h"
#include "plan/plan_io.h"
#include "sim/analytic_tissue.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"
#include "sim/site_simulation.h"

namespace {

using namespace toxplan;

plan::Site site(const std::string& id, toxplan::Vec3 tip, double dose, double volume_ml) {
  plan::Site s;
  s.id = id;
  s.target_structure_id = "block";
  s.entry_point_mm = tip + toxplan::Vec3{0, 0, 10};
  s.needle_direction = {0, 0, -1};
  s.depth_mm = 10.0;
  s.dose_units = dose;
  s.volume_ml = volume_ml;
  return s;
}

// 31 sites of 5 U / 0.1 mL about 15-20 mm apart on a curved sheet, like PREEMPT.
plan::Plan preempt_like_plan() {
  plan::Plan plan;
  for (int n = 0; n < 31; ++n) {
    const double a = n * 0.35;
    const toxplan::Vec3 tip{80.0 * std::cos(a) + (n % 3) * 6.0, 80.0 * std::sin(a),
                            (n % 4) * 15.0 - 20.0};
    plan.sites.push_back(site("s" + std::to_string(n), tip, 5.0, 0.1));
  }
  return plan;
}

void BM_SingleSite5U(benchmark::State& state) {
  auto tissue = sim::AnalyticTissue::homogeneous_muscle(normalized(toxplan::Vec3{1, 0.3, 0.1}));
  const sim::SpreadParameters params;
  const plan::Site s = site("s", {0, 0, 0}, 5.0, 0.1);
  for (auto _ : state) {
    auto r = sim::simulate_site(s, plan::Product::OnabotulinumtoxinA, params, *tissue);
    benchmark::DoNotOptimize(r);
    state.counters["voxels"] = static_cast<double>(r->solution->frame.size());
    state.counters["cycles"] = r->solution->solver.cycles;
  }
  state.counters["threads"] = toxplan::parallel_threads();
}
BENCHMARK(BM_SingleSite5U)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Plan31Sites(benchmark::State& state) {
  auto tissue = sim::AnalyticTissue::homogeneous_muscle();
  const plan::Plan plan = preempt_like_plan();
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
  plan::Plan plan = preempt_like_plan();
  const sim::SpreadParameters params;
  sim::PlanSimulator simulator(tissue);
  simulator.simulate(plan, params);
  // Alternate between two positions of site 7: each simulate() re-solves exactly one site.
  const toxplan::Vec3 a = plan.sites[7].entry_point_mm;
  const toxplan::Vec3 b = a + toxplan::Vec3{1.5, 0, 0};
  bool flip = false;
  for (auto _ : state) {
    flip = !flip;
    plan.sites[7].entry_point_mm = flip ? b : a;
    auto r = simulator.simulate(plan, params);
    if (r->sites_solved != 1) state.SkipWithError("expected one re-solved site");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Plan31ResolveOneEditedSite)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DoseOnlyEdit31(benchmark::State& state) {
  auto tissue = sim::AnalyticTissue::homogeneous_muscle();
  plan::Plan plan = preempt_like_plan();
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

// ---- The default atlas (assets/atlas/default, or TOXPLAN_ATLAS_DIR) -------------------------
// CPU time of these is the whole process's (all threads), wall time is real time.
// Loaded once per process. "Fresh" benchmarks drop the atlas's label-volume cache before every
// iteration, so they include voxelising the label volume(s) of a site at a NEW position; the
// "Cached" ones measure the solve alone with the label volume already fetched.

std::shared_ptr<const anatomy::Atlas> default_atlas() {
  static std::shared_ptr<const anatomy::Atlas> atlas = [] {
    toxplan::Findings findings;
    std::shared_ptr<const anatomy::Atlas> a =
        anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
    if (!a)
      std::fprintf(stderr, "bench_sim: cannot load %s\n", anatomy::Atlas::default_dir().c_str());
    return a;
  }();
  return atlas;
}

std::shared_ptr<const sim::AtlasTissue> atlas_tissue() {
  static std::shared_ptr<const sim::AtlasTissue> tissue =
      default_atlas() ? std::make_shared<sim::AtlasTissue>(default_atlas()) : nullptr;
  return tissue;
}

// TOXPLAN_BENCH_PLAN, or plans/preempt-155.toxplan.json next to the atlas folder
// (<source>/assets/atlas/default). On another atlas, give a plan placed on it, e.g.
// `toxplan protocol apply preempt-155 --atlas DIR --out FILE`.
std::string preempt_file_plan_path() {
  if (const char* env = std::getenv("TOXPLAN_BENCH_PLAN"); env && *env) return env;
  return anatomy::Atlas::default_dir() + "/../../../plans/preempt-155.toxplan.json";
}

plan::Plan preempt_file_plan() {
  const plan::PlanLoadResult r = plan::load_plan_file(preempt_file_plan_path());
  return r.plan ? *r.plan : plan::Plan{};
}

// 31 sites placed the way the window places a click: a ray from outside the head toward a
// muscle's surface centroid (and points around it) hits the skin; place_site puts the tip
// mid-thickness in the first muscle under the hit. Muscles are taken in manifest order, several
// sites per muscle about 12 mm apart, until 31 sites have a target.
plan::Plan atlas_skin_plan(const anatomy::Atlas& atlas) {
  plan::Plan plan;
  plan.product = plan::Product::OnabotulinumtoxinA;
  const toxplan::Vec3 centre{0, 20, 30};  // roughly the middle of the head in the atlas frame
  const toxplan::Vec3 offsets[] = {{0, 0, 0}, {0, 0, 12}, {0, 0, -12}, {12, 0, 0}, {-12, 0, 0}};
  for (const toxplan::Vec3& off : offsets) {
    for (const anatomy::Structure& st : atlas.structures()) {
      if (plan.sites.size() >= 31) break;
      if (st.kind != anatomy::StructureKind::Muscle || st.danger) continue;
      const toxplan::Vec3 target = atlas.surface_centroid_mm(st.label) + off;
      const toxplan::Vec3 out = normalized(target - centre);
      const auto hit = atlas.cast_to_skin(target + out * 300.0, out * -1.0);
      if (!hit) continue;
      const anatomy::PlacedSite placed = anatomy::place_site(atlas, *hit);
      if (placed.target_structure_id.empty()) continue;
      plan::Site s;
      s.id = st.id + "_" + std::to_string(plan.sites.size());
      s.target_structure_id = placed.target_structure_id;
      s.entry_point_mm = placed.entry_mm;
      s.needle_direction = placed.direction;
      s.depth_mm = placed.depth_mm;
      s.dose_units = 5.0;
      s.volume_ml = 0.1;
      plan.sites.push_back(s);
    }
  }
  return plan;
}

plan::Site first_muscle_site() {
  const plan::Plan plan = atlas_skin_plan(*default_atlas());
  return plan.sites.empty() ? plan::Site{} : plan.sites.front();
}

// One 5 U / 0.1 mL site at a new position: label volume(s) voxelised from the meshes + solve.
void BM_AtlasSingleSite5UFresh(benchmark::State& state) {
  if (!atlas_tissue()) return state.SkipWithError("no atlas");
  const plan::Site s = first_muscle_site();
  const sim::SpreadParameters params;
  for (auto _ : state) {
    default_atlas()->clear_label_volume_cache();
    auto r = sim::simulate_site(s, plan::Product::OnabotulinumtoxinA, params, *atlas_tissue());
    benchmark::DoNotOptimize(r);
    state.counters["voxels"] = static_cast<double>(r->solution->frame.size());
    state.counters["cycles"] = r->solution->solver.cycles;
  }
}
BENCHMARK(BM_AtlasSingleSite5UFresh)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// The same site with its label volume already in the atlas's cache: solve only.
void BM_AtlasSingleSite5UCached(benchmark::State& state) {
  if (!atlas_tissue()) return state.SkipWithError("no atlas");
  const plan::Site s = first_muscle_site();
  const sim::SpreadParameters params;
  sim::simulate_site(s, plan::Product::OnabotulinumtoxinA, params, *atlas_tissue());
  for (auto _ : state) {
    auto r = sim::simulate_site(s, plan::Product::OnabotulinumtoxinA, params, *atlas_tissue());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_AtlasSingleSite5UCached)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

void run_plan_from_scratch(benchmark::State& state, const plan::Plan& plan) {
  if (!atlas_tissue() || plan.sites.empty()) return state.SkipWithError("no atlas or plan");
  const sim::SpreadParameters params;
  for (auto _ : state) {
    default_atlas()->clear_label_volume_cache();
    sim::PlanSimulator simulator(atlas_tissue());
    auto r = simulator.simulate(plan, params);
    benchmark::DoNotOptimize(r);
    state.counters["sites"] = static_cast<double>(r->sites_solved);
    double attempts = 0.0, cycles = 0.0, voxels = 0.0, solve_ms = 0.0;
    for (const auto& s : r->sites) {
      attempts += s->solution->grid_attempts;
      cycles += s->solution->solver.cycles;
      voxels += static_cast<double>(s->solution->frame.size());
      solve_ms += s->solution->solve_ms;
    }
    state.counters["grid_attempts"] = attempts;
    state.counters["cycles"] = cycles;
    state.counters["voxels"] = voxels;
    state.counters["site_ms_sum"] = solve_ms;
    state.counters["plan_ms"] = r->elapsed_ms;
  }
}

// plans/preempt-155.toxplan.json (provisional positions), from scratch (empty caches).
void BM_AtlasPreemptFilePlan(benchmark::State& state) {
  run_plan_from_scratch(state, preempt_file_plan());
}
BENCHMARK(BM_AtlasPreemptFilePlan)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// `toxplan simulate PLAN --atlas DIR` in-process, everything included: atlas load, containment
// rasters, label volumes, every site's solve, flags, the report (discarded). A fresh atlas each
// iteration, so nothing is cached. peak_rss_mb is the process's peak resident memory so far
// (getrusage): run this benchmark alone (--benchmark_filter=SimulateCommand) for the command's
// peak.
void BM_SimulateCommand(benchmark::State& state) {
  cli::SimulateOptions options;
  options.plan_path = preempt_file_plan_path();
  options.atlas_dir = anatomy::Atlas::default_dir();
  int exit_code = 0;
  for (auto _ : state) {
    std::ostringstream out, err;
    exit_code = cli::run_simulate(options, out, err);
    benchmark::DoNotOptimize(out);
  }
  if (exit_code == 2) state.SkipWithError("plan or atlas unreadable");
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  state.SetLabel(options.plan_path);
}
BENCHMARK(BM_SimulateCommand)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Iterations(3);

// 31 sites placed on the atlas's skin over its muscles, from scratch (empty caches).
void BM_AtlasSkinPlan31(benchmark::State& state) {
  run_plan_from_scratch(state, atlas_skin_plan(*default_atlas()));
}
BENCHMARK(BM_AtlasSkinPlan31)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// Re-solve one moved site of the 31-site skin plan. Every iteration moves the site to a NEW
// position (0.5 mm further each time, one voxel), so its label volume is never in the cache.
void BM_AtlasSkinPlan31MoveOneSite(benchmark::State& state) {
  if (!atlas_tissue()) return state.SkipWithError("no atlas");
  plan::Plan plan = atlas_skin_plan(*default_atlas());
  const sim::SpreadParameters params;
  sim::PlanSimulator simulator(atlas_tissue());
  simulator.simulate(plan, params);
  const toxplan::Vec3 start = plan.sites[7].entry_point_mm;
  int step = 0;
  for (auto _ : state) {
    ++step;
    plan.sites[7].entry_point_mm = start + toxplan::Vec3{0.5 * (step % 40), 0.0, 0.0};
    if (step % 40 == 0) default_atlas()->clear_label_volume_cache();
    auto r = simulator.simulate(plan, params);
    if (r->sites_solved != 1) state.SkipWithError("expected one re-solved site");
    benchmark::DoNotOptimize(r);
    state.counters["cycles"] = r->sites[7]->solution->solver.cycles;
    state.counters["grid_attempts"] = r->sites[7]->solution->grid_attempts;
  }
}
BENCHMARK(BM_AtlasSkinPlan31MoveOneSite)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace

#include "benchmark_main.h"
