#include "practice/attempt_history.h"

#include <time.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/json_locator.h"
#include "base/json_text.h"
#include "plan/plan_io.h"
#include "practice/score_json.h"

namespace toxplan::practice {

namespace fs = std::filesystem;

std::string iso8601_utc(std::chrono::system_clock::time_point time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&t, &utc);  // thread-safe, unlike std::gmtime
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

AttemptRecord make_attempt_record(const AttemptScore& score, const std::string& protocol_id,
                                  std::chrono::system_clock::time_point time) {
  AttemptRecord r;
  r.timestamp_utc = iso8601_utc(time);
  r.protocol_id = protocol_id;
  r.score = score.score;
  r.counts = score.counts;
  r.muscles = score.muscles;
  r.mean_position_error_mm = score.mean_position_error_mm;
  return r;
}

std::string sanitize_trainee_name(const std::string& trainee) {
  std::string out;
  for (const char ch : trainee) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || (c == '.' && !out.empty());
    if (plain) {
      out += ch;
    } else if (c == ' ') {
      out += '_';
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  // Names longer than this would approach the 255-byte file-name limit once encoded.
  constexpr std::size_t kMaxNameBytes = 120;
  if (out.size() > kMaxNameBytes) out.resize(kMaxNameBytes);
  return out.empty() ? "trainee" : out;
}

std::string history_path(const std::string& dir, const std::string& trainee) {
  return (fs::path(dir) / (sanitize_trainee_name(trainee) + ".history.json")).string();
}

nlohmann::json attempt_history_to_json(const AttemptHistory& history) {
  nlohmann::json attempts = nlohmann::json::array();
  for (const AttemptRecord& r : history.attempts) {
    attempts.push_back({{"timestamp", r.timestamp_utc},
                        {"protocol_id", r.protocol_id},
                        {"score", r.score},
                        {"mean_position_error_mm", r.mean_position_error_mm},
                        {"counts", counts_to_json(r.counts)},
                        {"muscles", muscles_to_json(r.muscles)}});
  }
  return {{"format", kHistoryFormatName},
          {"version", kHistoryFormatVersion},
          {"trainee", history.trainee},
          {"attempts", std::move(attempts)}};
}

std::string attempt_history_to_text(const AttemptHistory& history) {
  return attempt_history_to_json(history).dump(2) + "\n";
}

namespace {

// "<path>: <what> (line N); <what to do>".
std::string located(const std::string& path, const std::string& what, int line) {
  return path + ": " + what + (line > 0 ? " (line " + std::to_string(line) + ")" : "") +
         "; fix the file or move it aside (new attempts are not recorded until then)";
}

}  // namespace

HistoryLoadResult load_attempt_history(const std::string& path, const std::string& trainee) {
  HistoryLoadResult result;
  std::error_code ec;
  if (!fs::exists(path, ec) && !ec) {
    result.history = AttemptHistory{trainee, {}};
    return result;
  }
  std::string read_error;
  const auto text = plan::read_text_file(path, &read_error);
  if (!text) {
    result.error = read_error;
    return result;
  }
  JsonTextError error;
  const std::optional<nlohmann::json> parsed = parse_json_text(*text, &error);
  if (!parsed) {
    result.error = json_syntax_message(
        path, error, "fix the file or move it aside (new attempts are not recorded until then)");
    return result;
  }
  const nlohmann::json& doc = *parsed;
  const JsonLocator locator(*text);
  auto fail = [&](const std::string& pointer, const std::string& what) {
    result.error =
        located(path, pointer.empty() ? what : pointer + " " + what, locator.line_of(pointer));
    return result;
  };
  if (!doc.is_object()) return fail("", "the file must hold a JSON object");
  if (!doc.contains("format") || doc["format"] != kHistoryFormatName)
    return fail("/format", std::string("must be \"") + kHistoryFormatName + "\"");
  if (!doc.contains("version") || !doc["version"].is_number_integer())
    return fail("/version", "must be an integer");
  if (doc["version"].get<int>() > kHistoryFormatVersion)
    return fail("/version", "is " + std::to_string(doc["version"].get<int>()) +
                                ", newer than this program reads (" +
                                std::to_string(kHistoryFormatVersion) + "); update Toxplan");
  if (!doc.contains("trainee") || !doc["trainee"].is_string())
    return fail("/trainee", "must be a string");
  if (!doc.contains("attempts") || !doc["attempts"].is_array())
    return fail("/attempts", "must be an array");

  AttemptHistory history;
  history.trainee = doc["trainee"].get<std::string>();
  const nlohmann::json& attempts = doc["attempts"];
  for (std::size_t n = 0; n < attempts.size(); ++n) {
    const nlohmann::json& a = attempts[n];
    const std::string here = "/attempts/" + std::to_string(n);
    if (!a.is_object()) return fail(here, "must be an object");
    AttemptRecord r;
    for (const char* key : {"timestamp", "protocol_id"}) {
      if (!a.contains(key) || !a[key].is_string())
        return fail(here + "/" + key, "must be a string");
    }
    for (const char* key : {"score", "mean_position_error_mm"}) {
      if (!a.contains(key) || !a[key].is_number())
        return fail(here + "/" + key, "must be a number");
    }
    r.timestamp_utc = a["timestamp"].get<std::string>();
    r.protocol_id = a["protocol_id"].get<std::string>();
    r.score = a["score"].get<double>();
    r.mean_position_error_mm = a["mean_position_error_mm"].get<double>();
    std::string field_error;
    const auto counts =
        counts_from_json(a.value("counts", nlohmann::json()), here + "/counts", &field_error);
    if (!counts) {
      // field_error starts with the pointer; report the line of that field (or its parent).
      const std::string pointer = field_error.substr(0, field_error.find(' '));
      result.error = located(path, field_error, locator.line_of(pointer));
      return result;
    }
    r.counts = *counts;
    const auto muscles =
        muscles_from_json(a.value("muscles", nlohmann::json()), here + "/muscles", &field_error);
    if (!muscles) {
      const std::string pointer = field_error.substr(0, field_error.find(' '));
      result.error = located(path, field_error, locator.line_of(pointer));
      return result;
    }
    r.muscles = *muscles;
    history.attempts.push_back(std::move(r));
  }
  result.history = std::move(history);
  return result;
}

std::optional<std::string> save_attempt_history(const AttemptHistory& history,
                                                const std::string& path) {
  return plan::write_file_atomically(path, attempt_history_to_text(history));
}

std::optional<std::string> append_attempt(const std::string& dir, const std::string& trainee,
                                          const AttemptRecord& record) {
  const std::string path = history_path(dir, trainee);
  HistoryLoadResult loaded = load_attempt_history(path, trainee);
  if (!loaded.history) return loaded.error;
  if (loaded.history->trainee != trainee) {
    return path + " holds the history of \"" + loaded.history->trainee + "\", not \"" + trainee +
           "\"; choose a different trainee name (the attempt was not recorded)";
  }
  std::error_code ec;
  fs::create_directories(dir, ec);  // a failure shows up as the write error below
  loaded.history->attempts.push_back(record);
  return save_attempt_history(*loaded.history, path);
}

std::vector<ScorePoint> score_series(const AttemptHistory& history,
                                     const std::string& protocol_id) {
  std::vector<ScorePoint> series;
  for (const AttemptRecord& r : history.attempts) {
    if (protocol_id.empty() || r.protocol_id == protocol_id)
      series.push_back({r.timestamp_utc, r.protocol_id, r.score});
  }
  return series;
}

}  // namespace toxplan::practice
