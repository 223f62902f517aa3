// Scores a trainee's attempt against a reference plan: which sites were placed, how far each is
// from its reference site, dose errors, wrong sides, missed and extra sites, and the spread
// simulator's danger and spread flags; a 0-100 score and one actionable sentence per problem.
// The formula, its weights and why they are what they are: docs/scoring.md.
#pragma once

#include <string>
#include <vector>

#include "base/finding.h"
#include "base/vec3.h"
#include "plan/plan.h"
#include "practice/score_matching.h"

namespace toxplan::practice {

// --- Weights (docs/scoring.md explains each) ------------------------------------------------
// Site-level penalties are fractions of one reference site's share of the score,
// 100 / (number of reference sites): the score then reads as "how much of the protocol was done
// right", and a 1-site exercise and a 31-site PREEMPT are on the same scale.
// Position errors (of the skin spot, and of the needle tip relative to it) up to this distance
// are free: the spread model's screening length is about
// 5 mm (reference/spread-model.md), so a shift this small barely moves the treated volume.
inline constexpr double kPositionToleranceMm = 5.0;
// Beyond the tolerance the position loss grows linearly and reaches the whole share at the
// match cut-off: a site at the cut-off treats about as little of its target as a missed site.
inline constexpr double kPositionWeight = 1.0;
// With the tip as match point, the tip's error that the skin spot does not explain (a wrong
// depth or needle angle) is a second position loss on the same scale, so that shifting a whole
// site (skin spot and tip together) costs what it did with one tip distance.
inline constexpr double kNeedleWeight = 1.0;
// The right spot with another muscle named as the target (clicking names the uppermost muscle:
// corrugator sites read "frontalis", paraspinal sites "trapezius"): the plan records the dose
// against the wrong muscle, like half a missed site; the spot itself is not lost.
inline constexpr double kWrongTargetWeight = 0.5;
inline constexpr double kMissedSiteWeight = 1.0;  // the reference site's whole share
// An extra injection is an extra needle stick and extra toxin, usually near the right muscle:
// less than a missed site, but not free.
inline constexpr double kExtraSiteWeight = 0.5;
// The intended muscle is untreated and its opposite is weakened (in cervical dystonia that can
// worsen the posture): as bad as a missed plus an extra site. No position or dose loss is added.
inline constexpr double kWrongSideWeight = kMissedSiteWeight + kExtraSiteWeight;
// Loss = weight x min(1, |dose error| / reference dose): relative, because 1 U off 5 U matters
// more than 1 U off 50 U; a doubled or omitted dose loses half a share.
inline constexpr double kDoseWeight = 0.5;
// Absolute points, not scaled by the protocol's size: one danger hit stands for an adverse effect
// (eyelid ptosis, dysphagia; docs/scoring.md) whatever else went well. Only an error-level danger
// flag (a substantial share of the toxin in the danger structure) is a hit; a touch (warning) is
// listed by the simulator but costs no points, information-level flags neither.
inline constexpr double kDangerHitPoints = 15.0;
inline constexpr double kSpreadFlagPoints = 3.0;
// Units of different products are not interchangeable (docs/sources.md): doses are then not
// compared at all, and the mix-up itself costs this much.
inline constexpr double kProductMismatchPoints = 25.0;
// Doses closer than this are equal (plans store doses as decimal text).
inline constexpr double kDoseEqualUnits = 0.005;

struct ScoringOptions {
  MatchingOptions matching;  // match point, cut-off, group_of
  double position_tolerance_mm = kPositionToleranceMm;
};

// Findings of the spread simulator for the attempt; optionally also for the reference, so that a
// flag the reference itself raises at the matched site is not held against the trainee.
struct ScoringFlags {
  Findings attempt;
  Findings reference;
};

inline constexpr const char* kDangerFlagCode = "DANGER_STRUCTURE_REACHED";
inline constexpr const char* kSpreadFlagCode = "SPREAD_BEYOND_TARGET";

struct MatchedSite {
  std::string attempt_site_id;
  std::string reference_site_id;
  std::string structure_id;            // the attempt site's target
  std::string reference_structure_id;  // the reference site's target
  double tip_error_mm = 0.0;           // direct distances, not mirrored
  double entry_error_mm = 0.0;
  // Attempt minus reference at the match point (attempt mirrored when wrong_side), RAS mm.
  Vec3 offset_mm;
  double position_error_mm = 0.0;  // norm(offset_mm)
  // Tip error not explained by the skin spot: |(tip - entry) of the attempt - (tip - entry) of
  // the reference|, after mirroring when wrong_side (a wrong depth or needle angle).
  double needle_error_mm = 0.0;
  double depth_error_mm = 0.0;    // attempt minus reference
  bool wrong_target = false;      // the attempt names another muscle than the reference
  double dose_error_units = 0.0;  // attempt minus reference; 0 when the products differ
  bool wrong_side = false;
  double points_lost = 0.0;  // position + dose, or the wrong-side loss
};

// Per target structure (a muscle on one side): what was placed against what the reference has.
struct MuscleSummary {
  std::string structure_id;
  int placed_sites = 0;
  int reference_sites = 0;
  double placed_units = 0.0;
  double reference_units = 0.0;
  bool operator==(const MuscleSummary& o) const = default;
};

struct AttemptCounts {
  int reference_sites = 0;
  int placed_sites = 0;
  int matched_sites = 0;  // including wrong-side pairs
  int missed_sites = 0;
  int extra_sites = 0;
  int wrong_side_sites = 0;
  int position_errors = 0;  // matched same-side sites whose skin spot is beyond the tolerance
  int needle_errors = 0;    // matched same-side sites whose depth or angle is beyond it
  int wrong_target_sites = 0;
  int dose_errors = 0;
  int danger_hits = 0;
  int spread_flags = 0;
  bool operator==(const AttemptCounts& o) const = default;
};

enum class ProblemKind {
  Position,
  Needle,  // depth or needle angle
  WrongTarget,
  Dose,
  WrongSide,
  Missed,
  Extra,
  DangerHit,
  SpreadFlag,
  Product
};

const char* problem_kind_name(ProblemKind kind);  // "position", "dose", "wrong_side", ...

// One problem, one sentence the trainee can act on.
struct ScoreProblem {
  ProblemKind kind = ProblemKind::Position;
  std::string site_id;            // the attempt site, when the problem is about one
  std::string reference_site_id;  // the reference site, when there is one
  std::string structure_id;       // the muscle concerned
  double points_lost = 0.0;
  std::string message;
};

struct AttemptScore {
  double score = 100.0;  // 0..100
  AttemptCounts counts;
  std::vector<MatchedSite> matches;
  std::vector<std::string> missed_reference_site_ids;
  std::vector<std::string> extra_site_ids;
  std::vector<MuscleSummary> muscles;  // sorted by structure id
  double placed_units = 0.0;
  double reference_units = 0.0;
  bool same_product = true;
  double mean_position_error_mm = 0.0;  // over same-side matches; 0 when none
  double max_position_error_mm = 0.0;
  MatchPoint match_point = MatchPoint::Tip;
  // Largest loss first; empty for an attempt that equals the reference.
  std::vector<ScoreProblem> problems;
};

AttemptScore score_attempt(const plan::Plan& attempt, const plan::Plan& reference,
                           const ScoringOptions& options = {}, const ScoringFlags& flags = {});

// Why a reference cannot be scored against ("" when it can): a reference without sites (a
// template whose sites are chosen per patient) would give meaningless scores.
std::string unscorable_reference_reason(const plan::Plan& reference, const std::string& name);

}  // namespace toxplan::practice
