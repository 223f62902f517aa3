// Reports for a set of scored attempts (a class folder): a human table with feedback, CSV with
// one line per attempt, and JSON with everything. Used by `toxplan score`; kept out of cli/ so that
// tests check the exact output without the command-line layer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "practice/scoring.h"

namespace toxplan::practice {

struct GradedAttempt {
  std::string source;                 // the attempt's file
  std::optional<AttemptScore> score;  // empty when the file could not be read
  std::string error;                  // why it could not be read
};

// One line per attempt under a header, then each attempt's feedback sentences.
std::string score_table_text(const std::vector<GradedAttempt>& attempts);

// Header plus one line per attempt; fields quoted per RFC 4180 when needed.
std::string score_csv_text(const std::vector<GradedAttempt>& attempts);

// {"reference": ..., "attempts": [{"file", "status", ...attempt_score_to_json}]}.
nlohmann::json score_report_json(const std::vector<GradedAttempt>& attempts,
                                 const std::string& reference_source);

}  // namespace toxplan::practice
