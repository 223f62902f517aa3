#include "practice/score_matching.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "base/assignment.h"

namespace toxplan::practice {

const char* match_point_name(MatchPoint point) {
  return point == MatchPoint::Tip ? "tip" : "entry";
}

Vec3 match_point_of(const plan::Site& site, MatchPoint point) {
  return point == MatchPoint::Tip ? site.tip_mm() : site.entry_point_mm;
}

int body_side_of(const plan::Site& site) {
  const double x = site.entry_point_mm.x;
  if (!(std::fabs(x) >= kSideMidlineHalfWidthMm)) return 0;
  return x < 0.0 ? -1 : 1;
}

SiteMatching match_sites(const plan::Plan& attempt, const plan::Plan& reference,
                         const MatchingOptions& options) {
  const std::size_t rows = attempt.sites.size();
  const std::size_t cols = reference.sites.size();
  SiteMatching result;
  std::vector<bool> attempt_paired(rows, false);
  std::vector<bool> reference_paired(cols, false);
  if (rows > 0 && cols > 0) {
    // Distance of each candidate pair, mirrored for a cross-side pair; NaN when not admissible.
    std::vector<std::vector<double>> pair_mm(rows, std::vector<double>(cols, NAN));
    std::vector<std::vector<bool>> cross(rows, std::vector<bool>(cols, false));
    for (std::size_t r = 0; r < rows; ++r) {
      const plan::Site& a = attempt.sites[r];
      const Vec3 pa = match_point_of(a, options.match_point);
      const int side_a = body_side_of(a);
      // How well the site fits where it is: its distance to the nearest reference site that is
      // not on the other side of the body. A cross-side reading is admissible only when the
      // mirror image fits clearly better than that (by wrong_side_cost_mm), so a second site
      // placed next to a matched one on the correct side is an extra site, never "wrong side".
      double own_side_mm = std::numeric_limits<double>::infinity();
      for (std::size_t c = 0; c < cols; ++c) {
        const plan::Site& b = reference.sites[c];
        const int side_b = body_side_of(b);
        if (side_a != 0 && side_b != 0 && side_a != side_b) continue;
        own_side_mm = std::min(own_side_mm, distance(pa, match_point_of(b, options.match_point)));
      }
      for (std::size_t c = 0; c < cols; ++c) {
        const plan::Site& b = reference.sites[c];
        const int side_b = body_side_of(b);
        cross[r][c] = side_a != 0 && side_b != 0 && side_a != side_b;
        const Vec3 pb = match_point_of(b, options.match_point);
        const double d = distance(cross[r][c] ? mirrored_mm(pa) : pa, pb);
        if (!std::isfinite(d) || d > options.cutoff_mm) continue;
        if (cross[r][c] && !(d + options.wrong_side_cost_mm < own_side_mm)) continue;
        pair_mm[r][c] = d;
      }
    }
    // A non-admissible pair gets a cost larger than any sum of admissible costs: the assignment
    // then first makes as many admissible pairs as possible (the reading most favourable to the
    // trainee, since a missed plus an extra site costs more than any matched error) and among
    // those minimises the summed distance. Choosing such a pair is the same as leaving both
    // sites unpaired, so those pairs are dropped afterwards.
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
    for (std::size_t r = 0; r < rows; ++r) {
      const int c = assignment.column_of_row[r];
      if (c < 0 || std::isnan(pair_mm[r][static_cast<std::size_t>(c)])) continue;
      const auto cc = static_cast<std::size_t>(c);
      SitePair pair;
      pair.attempt_index = static_cast<int>(r);
      pair.reference_index = c;
      pair.wrong_side = cross[r][cc];
      pair.match_distance_mm = pair_mm[r][cc];
      attempt_paired[r] = true;
      reference_paired[cc] = true;
      result.pairs.push_back(pair);
    }
    std::sort(result.pairs.begin(), result.pairs.end(), [](const SitePair& x, const SitePair& y) {
      return x.reference_index < y.reference_index;
    });
  }
  for (std::size_t j = 0; j < cols; ++j) {
    if (!reference_paired[j]) result.missed_reference.push_back(static_cast<int>(j));
  }
  for (std::size_t i = 0; i < rows; ++i) {
    if (!attempt_paired[i]) result.extra_attempt.push_back(static_cast<int>(i));
  }
  return result;
}

bool same_target(const plan::Site& attempt_site, const plan::Site& reference_site,
                 const plan::GroupOf& group_of) {
  const std::string& a = attempt_site.target_structure_id;
  const std::string& r = reference_site.target_structure_id;
  if (a == r) return true;
  if (plan::side_of_structure(a) != plan::side_of_structure(r)) return false;
  const plan::GroupOf& g = group_of ? group_of : plan::default_group_of;
  return g(a) == g(r);
}

}  // namespace toxplan::practice
