// A trainee's practice history: one JSON file per trainee (<dir>/<name>.history.json, format
// "toxplan-attempt-history" version 1) to which every scored attempt is appended, so that the
// app can show progress. Written atomically; a malformed file is reported (file, line, field)
// and never overwritten, so no earlier attempt is ever lost.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "practice/scoring.h"

namespace toxplan::practice {

inline constexpr const char* kHistoryFormatName = "toxplan-attempt-history";
inline constexpr int kHistoryFormatVersion = 1;

struct AttemptRecord {
  std::string timestamp_utc;  // ISO 8601, "2025-03-01T14:05:09Z"
  std::string protocol_id;    // what was practised; may be empty
  double score = 0.0;
  AttemptCounts counts;
  std::vector<MuscleSummary> muscles;
  double mean_position_error_mm = 0.0;
  bool operator==(const AttemptRecord& o) const = default;
};

struct AttemptHistory {
  std::string trainee;                  // as typed, not sanitised
  std::vector<AttemptRecord> attempts;  // oldest first
  bool operator==(const AttemptHistory& o) const = default;
};

// "2025-03-01T14:05:09Z".
std::string iso8601_utc(std::chrono::system_clock::time_point time);

AttemptRecord make_attempt_record(const AttemptScore& score, const std::string& protocol_id,
                                  std::chrono::system_clock::time_point time);

// A file name from any trainee name: letters, digits, '-', '_' and inner '.' are kept, spaces
// become '_', anything else (path separators, non-ASCII bytes) becomes %XX, so that no name can
// leave the folder or hide the file; "" becomes "trainee". Two names that sanitise alike are
// told apart by the name stored inside the file.
std::string sanitize_trainee_name(const std::string& trainee);
std::string history_path(const std::string& dir, const std::string& trainee);

struct HistoryLoadResult {
  std::optional<AttemptHistory> history;  // a missing file gives an empty history
  std::string error;                      // set when history is empty: file, line and what to do
};

// `trainee` names the history when the file does not exist yet.
HistoryLoadResult load_attempt_history(const std::string& path, const std::string& trainee);
std::optional<std::string> save_attempt_history(const AttemptHistory& history,
                                                const std::string& path);

// Loads (or starts) the trainee's history in `dir`, appends `record` and saves atomically.
// Returns an error message, and leaves the file untouched, when the file is malformed or belongs
// to another trainee name.
std::optional<std::string> append_attempt(const std::string& dir, const std::string& trainee,
                                          const AttemptRecord& record);

// The scores for a progress chart, oldest first; only `protocol_id`'s attempts unless empty.
struct ScorePoint {
  std::string timestamp_utc;
  std::string protocol_id;
  double score = 0.0;
};
std::vector<ScorePoint> score_series(const AttemptHistory& history,
                                     const std::string& protocol_id = "");

nlohmann::json attempt_history_to_json(const AttemptHistory& history);
std::string attempt_history_to_text(const AttemptHistory& history);

}  // namespace toxplan::practice
