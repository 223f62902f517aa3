// Simulates a whole plan and keeps per-site results between calls, so that an edit re-solves
// only what it changed:
//  * a site whose tip, volume, target and field parameters are unchanged keeps its solution;
//    if also its dose, product, systemic loss and threshold are unchanged it keeps the very same
//    SiteSpread object;
//  * a dose / product / systemic-loss / threshold change rescales the stored field (B is linear
//    in Q because c0 = Q/V_b at fixed volume) and re-measures it, unless the larger dose would
//    reach beyond the stored grid;
//  * a moved site, a new volume or a changed field parameter re-solves that site.
// Threading: one simulate() at a time per PlanSimulator (the window runs it on a worker thread);
// results are immutable shared_ptrs that any thread may read while the next simulate() runs.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/finding.h"
#include "plan/plan.h"
#include "sim/plan_field.h"
#include "sim/site_spread.h"
#include "sim/spread_parameters.h"
#include "sim/tissue.h"

namespace toxplan::sim {

struct PlanSpread {
  std::vector<std::shared_ptr<const SiteSpread>> sites;  // in plan order
  PlanFieldSummary summary;
  Findings findings;  // per site in plan order, then per plan
  SpreadParameters parameters;
  double total_q_eff_ona_units = 0.0;
  int sites_solved = 0;
  int sites_rescaled = 0;
  int sites_reused = 0;
  double elapsed_ms = 0.0;

  const SiteSpread* site(const std::string& id) const;  // nullptr if none
};

class PlanSimulator {
 public:
  explicit PlanSimulator(std::shared_ptr<const Tissue> tissue);

  std::shared_ptr<const PlanSpread> simulate(const plan::Plan& plan,
                                             const SpreadParameters& params);
  const Tissue& tissue() const { return *tissue_; }

 private:
  std::shared_ptr<const Tissue> tissue_;
  // Field key (tip, volume, target, field parameters) -> latest result with that field.
  std::unordered_map<std::string, std::shared_ptr<const SiteSpread>> cache_;
};

// Defaults, then the plan's model_parameters, then "name=value" assignments (command line).
// Bad entries become error findings and are skipped.
struct ResolvedParameters {
  SpreadParameters parameters;
  Findings findings;
};
ResolvedParameters resolve_parameters(const plan::Plan& plan,
                                      const std::vector<std::string>& assignments);

}  // namespace toxplan::sim
