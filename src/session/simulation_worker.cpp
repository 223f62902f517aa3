#include "session/simulation_worker.h"

#include <chrono>
#include <exception>
#include <string>

#include "base/exception_text.h"
#include "render/spread_surfaces.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"

namespace toxplan::session {

namespace {

std::shared_ptr<const SpreadView> make_view(const sim::PlanSpread& spread,
                                            const Findings& parameter_findings,
                                            std::uint64_t revision) {
  auto view = std::make_shared<SpreadView>();
  view->revision = revision;
  view->plan_flags = parameter_findings;
  for (const Finding& f : spread.findings) {
    if (f.site_id.empty()) view->plan_flags.push_back(f);
  }
  for (const auto& site : spread.sites) {
    if (!site) continue;
    SiteResultView r;
    r.site_id = site->site_id;
    for (const Finding& f : spread.findings) {
      if (f.site_id == site->site_id) r.flags.push_back(f);
    }
    r.status = render::status_from_flags(r.flags);
    r.effect_volume_cm3 = site->metrics.effect_volume_cm3;
    r.reach_along_mm = site->metrics.reach_along_mm;
    r.reach_across_mm = site->metrics.reach_across_mm;
    r.bound_fraction_in_target = site->metrics.bound_fraction_in_target;
    if (site->field) r.surface = render::surface_from_site(*site, r.status);
    view->sites.push_back(std::move(r));
  }
  view->combined_effect_volume_cm3 = spread.summary.combined_effect_volume_cm3;
  view->plan_field = render::surface_from_plan(spread);
  view->solve_ms = spread.elapsed_ms;
  view->sites_resolved = spread.sites_solved;
  return view;
}

}  // namespace

SimulationWorker::SimulationWorker(const anatomy::Atlas& atlas)
    : atlas_(atlas), thread_([this] { run(); }) {}

SimulationWorker::SimulationWorker(const anatomy::Atlas& atlas, Simulate simulate)
    : atlas_(atlas), simulate_(std::move(simulate)), thread_([this] { run(); }) {}

SimulationWorker::~SimulationWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SimulationWorker::request(const plan::Plan& plan, std::uint64_t revision) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_ = std::make_pair(plan, revision);
  }
  wake_.notify_all();
}

std::shared_ptr<const SpreadView> SimulationWorker::take_result() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::move(result_);
}

bool SimulationWorker::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return working_ || pending_.has_value();
}

void SimulationWorker::wait_idle() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return !working_ && !pending_; });
}

void SimulationWorker::run() {
  // The atlas outlives the worker (the planner owns both); the tissue only borrows it.
  std::shared_ptr<const anatomy::Atlas> borrowed(&atlas_, [](const anatomy::Atlas*) {});
  sim::PlanSimulator simulator(std::make_shared<sim::AtlasTissue>(borrowed));
  const Simulate simulate =
      simulate_ ? simulate_
                : Simulate([&simulator](const plan::Plan& plan, const sim::SpreadParameters& p) {
                    return simulator.simulate(plan, p);
                  });
  // No input ends the window: a failure is a finding, and the plan stays open to fix.
  auto failure = [](const std::string& what) {
    auto failed = std::make_shared<sim::PlanSpread>();
    failed->findings.push_back({"SIMULATION_FAILED", Severity::Error, "", "", 0,
                                "The spread model could not run on this plan (" + what +
                                    "); check the doses and volumes."});
    return failed;
  };
  while (true) {
    std::pair<plan::Plan, std::uint64_t> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || pending_.has_value(); });
      if (stop_) return;
      job = std::move(*pending_);
      pending_.reset();
      working_ = true;
    }
    const sim::ResolvedParameters params = sim::resolve_parameters(job.first, {});
    std::shared_ptr<const sim::PlanSpread> spread;
    try {
      spread = simulate(job.first, params.parameters);
      if (!spread) spread = failure("no result");
    } catch (...) {
      spread = failure(current_exception_text());
    }
    auto view = make_view(*spread, params.findings, job.second);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      result_ = std::move(view);
      working_ = false;
    }
    idle_.notify_all();
  }
}

}  // namespace toxplan::session
