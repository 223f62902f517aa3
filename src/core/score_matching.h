// Pairs a trainee's sites with the sites of a reference plan, muscle group by muscle group, with
// the optimal assignment (core/assignment.h). Sides are matched across: a site placed on the
// patient's right where the reference has a left site is paired with it as "wrong side" (its
// mirror image is close), instead of being counted as one missed and one extra site.
// Details and the reasons for each choice: docs/scoring.md.
#pragma once

#include <vector>

#include "core/plan.h"
#include "core/totals.h"
#include "core/vec3.h"

namespace toxplan::core {

// Which point of a site positions are compared at. The tip is the default: the toxin is
// delivered there and the spread (the clinical effect) is centred there; comparing tips also
// catches a wrong depth or needle angle, which an entry-point comparison cannot see.
enum class MatchPoint { Tip, Entry };

const char* match_point_name(MatchPoint point);  // "tip", "entry"

struct MatchingOptions {
  MatchPoint match_point = MatchPoint::Tip;
  // A pair farther apart than this (at the match point, after mirroring for a wrong side) is not
  // a pair: the reference site counts as missed and the placed site as extra.
  double cutoff_mm = 30.0;
  // Added to the cost of a cross-side pair so that, when a same-side reading is about as good,
  // it wins: a site is called "wrong side" only when its mirror image is clearly the better fit.
  double wrong_side_cost_mm = 10.0;
  GroupOf group_of = default_group_of;  // muscle group of a structure id
};

struct SitePair {
  int attempt_index = -1;    // into attempt.sites
  int reference_index = -1;  // into reference.sites
  // The attempt's structure is on the other side (L/R) than the reference's; positions of the
  // pair are then compared after mirroring the attempt site across the midsagittal plane.
  bool wrong_side = false;
  double match_distance_mm = 0.0;  // at the match point, mirrored when wrong_side
};

struct SiteMatching {
  std::vector<SitePair> pairs;        // in group order, then reference order
  std::vector<int> missed_reference;  // reference indices without a pair, ascending
  std::vector<int> extra_attempt;     // attempt indices without a pair, ascending
};

// Mirror image across the midsagittal plane x = 0 of the atlas frame (DESIGN.md).
inline Vec3 mirrored_mm(const Vec3& p) {
  return {-p.x, p.y, p.z};
}

// Site position used for matching and position errors.
Vec3 match_point_of(const Site& site, MatchPoint point);

SiteMatching match_sites(const Plan& attempt, const Plan& reference,
                         const MatchingOptions& options = {});

}  // namespace toxplan::core
