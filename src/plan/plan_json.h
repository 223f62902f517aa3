// Plan <-> JSON, format "toxplan-plan" version 1 (docs/plan-format.md). Parsing never throws:
// structural problems (newer version, missing field, wrong type, unknown product) refuse the
// plan with findings naming the field (JSON pointer) and the line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "base/finding.h"
#include "plan/plan.h"

namespace toxplan::plan {

inline constexpr const char* kPlanFormatName = "toxplan-plan";

struct PlanParseResult {
  std::optional<Plan> plan;  // empty when the file is refused
  Findings findings;
};

nlohmann::json plan_to_json(const Plan& plan);
// Pretty-printed with a trailing newline: readable and diffable.
std::string plan_to_text(const Plan& plan);

// `source_name` (usually the file path) starts every message so the user knows which file.
PlanParseResult parse_plan_text(std::string_view text, const std::string& source_name);
PlanParseResult plan_from_json(const nlohmann::json& document, const std::string& source_name);

}  // namespace toxplan::plan
