// Drawing speed of the 3D view (README "Speed", docs/speed-real-anatomy.md), offscreen, on the
// atlas of TOXPLAN_ATLAS_DIR (default: the shipped one) with the plan of TOXPLAN_BENCH_PLAN
// (default: plans/preempt-195-ftp.toxplan.json of the source tree). Run under a display, e.g.
//   TOXPLAN_ATLAS_DIR=assets/atlas/bodyparts3d TOXPLAN_BENCH_PLAN=/tmp/p195.json
//   xvfb-run -a -s "-screen 0 1280x1024x24" build/bench/bench_render
// The view is the 3D pane of the 1280x800 window (540 x 750 pixels); the moving picture is
// rendered at half its width and height, as the window renders it while the camera moves.
//   BM_FirstStillPicture: atlas load, scene, sites and the first full picture (what the window's
//     first frame waits for, without the window and ImGui);
//   BM_MovingPicture: one frame of a rotation with the spread surfaces shown (the 39-site plan's
//     frame rate while the head turns is 1000 / its time in ms, plus ImGui and the swap);
//   BM_StillPicture: the full picture drawn when the camera stops.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <vtkCamera.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include "anatomy/atlas.h"
#include "cli/plan_scene.h"
#include "plan/plan_io.h"
#include "render/scene.h"
#include "render/snapshot.h"

namespace {

using namespace toxplan;

constexpr int kViewWidth = 540;
constexpr int kViewHeight = 750;

std::string plan_path() {
  if (const char* env = std::getenv("TOXPLAN_BENCH_PLAN"); env && *env) return env;
  return anatomy::Atlas::default_dir() + "/../../../plans/preempt-195-ftp.toxplan.json";
}

plan::Plan bench_plan() {
  const plan::PlanLoadResult r = plan::load_plan_file(plan_path());
  if (!r.plan) std::fprintf(stderr, "bench_render: cannot read %s\n", plan_path().c_str());
  return r.plan ? *r.plan : plan::Plan{};
}

std::shared_ptr<const anatomy::Atlas> load_atlas() {
  Findings findings;
  std::shared_ptr<const anatomy::Atlas> a =
      anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
  if (!a)
    std::fprintf(stderr, "bench_render: cannot load %s\n", anatomy::Atlas::default_dir().c_str());
  return a;
}

// The atlas, and a scene with the plan simulated (sites and spread surfaces), built once.
struct Simulated {
  std::shared_ptr<const anatomy::Atlas> atlas;
  std::unique_ptr<render::Scene> scene;
};

Simulated& simulated() {
  static Simulated s = [] {
    Simulated out;
    out.atlas = load_atlas();
    if (!out.atlas) return out;
    out.scene = std::make_unique<render::Scene>(*out.atlas);
    cli::show_plan(*out.scene, bench_plan(), out.atlas, true);
    out.scene->build_interaction_lods_now();
    return out;
  }();
  return s;
}

void count_drawn(benchmark::State& state, const render::Scene& scene) {
  const render::Scene::DrawnCounts drawn = scene.drawn_counts();
  state.counters["actors"] = static_cast<double>(drawn.actors);
  state.counters["triangles"] = static_cast<double>(drawn.triangles);
}

void BM_FirstStillPicture(benchmark::State& state) {
  const plan::Plan plan = bench_plan();
  for (auto _ : state) {
    auto atlas = load_atlas();
    if (!atlas) return state.SkipWithError("no atlas");
    render::Scene scene(*atlas);
    cli::show_plan(scene, plan, atlas, false);
    auto window = render::make_offscreen_window(kViewWidth, kViewHeight);
    window->AddRenderer(scene.renderer());
    window->Render();
    window->WaitForCompletion();
    count_drawn(state, scene);
    window->RemoveRenderer(scene.renderer());
  }
  state.SetLabel(anatomy::Atlas::default_dir());
}
BENCHMARK(BM_FirstStillPicture)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Iterations(3);

void draw_frames(benchmark::State& state, bool moving) {
  Simulated& s = simulated();
  if (!s.scene) return state.SkipWithError("no atlas");
  render::Scene& scene = *s.scene;
  const int w = moving ? kViewWidth / 2 : kViewWidth;
  const int h = moving ? kViewHeight / 2 : kViewHeight;
  auto window = render::make_offscreen_window(w, h);
  window->AddRenderer(scene.renderer());
  scene.set_interacting(moving);
  scene.set_interacting(moving);
  window->Render();  // uploads the meshes
  window->WaitForCompletion();
  for (auto _ : state) {
    scene.renderer()->GetActiveCamera()->Azimuth(1.5);
    scene.renderer()->ResetCameraClippingRange();
    window->Render();
    window->WaitForCompletion();
  }
  count_drawn(state, scene);
  scene.set_interacting(false);
  window->RemoveRenderer(scene.renderer());
  state.SetLabel(plan_path());
}

void BM_MovingPicture(benchmark::State& state) {
  draw_frames(state, true);
}
BENCHMARK(BM_MovingPicture)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_StillPicture(benchmark::State& state) {
  draw_frames(state, false);
}
BENCHMARK(BM_StillPicture)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Iterations(5);

}  // namespace

#include "benchmark_main.h"
