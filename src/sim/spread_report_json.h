// The simulation report as JSON (`toxplan simulate --json`): per site, per plan, the findings
// and every parameter value used.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "plan/plan.h"
#include "sim/plan_simulator.h"

namespace toxplan::sim {

nlohmann::json spread_report_json(const plan::Plan& plan, const PlanSpread& spread);

}  // namespace toxplan::sim
