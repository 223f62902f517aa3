// The spread a guided demo shows, simulated on one background thread: one PlanSimulator per plan
// (its results cached), the sites in the order the steps need them. The window shows a step's
// sites without spread until its results are ready; `toxplan demo` waits for them.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "base/finding.h"
#include "demo/demo_script.h"
#include "plan/plan.h"
#include "sim/site_spread.h"

namespace toxplan::demo {

// One site's simulated spread and the model's findings about that site.
struct DemoSiteSpread {
  std::shared_ptr<const sim::SiteSpread> spread;
  Findings flags;
};

class DemoSimulations {
 public:
  // `atlas`, `script` and `plans` (by the script's plan paths) must outlive this object.
  DemoSimulations(const anatomy::Atlas& atlas, const DemoScript& script,
                  const std::map<std::string, plan::Plan>& plans);
  ~DemoSimulations();  // stops the thread after the site it is working on
  DemoSimulations(const DemoSimulations&) = delete;
  DemoSimulations& operator=(const DemoSimulations&) = delete;

  // Queues every site a step shows spread for (steps with spread_fraction > 0), once; starts the
  // thread. Calling it again does nothing.
  void start();
  // True when every site step `step` shows spread for has a result or could not be simulated.
  bool ready(std::size_t step) const;
  // Starts the simulations if needed and blocks until ready(step).
  void wait(std::size_t step);
  // The result for a site of a plan, when it is there.
  std::optional<DemoSiteSpread> result(const std::string& plan_path,
                                       const std::string& site_id) const;
  // Problems: plans that failed validation or simulation, for the log.
  std::vector<std::string> messages() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace toxplan::demo
