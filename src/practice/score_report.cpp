#include "practice/score_report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/format.h"
#include "plan/sites_csv.h"
#include "practice/score_json.h"

namespace toxplan::practice {

namespace {

std::string one_decimal(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  return buf;
}

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

}  // namespace

std::string score_table_text(const std::vector<GradedAttempt>& attempts) {
  std::size_t file_width = 7;
  for (const GradedAttempt& g : attempts)
    file_width = std::max(file_width, g.source.size());
  const std::vector<std::pair<const char*, std::size_t>> columns = {
      {"score", 6},    {"matched", 8}, {"missed", 7}, {"extra", 6},   {"wrong side", 11},
      {"dose err", 9}, {"danger", 7},  {"spread", 7}, {"mean mm", 8}, {"U placed/ref", 14}};
  std::string out = pad_right("attempt", file_width);
  for (const auto& [name, width] : columns)
    out += " " + pad_left(name, width);
  out += "\n";
  for (const GradedAttempt& g : attempts) {
    out += pad_right(g.source, file_width);
    if (!g.score) {
      out += " UNREADABLE\n";
      continue;
    }
    const AttemptScore& s = *g.score;
    const AttemptCounts& c = s.counts;
    const std::vector<std::string> cells = {
        one_decimal(s.score),
        std::to_string(c.matched_sites) + "/" + std::to_string(c.reference_sites),
        std::to_string(c.missed_sites),
        std::to_string(c.extra_sites),
        std::to_string(c.wrong_side_sites),
        std::to_string(c.dose_errors),
        std::to_string(c.danger_hits),
        std::to_string(c.spread_flags),
        one_decimal(s.mean_position_error_mm),
        format_number(s.placed_units, 2) + "/" + format_number(s.reference_units, 2)};
    for (std::size_t n = 0; n < cells.size(); ++n)
      out += " " + pad_left(cells[n], columns[n].second);
    out += "\n";
  }
  for (const GradedAttempt& g : attempts) {
    if (!g.score) {
      // Read errors usually start with the file name already.
      const bool named = g.error.rfind(g.source, 0) == 0;
      out += "\nnot scored: " + (named ? g.error : g.source + ": " + g.error) + "\n";
      continue;
    }
    if (g.score->problems.empty()) continue;
    out += "\n" + g.source + " (" + one_decimal(g.score->score) + "/100):\n";
    for (const ScoreProblem& p : g.score->problems)
      out += "  -" + one_decimal(p.points_lost) + "  " + p.message + "\n";
  }
  return out;
}

std::string score_csv_text(const std::vector<GradedAttempt>& attempts) {
  std::string out =
      "file,status,score,reference_sites,placed_sites,matched_sites,missed_sites,extra_sites,"
      "wrong_side_sites,position_errors,dose_errors,danger_hits,spread_flags,"
      "mean_position_error_mm,max_position_error_mm,placed_units,reference_units,error\n";
  for (const GradedAttempt& g : attempts) {
    out += plan::csv_field(g.source) + ",";
    if (!g.score) {
      out += "unreadable" + std::string(16, ',') + plan::csv_field(g.error) + "\n";
      continue;
    }
    const AttemptScore& s = *g.score;
    const AttemptCounts& c = s.counts;
    const std::vector<std::string> fields = {"ok",
                                             format_number(s.score, 2),
                                             std::to_string(c.reference_sites),
                                             std::to_string(c.placed_sites),
                                             std::to_string(c.matched_sites),
                                             std::to_string(c.missed_sites),
                                             std::to_string(c.extra_sites),
                                             std::to_string(c.wrong_side_sites),
                                             std::to_string(c.position_errors),
                                             std::to_string(c.dose_errors),
                                             std::to_string(c.danger_hits),
                                             std::to_string(c.spread_flags),
                                             format_number(s.mean_position_error_mm, 2),
                                             format_number(s.max_position_error_mm, 2),
                                             format_number(s.placed_units, 3),
                                             format_number(s.reference_units, 3),
                                             ""};
    for (std::size_t n = 0; n < fields.size(); ++n)
      out += (n > 0 ? "," : "") + plan::csv_field(fields[n]);
    out += "\n";
  }
  return out;
}

nlohmann::json score_report_json(const std::vector<GradedAttempt>& attempts,
                                 const std::string& reference_source) {
  nlohmann::json list = nlohmann::json::array();
  for (const GradedAttempt& g : attempts) {
    nlohmann::json entry = {{"file", g.source}, {"status", g.score ? "ok" : "unreadable"}};
    if (g.score)
      entry.update(attempt_score_to_json(*g.score));
    else
      entry["error"] = g.error;
    list.push_back(std::move(entry));
  }
  return {{"reference", reference_source}, {"attempts", std::move(list)}};
}

}  // namespace toxplan::practice
