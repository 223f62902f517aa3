#include "practice/score_json.h"

#include <nlohmann/json.hpp>

namespace toxplan::practice {

namespace {

nlohmann::json vec_to_json(const Vec3& v) {
  return nlohmann::json::array({v.x, v.y, v.z});
}

// The counts as (name, member) pairs, so that writing and reading cannot drift apart.
struct CountField {
  const char* name;
  int AttemptCounts::*member;
  // Counts added after version 1 histories were written: read as 0 when absent.
  bool optional = false;
};
constexpr CountField kCountFields[] = {
    {"reference_sites", &AttemptCounts::reference_sites, false},
    {"placed_sites", &AttemptCounts::placed_sites, false},
    {"matched_sites", &AttemptCounts::matched_sites, false},
    {"missed_sites", &AttemptCounts::missed_sites, false},
    {"extra_sites", &AttemptCounts::extra_sites, false},
    {"wrong_side_sites", &AttemptCounts::wrong_side_sites, false},
    {"position_errors", &AttemptCounts::position_errors, false},
    {"needle_errors", &AttemptCounts::needle_errors, true},
    {"wrong_target_sites", &AttemptCounts::wrong_target_sites, true},
    {"dose_errors", &AttemptCounts::dose_errors, false},
    {"danger_hits", &AttemptCounts::danger_hits, false},
    {"spread_flags", &AttemptCounts::spread_flags, false},
};

}  // namespace

nlohmann::json counts_to_json(const AttemptCounts& counts) {
  nlohmann::json j = nlohmann::json::object();
  for (const CountField& f : kCountFields)
    j[f.name] = counts.*f.member;
  return j;
}

nlohmann::json muscles_to_json(const std::vector<MuscleSummary>& muscles) {
  nlohmann::json j = nlohmann::json::array();
  for (const MuscleSummary& m : muscles) {
    j.push_back({{"structure_id", m.structure_id},
                 {"placed_sites", m.placed_sites},
                 {"reference_sites", m.reference_sites},
                 {"placed_units", m.placed_units},
                 {"reference_units", m.reference_units}});
  }
  return j;
}

nlohmann::json attempt_score_to_json(const AttemptScore& score) {
  nlohmann::json matches = nlohmann::json::array();
  for (const MatchedSite& m : score.matches) {
    matches.push_back({{"site_id", m.attempt_site_id},
                       {"reference_site_id", m.reference_site_id},
                       {"structure_id", m.structure_id},
                       {"reference_structure_id", m.reference_structure_id},
                       {"tip_error_mm", m.tip_error_mm},
                       {"entry_error_mm", m.entry_error_mm},
                       {"position_error_mm", m.position_error_mm},
                       {"offset_mm", vec_to_json(m.offset_mm)},
                       {"needle_error_mm", m.needle_error_mm},
                       {"depth_error_mm", m.depth_error_mm},
                       {"dose_error_units", m.dose_error_units},
                       {"wrong_side", m.wrong_side},
                       {"wrong_target", m.wrong_target},
                       {"points_lost", m.points_lost}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const ScoreProblem& p : score.problems) {
    problems.push_back({{"kind", problem_kind_name(p.kind)},
                        {"site_id", p.site_id},
                        {"reference_site_id", p.reference_site_id},
                        {"structure_id", p.structure_id},
                        {"points_lost", p.points_lost},
                        {"message", p.message}});
  }
  return {{"score", score.score},
          {"match_point", match_point_name(score.match_point)},
          {"counts", counts_to_json(score.counts)},
          {"placed_units", score.placed_units},
          {"reference_units", score.reference_units},
          {"same_product", score.same_product},
          {"mean_position_error_mm", score.mean_position_error_mm},
          {"max_position_error_mm", score.max_position_error_mm},
          {"missed_reference_site_ids", score.missed_reference_site_ids},
          {"extra_site_ids", score.extra_site_ids},
          {"muscles", muscles_to_json(score.muscles)},
          {"matches", std::move(matches)},
          {"problems", std::move(problems)}};
}

std::optional<AttemptCounts> counts_from_json(const nlohmann::json& j, const std::string& pointer,
                                              std::string* error) {
  if (!j.is_object()) {
    if (error) *error = pointer + " must be an object";
    return std::nullopt;
  }
  AttemptCounts counts;
  for (const CountField& f : kCountFields) {
    const auto it = j.find(f.name);
    if (it == j.end() && f.optional) continue;
    if (it == j.end() || !it->is_number_integer()) {
      if (error)
        *error = pointer + "/" + f.name + (it == j.end() ? " is missing" : " must be an integer");
      return std::nullopt;
    }
    counts.*f.member = it->get<int>();
  }
  return counts;
}

std::optional<std::vector<MuscleSummary>> muscles_from_json(const nlohmann::json& j,
                                                            const std::string& pointer,
                                                            std::string* error) {
  if (!j.is_array()) {
    if (error) *error = pointer + " must be an array";
    return std::nullopt;
  }
  std::vector<MuscleSummary> muscles;
  for (std::size_t n = 0; n < j.size(); ++n) {
    const nlohmann::json& e = j[n];
    const std::string here = pointer + "/" + std::to_string(n);
    auto fail = [&](const std::string& what) {
      if (error) *error = here + what;
      return std::nullopt;
    };
    if (!e.is_object()) return fail(" must be an object");
    MuscleSummary m;
    if (!e.contains("structure_id") || !e["structure_id"].is_string())
      return fail("/structure_id must be a string");
    m.structure_id = e["structure_id"].get<std::string>();
    for (const char* key : {"placed_sites", "reference_sites"}) {
      if (!e.contains(key) || !e[key].is_number_integer())
        return fail(std::string("/") + key + " must be an integer");
    }
    for (const char* key : {"placed_units", "reference_units"}) {
      if (!e.contains(key) || !e[key].is_number())
        return fail(std::string("/") + key + " must be a number");
    }
    m.placed_sites = e["placed_sites"].get<int>();
    m.reference_sites = e["reference_sites"].get<int>();
    m.placed_units = e["placed_units"].get<double>();
    m.reference_units = e["reference_units"].get<double>();
    muscles.push_back(std::move(m));
  }
  return muscles;
}

}  // namespace toxplan::practice
