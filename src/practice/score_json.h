// JSON for scoring results: a whole attempt score (for `toxplan score --json` and the app), and
// the counts and per-muscle summaries that the attempt history stores and reads back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "practice/scoring.h"

namespace toxplan::practice {

nlohmann::json attempt_score_to_json(const AttemptScore& score);

nlohmann::json counts_to_json(const AttemptCounts& counts);
nlohmann::json muscles_to_json(const std::vector<MuscleSummary>& muscles);

// Reading back: nothing when a field is missing or has the wrong type; `error` then names the
// field as a JSON pointer below `pointer` (e.g. "/attempts/3/counts/missed_sites").
std::optional<AttemptCounts> counts_from_json(const nlohmann::json& j, const std::string& pointer,
                                              std::string* error);
std::optional<std::vector<MuscleSummary>> muscles_from_json(const nlohmann::json& j,
                                                            const std::string& pointer,
                                                            std::string* error);

}  // namespace toxplan::practice
