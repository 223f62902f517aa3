#include "sim/simulation_gate.h"

#include <set>
#include <string>

#include "plan/validation.h"

namespace toxplan::sim {

Findings simulation_blockers(const plan::Plan& plan) {
  // Codes of values the model computes with; other errors (a limit exceeded, an unknown target)
  // still leave a plan whose spread can be estimated and shown.
  static const std::set<std::string> kBlocking = {
      "DOSE_NOT_FINITE",     "DOSE_NOT_POSITIVE", "DOSE_ABSURD",           "VOLUME_NOT_FINITE",
      "VOLUME_NOT_POSITIVE", "VOLUME_ABSURD",     "COORDINATE_NOT_FINITE", "DIRECTION_INVALID",
      "DEPTH_INVALID",       "DILUTION_INVALID"};
  // One finding that says what was not done and why; the errors themselves are listed by
  // validation (validate, simulate and the window all show them), so they are named, not repeated.
  std::string reasons;
  int count = 0;
  for (const Finding& f : plan::validate_plan(plan, plan::ValidationContext{})) {
    if (f.severity != Severity::Error || !kBlocking.count(f.code)) continue;
    if (++count <= 3)
      reasons += (reasons.empty() ? "" : ", ") + (f.site_id.empty() ? f.field : f.site_id) + " (" +
                 f.code + ")";
  }
  if (count == 0) return {};
  if (count > 3) reasons += " and " + std::to_string(count - 3) + " more";
  return {{"SIMULATION_NOT_RUN", Severity::Error, "", "", 0,
           "The spread model was not run on this plan: " + reasons +
               " has a dose, volume or needle geometry it cannot compute with. Fix the errors "
               "listed for it; the spread is shown again once they are fixed."}};
}

}  // namespace toxplan::sim
