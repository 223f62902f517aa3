// Pairs a trainee's sites with the sites of a reference plan by position, across muscles, with
// the optimal assignment (base/assignment.h): a site placed where a reference site is answers it
// whatever muscle it names (clicking the skin names the uppermost muscle, so a corrugator site
// placed by click says "frontalis"); the target is then part of the feedback, not a partition.
// Sides are matched across: a site placed on the patient's right where the reference has a left
// site is paired with it as "wrong side" (its mirror image is close), instead of being counted as
// one missed and one extra site, but only when no reference site on its own side fits it about
// as well. Details and the reasons for each choice: docs/scoring.md.
#pragma once

#include <vector>

#include "base/vec3.h"
#include "plan/plan.h"
#include "plan/totals.h"

namespace toxplan::practice {

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
  // it wins: a site is called "wrong side" only when its mirror image is clearly the better fit
  // (than the pair, and than the nearest reference site on the site's own side).
  double wrong_side_cost_mm = 10.0;
  // Muscle group of a structure id: a target in the reference target's group on the same side
  // (splenius or semispinalis capitis for a cervical paraspinal site) is the right target.
  plan::GroupOf group_of = plan::default_group_of;
};

struct SitePair {
  int attempt_index = -1;    // into attempt.sites
  int reference_index = -1;  // into reference.sites
  // The attempt site is on the other side of the body (sign of its entry point's x) than the
  // reference site; positions of the pair are then compared after mirroring the attempt site
  // across the midsagittal plane.
  bool wrong_side = false;
  double match_distance_mm = 0.0;  // at the match point, mirrored when wrong_side
};

struct SiteMatching {
  std::vector<SitePair> pairs;        // in reference order
  std::vector<int> missed_reference;  // reference indices without a pair, ascending
  std::vector<int> extra_attempt;     // attempt indices without a pair, ascending
};

// Mirror image across the midsagittal plane x = 0 of the atlas frame (docs/atlas-format.md).
inline Vec3 mirrored_mm(const Vec3& p) {
  return {-p.x, p.y, p.z};
}

// Site position used for matching and position errors.
Vec3 match_point_of(const plan::Site& site, MatchPoint point);

// Entry points this close to the midsagittal plane are on the midline (procerus): no side.
inline constexpr double kSideMidlineHalfWidthMm = 5.0;
// Which side of the body a site is on, from where its needle enters the skin: -1 for x < 0 (the
// patient's left in the atlas frame, docs/atlas-format.md), +1 for x > 0, 0 on the midline. The
// position, not the target's name, says which side the trainee injected.
int body_side_of(const plan::Site& site);

// The attempt site names the reference site's target: the same structure, or one of the same
// muscle group on the same side.
bool same_target(const plan::Site& attempt_site, const plan::Site& reference_site,
                 const plan::GroupOf& group_of);

SiteMatching match_sites(const plan::Plan& attempt, const plan::Plan& reference,
                         const MatchingOptions& options = {});

}  // namespace toxplan::practice
