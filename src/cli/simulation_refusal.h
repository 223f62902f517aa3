// The commands' side of the one simulation gate (sim/simulation_gate.h, which
// PlanSimulator::simulate applies on every path): `simulate`, `render`, `export --chart` and
// `score` ask it before loading an atlas, and a plan the spread model cannot compute with stops
// that step with its errors, each naming the file, line and field, and the reason.
#pragma once

#include <optional>
#include <string>

#include "base/finding.h"
#include "plan/plan.h"

namespace toxplan::cli {

// Nothing when `plan` (read from `path`, with `plan_findings` from loading it) may be simulated;
// else the text to print: "<command>: <path> was not simulated", the plan's errors as
// "<path>:<line>: error CODE (field): message" lines, and the SIMULATION_NOT_RUN finding.
std::optional<std::string> simulation_refusal(const std::string& command, const std::string& path,
                                              const plan::Plan& plan,
                                              const Findings& plan_findings);

// One finding as "<path>:<line>: severity CODE (field): message" (line and field when known).
std::string located_finding(const std::string& path, const Finding& f);

}  // namespace toxplan::cli
