#include "sim/plan_simulator.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <utility>

#include "base/exception_text.h"
#include "base/parallel_for.h"
#include "sim/position_rules.h"
#include "sim/simulation_gate.h"
#include "sim/site_simulation.h"
#include "sim/spread_flags.h"

namespace toxplan::sim {

namespace {

void append_exact(std::string& key, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%a;", v);  // hex float: exact, so equal keys mean equal doubles
  key += buf;
}

std::string field_key(const plan::Site& site, const SpreadParameters& params) {
  std::string key;
  const Vec3 tip = site.tip_mm();
  append_exact(key, tip.x);
  append_exact(key, tip.y);
  append_exact(key, tip.z);
  append_exact(key, site.volume_ml);
  key += site.target_structure_id + ";";
  for (const ParameterInfo& info : parameter_table()) {
    if (info.changes_field_shape) append_exact(key, get_parameter(params, info));
  }
  return key;
}

}  // namespace

const SiteSpread* PlanSpread::site(const std::string& id) const {
  for (const auto& s : sites) {
    if (s->site_id == id) return s.get();
  }
  return nullptr;
}

PlanSimulator::PlanSimulator(std::shared_ptr<const Tissue> tissue) : tissue_(std::move(tissue)) {}

std::shared_ptr<const PlanSpread> PlanSimulator::simulate(const plan::Plan& plan,
                                                          const SpreadParameters& params) {
  const auto start = std::chrono::steady_clock::now();
  auto result = std::make_shared<PlanSpread>();
  result->parameters = params;
  // A plan with a dose, volume or geometry the model cannot compute with gets no spread, only
  // the reasons (sim/simulation_gate.h).
  if (Findings blockers = simulation_blockers(plan); !blockers.empty()) {
    result->findings = std::move(blockers);
    return result;
  }
  const TissueTable& table = tissue_->table();
  const std::size_t n = plan.sites.size();
  result->sites.resize(n);
  std::vector<std::string> keys(n);
  std::vector<std::size_t> to_solve;
  // The previous solution of each site id: a moved site starts its solve from it (warm start).
  std::unordered_map<std::string, const SiteSolution*> previous_by_id;
  for (const auto& [key, spread] : cache_) {
    if (spread && spread->solution) previous_by_id[spread->site_id] = spread->solution.get();
  }
  for (std::size_t i = 0; i < n; ++i) {
    const plan::Site& site = plan.sites[i];
    keys[i] = field_key(site, params);
    auto it = cache_.find(keys[i]);
    if (it == cache_.end()) {
      to_solve.push_back(i);
      continue;
    }
    const SiteSpread& old = *it->second;
    const double q_eff = effective_dose_ona_units(site.dose_units, plan.product, params);
    if (old.site_id == site.id && old.q_eff_ona_units == q_eff &&
        old.dose_units == site.dose_units &&
        old.threshold_u_per_cm3 == params.threshold_u_per_cm3) {
      result->sites[i] = it->second;
      ++result->sites_reused;
      continue;
    }
    if (auto rescaled = rescale_site(old, site, plan.product, params, table)) {
      result->sites[i] = std::move(rescaled);
      ++result->sites_rescaled;
    } else {
      to_solve.push_back(i);
    }
  }
  // Independent sites in parallel, one site per thread at a time (taken from a shared counter so
  // that the threads stay busy to the end); each solve's own loops then run serially on its
  // thread (parallel_for.h). A single site uses every thread for its loops instead.
  const auto solve = [&](std::size_t t) {
    const std::size_t i = to_solve[t];
    const SiteSolution* warm = nullptr;
    if (auto it = previous_by_id.find(plan.sites[i].id); it != previous_by_id.end())
      warm = it->second;
    result->sites[i] = simulate_site(plan.sites[i], plan.product, params, *tissue_, warm);
  };
  // A grid too large for memory (SiteGridTooLarge, std::bad_alloc), on whichever thread of the
  // pool it was met, ends this plan's simulation with the reason, never the process; the cache
  // is kept for the next call.
  try {
    if (to_solve.size() == 1) {
      solve(0);
    } else if (!to_solve.empty()) {
      std::atomic<std::size_t> next{0};
      parallel_for(0, parallel_threads(), 1, [&](std::int64_t, std::int64_t) {
        for (std::size_t t = next.fetch_add(1); t < to_solve.size(); t = next.fetch_add(1))
          solve(t);
      });
    }
  } catch (...) {
    auto failed = std::make_shared<PlanSpread>();
    failed->parameters = params;
    failed->findings.push_back(
        {"SIMULATION_NOT_RUN", Severity::Error, "", "", 0,
         "The spread model was not run on this plan: " + current_exception_text() + "."});
    return failed;
  }
  result->sites_solved = static_cast<int>(to_solve.size());

  std::unordered_map<std::string, std::shared_ptr<const SiteSpread>> next;
  for (std::size_t i = 0; i < n; ++i) {
    next[keys[i]] = result->sites[i];
    result->total_q_eff_ona_units += result->sites[i]->q_eff_ona_units;
    Findings f = site_flags(plan.sites[i], *result->sites[i], params, table);
    result->findings.insert(result->findings.end(), f.begin(), f.end());
  }
  cache_ = std::move(next);
  result->summary = summarize_plan_field(result->sites, params.threshold_u_per_cm3);
  Findings pf = plan_flags(plan, result->sites, result->summary, params, table);
  result->findings.insert(result->findings.end(), pf.begin(), pf.end());
  Findings positions = position_flags(plan, result->sites, params, table, tissue_->landmarks());
  result->findings.insert(result->findings.end(), positions.begin(), positions.end());
  result->elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

ResolvedParameters resolve_parameters(const plan::Plan& plan,
                                      const std::vector<std::string>& assignments) {
  ResolvedParameters r;
  r.findings = apply_parameters(r.parameters, plan.model_parameters);
  for (const std::string& a : assignments) {
    if (auto error = apply_assignment(r.parameters, a)) {
      r.findings.push_back({"MODEL_PARAMETER_INVALID", Severity::Error, "", "", 0,
                            "Command line --set " + *error + "."});
    }
  }
  return r;
}

}  // namespace toxplan::sim
