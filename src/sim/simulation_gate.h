// What the spread model refuses to run on: a plan with a site whose dose, volume or geometry is
// not a usable number (the errors validate_plan gives for them). A dose of 1e300 U or a volume of
// 5e5 mL would otherwise size a solver grid that no memory holds (std::bad_alloc ended
// `simulate` and the window); every path into the simulator goes through PlanSimulator::simulate,
// which checks this first.
#pragma once

#include "base/finding.h"
#include "plan/plan.h"

namespace toxplan::sim {

// Empty when the plan can be simulated; else one error, SIMULATION_NOT_RUN, naming the sites
// and the validation codes that keep it from being simulated.
Findings simulation_blockers(const plan::Plan& plan);

}  // namespace toxplan::sim
