#include "cli/simulation_refusal.h"

#include "sim/simulation_gate.h"

namespace toxplan::cli {

std::string located_finding(const std::string& path, const Finding& f) {
  std::string text = path;
  if (f.line > 0) text += ":" + std::to_string(f.line);
  text += std::string(": ") + severity_name(f.severity) + " " + f.code;
  if (!f.field.empty()) text += " (" + f.field + ")";
  return text + ": " + f.message;
}

std::optional<std::string> simulation_refusal(const std::string& command, const std::string& path,
                                              const plan::Plan& plan,
                                              const Findings& plan_findings) {
  const Findings blockers = sim::simulation_blockers(plan);
  if (blockers.empty()) return std::nullopt;
  std::string text = command + ": " + path + " was not simulated; fix these errors first:\n";
  for (const Finding& f : plan_findings) {
    if (f.severity == Severity::Error) text += "  " + located_finding(path, f) + "\n";
  }
  for (const Finding& f : blockers)
    text += "  " + located_finding(path, f) + "\n";
  return text;
}

}  // namespace toxplan::cli
