#include "demo/demo_simulations.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "base/exception_text.h"
#include "demo/demo_loading.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"

namespace toxplan::demo {

struct DemoSimulations::Impl {
  const anatomy::Atlas& atlas;
  const DemoScript& script;
  const std::map<std::string, plan::Plan>& plans;

  // Shared with the thread.
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::pair<std::string, std::vector<std::string>>> jobs;  // plan path, site ids
  std::map<std::pair<std::string, std::string>, DemoSiteSpread> results;
  std::set<std::pair<std::string, std::string>> failed;  // sites that could not be simulated
  std::vector<std::string> messages;
  bool stop = false;
  // Its own long-lived thread, not a parallel_for job: it waits for requests for the whole tour
  // and must never hold a pool thread while idle; each simulation it runs uses the shared pool.
  std::thread worker;
  std::map<std::string, std::unique_ptr<sim::PlanSimulator>> simulators;  // thread only

  Impl(const anatomy::Atlas& a, const DemoScript& s, const std::map<std::string, plan::Plan>& p)
      : atlas(a), script(s), plans(p) {}

  std::vector<std::string> step_site_ids(const DemoStep& step) const {
    auto it = plans.find(step.plan_path);
    if (it == plans.end()) return {};
    return demo_step_site_ids(step, it->second, atlas);
  }

  void start() {
    if (worker.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      std::set<std::pair<std::string, std::string>> queued;
      for (const DemoStep& step : script.steps) {
        if (step.spread_fraction <= 0.0 || !plans.count(step.plan_path)) continue;
        std::vector<std::string> ids;
        for (const std::string& id : step_site_ids(step)) {
          if (queued.insert({step.plan_path, id}).second) ids.push_back(id);
        }
        if (!ids.empty()) jobs.emplace_back(step.plan_path, ids);
      }
    }
    worker = std::thread([this] { run(); });
  }

  void run() {
    std::shared_ptr<const anatomy::Atlas> borrowed(&atlas, [](const anatomy::Atlas*) {});
    auto tissue = std::make_shared<sim::AtlasTissue>(borrowed);
    for (;;) {
      std::pair<std::string, std::vector<std::string>> job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [this] { return stop || !jobs.empty(); });
        if (stop) return;
        job = jobs.front();
        jobs.pop_front();
      }
      plan::Plan plan = plans.at(job.first);
      std::erase_if(plan.sites, [&](const plan::Site& s) {
        return std::find(job.second.begin(), job.second.end(), s.id) == job.second.end();
      });
      auto& simulator = simulators[job.first];
      if (!simulator) simulator = std::make_unique<sim::PlanSimulator>(tissue);
      std::shared_ptr<const sim::PlanSpread> spread;
      std::string problem;
      try {
        spread = simulator->simulate(plan, sim::resolve_parameters(plan, {}).parameters);
      } catch (...) {  // out of memory included: a message, never the end of the tour
        problem = "simulation of " + job.first + " failed: " + current_exception_text();
      }
      // A plan the spread model refuses (sim/simulation_gate.h) has no sites to show: say why.
      if (spread && spread->sites.empty()) {
        for (const Finding& f : spread->findings)
          if (f.code == "SIMULATION_NOT_RUN") problem = job.first + ": " + f.message;
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (!problem.empty()) messages.push_back(problem);
      for (const std::string& id : job.second) {
        const sim::SiteSpread* s = spread ? spread->site(id) : nullptr;
        if (!s) {
          failed.insert({job.first, id});
          continue;
        }
        DemoSiteSpread r;
        for (const Finding& f : spread->findings) {
          if (f.site_id == id) r.flags.push_back(f);
        }
        // Aliasing shared_ptr: keeps the whole PlanSpread (and so the site) alive.
        r.spread = std::shared_ptr<const sim::SiteSpread>(spread, s);
        results[{job.first, id}] = std::move(r);
      }
      wake.notify_all();
    }
  }

  bool ready(std::size_t index) const {
    if (index >= script.steps.size()) return true;
    const DemoStep& step = script.steps[index];
    if (step.spread_fraction <= 0.0 || !plans.count(step.plan_path)) return true;
    std::lock_guard<std::mutex> lock(mutex);
    for (const std::string& id : step_site_ids(step)) {
      if (!results.count({step.plan_path, id}) && !failed.count({step.plan_path, id})) return false;
    }
    return true;
  }
};

DemoSimulations::DemoSimulations(const anatomy::Atlas& atlas, const DemoScript& script,
                                 const std::map<std::string, plan::Plan>& plans)
    : impl_(std::make_unique<Impl>(atlas, script, plans)) {}

DemoSimulations::~DemoSimulations() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stop = true;
  }
  impl_->wake.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
}

void DemoSimulations::start() {
  impl_->start();
}

bool DemoSimulations::ready(std::size_t step) const {
  return impl_->ready(step);
}

void DemoSimulations::wait(std::size_t step) {
  impl_->start();
  while (!impl_->ready(step)) {
    std::unique_lock<std::mutex> lock(impl_->mutex);
    impl_->wake.wait_for(lock, std::chrono::milliseconds(200));
  }
}

std::optional<DemoSiteSpread> DemoSimulations::result(const std::string& plan_path,
                                                      const std::string& site_id) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto it = impl_->results.find({plan_path, site_id});
  if (it == impl_->results.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> DemoSimulations::messages() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->messages;
}

}  // namespace toxplan::demo
