#include "core/score_matching.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "core/assignment.h"

namespace toxplan::core {

const char* match_point_name(MatchPoint point) {
  return point == MatchPoint::Tip ? "tip" : "entry";
}

Vec3 match_point_of(const Site& site, MatchPoint point) {
  return point == MatchPoint::Tip ? site.tip_mm() : site.entry_point_mm;
}

namespace {

struct GroupMembers {
  std::vector<int> attempt;
  std::vector<int> reference;
};

// L/R sides only; a midline structure (procerus) has no side, so it is never "wrong side".
bool on_opposite_sides(const Site& a, const Site& b) {
  const std::string sa = side_of_structure(a.target_structure_id);
  const std::string sb = side_of_structure(b.target_structure_id);
  return sa != "midline" && sb != "midline" && sa != sb;
}

}  // namespace

SiteMatching match_sites(const Plan& attempt, const Plan& reference,
                         const MatchingOptions& options) {
  const GroupOf& group_of = options.group_of;
  auto group = [&](const Site& s) {
    return group_of ? group_of(s.target_structure_id) : default_group_of(s.target_structure_id);
  };
  std::map<std::string, GroupMembers> groups;  // sorted: a stable order for reports
  for (std::size_t i = 0; i < attempt.sites.size(); ++i)
    groups[group(attempt.sites[i])].attempt.push_back(static_cast<int>(i));
  for (std::size_t j = 0; j < reference.sites.size(); ++j)
    groups[group(reference.sites[j])].reference.push_back(static_cast<int>(j));

  SiteMatching result;
  std::vector<bool> attempt_paired(attempt.sites.size(), false);
  std::vector<bool> reference_paired(reference.sites.size(), false);
  for (const auto& [name, members] : groups) {
    const std::size_t rows = members.attempt.size();
    const std::size_t cols = members.reference.size();
    if (rows == 0 || cols == 0) continue;
    // Distance of each candidate pair, mirrored for a cross-side pair; NaN when not admissible.
    std::vector<std::vector<double>> pair_mm(rows, std::vector<double>(cols, NAN));
    std::vector<std::vector<bool>> cross(rows, std::vector<bool>(cols, false));
    for (std::size_t r = 0; r < rows; ++r) {
      const Site& a = attempt.sites[static_cast<std::size_t>(members.attempt[r])];
      for (std::size_t c = 0; c < cols; ++c) {
        const Site& b = reference.sites[static_cast<std::size_t>(members.reference[c])];
        cross[r][c] = on_opposite_sides(a, b);
        Vec3 pa = match_point_of(a, options.match_point);
        if (cross[r][c]) pa = mirrored_mm(pa);
        const double d = distance(pa, match_point_of(b, options.match_point));
        if (std::isfinite(d) && d <= options.cutoff_mm) pair_mm[r][c] = d;
      }
    }
    // A non-admissible pair gets a cost larger than any sum of admissible costs in the group:
    // the assignment then first makes as many admissible pairs as possible (the reading most
    // favourable to the trainee, since a missed plus an extra site costs more than any matched
    // error) and among those minimises the summed distance. Choosing such a pair is the same as
    // leaving both sites unpaired, so those pairs are dropped afterwards.
    const double worst_pair = options.cutoff_mm + std::max(0.0, options.wrong_side_cost_mm);
    const double not_a_pair = (static_cast<double>(std::min(rows, cols)) + 1.0) * worst_pair + 1.0;
    CostMatrix cost(rows, std::vector<double>(cols, not_a_pair));
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        if (!std::isnan(pair_mm[r][c]))
          cost[r][c] = pair_mm[r][c] + (cross[r][c] ? options.wrong_side_cost_mm : 0.0);
      }
    }
    const Assignment assignment = solve_assignment(cost);
    std::vector<SitePair> group_pairs;
    for (std::size_t r = 0; r < rows; ++r) {
      const int c = assignment.column_of_row[r];
      if (c < 0 || std::isnan(pair_mm[r][static_cast<std::size_t>(c)])) continue;
      const auto cc = static_cast<std::size_t>(c);
      SitePair pair;
      pair.attempt_index = members.attempt[r];
      pair.reference_index = members.reference[cc];
      pair.wrong_side = cross[r][cc];
      pair.match_distance_mm = pair_mm[r][cc];
      attempt_paired[static_cast<std::size_t>(pair.attempt_index)] = true;
      reference_paired[static_cast<std::size_t>(pair.reference_index)] = true;
      group_pairs.push_back(pair);
    }
    std::sort(group_pairs.begin(), group_pairs.end(), [](const SitePair& x, const SitePair& y) {
      return x.reference_index < y.reference_index;
    });
    result.pairs.insert(result.pairs.end(), group_pairs.begin(), group_pairs.end());
  }
  for (std::size_t j = 0; j < reference.sites.size(); ++j) {
    if (!reference_paired[j]) result.missed_reference.push_back(static_cast<int>(j));
  }
  for (std::size_t i = 0; i < attempt.sites.size(); ++i) {
    if (!attempt_paired[i]) result.extra_attempt.push_back(static_cast<int>(i));
  }
  return result;
}

}  // namespace toxplan::core
