#include "practice/scoring.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

#include "base/format.h"
#include "plan/product.h"
#include "plan/totals.h"
#include "practice/score_feedback.h"

namespace toxplan::practice {

const char* problem_kind_name(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::Position:
      return "position";
    case ProblemKind::Needle:
      return "needle";
    case ProblemKind::WrongTarget:
      return "wrong_target";
    case ProblemKind::Dose:
      return "dose";
    case ProblemKind::WrongSide:
      return "wrong_side";
    case ProblemKind::Missed:
      return "missed";
    case ProblemKind::Extra:
      return "extra";
    case ProblemKind::DangerHit:
      return "danger_hit";
    case ProblemKind::SpreadFlag:
      return "spread_flag";
    case ProblemKind::Product:
      return "product";
  }
  return "unknown";
}

namespace {

std::string side_word(int body_side) {
  return body_side < 0 ? "left" : (body_side > 0 ? "right" : "midline");
}

std::string mm1(double value) {
  return format_number(value, 1) + " mm";
}

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids)
    out += (out.empty() ? "" : ", ") + id;
  return out;
}

// Fraction of the position weight lost at `error_mm`: 0 up to the tolerance, then linear up to 1
// at the match cut-off.
double position_loss_fraction(double error_mm, double tolerance_mm, double cutoff_mm) {
  if (!(error_mm > tolerance_mm)) return 0.0;
  if (!(cutoff_mm > tolerance_mm)) return 1.0;
  return std::min(1.0, (error_mm - tolerance_mm) / (cutoff_mm - tolerance_mm));
}

struct FlagKey {
  std::string code;
  std::string site_id;  // reference site id, or "" for plan-level flags
  bool operator<(const FlagKey& o) const {
    return std::tie(code, site_id) < std::tie(o.code, o.site_id);
  }
};

}  // namespace

AttemptScore score_attempt(const plan::Plan& attempt, const plan::Plan& reference,
                           const ScoringOptions& options, const ScoringFlags& flags) {
  AttemptScore result;
  result.match_point = options.matching.match_point;
  const SiteMatching matching = match_sites(attempt, reference, options.matching);
  const double share =
      100.0 / static_cast<double>(std::max<std::size_t>(1, reference.sites.size()));
  std::vector<ScoreProblem>& problems = result.problems;
  AttemptCounts& counts = result.counts;
  counts.reference_sites = static_cast<int>(reference.sites.size());
  counts.placed_sites = static_cast<int>(attempt.sites.size());

  result.same_product = attempt.product == reference.product;
  if (!result.same_product) {
    problems.push_back(
        {ProblemKind::Product, "", "", "", kProductMismatchPoints,
         "The attempt uses " + std::string(plan::product_id(attempt.product)) +
             " but the reference uses " + std::string(plan::product_id(reference.product)) +
             "; units of different products are not interchangeable, so no dose was compared. "
             "Plan in " +
             std::string(plan::product_id(reference.product)) + "."});
  }

  // Matched sites: position, dose, side.
  std::map<int, int> reference_of_attempt;  // attempt index -> reference index
  double position_sum_mm = 0.0;
  int same_side_pairs = 0;
  for (const SitePair& pair : matching.pairs) {
    const auto ai = static_cast<std::size_t>(pair.attempt_index);
    const auto ri = static_cast<std::size_t>(pair.reference_index);
    const plan::Site& a = attempt.sites[ai];
    const plan::Site& r = reference.sites[ri];
    reference_of_attempt[pair.attempt_index] = pair.reference_index;
    MatchedSite m;
    m.attempt_site_id = a.id;
    m.reference_site_id = r.id;
    m.structure_id = a.target_structure_id;
    m.reference_structure_id = r.target_structure_id;
    m.tip_error_mm = distance(a.tip_mm(), r.tip_mm());
    m.entry_error_mm = distance(a.entry_point_mm, r.entry_point_mm);
    Vec3 placed = match_point_of(a, result.match_point);
    if (pair.wrong_side) placed = mirrored_mm(placed);
    m.offset_mm = placed - match_point_of(r, result.match_point);
    m.position_error_mm = norm(m.offset_mm);
    m.depth_error_mm = a.depth_mm - r.depth_mm;
    m.dose_error_units = result.same_product ? a.dose_units - r.dose_units : 0.0;
    m.wrong_side = pair.wrong_side;
    const std::string name = site_display_name(attempt, ai);
    // The needle as a vector from the skin spot; mirrored with the site for a wrong side.
    Vec3 needle = a.tip_mm() - a.entry_point_mm;
    if (pair.wrong_side) needle = mirrored_mm(needle);
    m.needle_error_mm = norm(needle - (r.tip_mm() - r.entry_point_mm));
    m.wrong_target = !pair.wrong_side && !same_target(a, r, options.matching.group_of);

    if (pair.wrong_side) {
      ++counts.wrong_side_sites;
      m.points_lost = kWrongSideWeight * share;
      const int reference_side = body_side_of(r);
      problems.push_back({ProblemKind::WrongSide, a.id, r.id, a.target_structure_id, m.points_lost,
                          name + " is on the patient's " + side_word(-reference_side) +
                              " but the reference site " + r.id + " is on the " +
                              side_word(reference_side) + " (the mirror image is " +
                              mm1(m.position_error_mm) + " from it); place it on the patient's " +
                              side_word(reference_side) + "."});
      result.matches.push_back(std::move(m));
      continue;
    }

    ++same_side_pairs;
    position_sum_mm += m.position_error_mm;
    result.max_position_error_mm = std::max(result.max_position_error_mm, m.position_error_mm);
    // The skin spot and the needle (depth, angle) are judged apart, so that the feedback says
    // which one to change: a site on the right spot with a shallow needle is not "too anterior".
    const bool tip = result.match_point == MatchPoint::Tip;
    const Vec3 spot_offset = tip ? a.entry_point_mm - r.entry_point_mm : m.offset_mm;
    const double spot_error_mm = norm(spot_offset);
    const double position_points =
        kPositionWeight * share *
        position_loss_fraction(spot_error_mm, options.position_tolerance_mm,
                               options.matching.cutoff_mm);
    if (position_points > 0.0) {
      ++counts.position_errors;
      std::string message =
          name + " is " + mm1(spot_error_mm) + " from the reference site " + r.id + " on the skin";
      const std::string where =
          direction_advice(anatomical_offset(spot_offset, r.entry_point_mm.x));
      if (!where.empty()) message += ": " + where;
      problems.push_back({ProblemKind::Position, a.id, r.id, a.target_structure_id, position_points,
                          message + "."});
    }
    const double needle_points =
        tip ? kNeedleWeight * share *
                  position_loss_fraction(m.needle_error_mm, options.position_tolerance_mm,
                                         options.matching.cutoff_mm)
            : 0.0;
    if (needle_points > 0.0) {
      ++counts.needle_errors;
      std::string message = name + ": the needle (depth and angle) puts the tip " +
                            mm1(m.needle_error_mm) + " away from the reference needle's (" + r.id +
                            ")";
      const std::string depth = depth_advice(m.depth_error_mm);
      message += depth.empty() ? "; the depth is right, angle the needle like the reference"
                               : "; " + depth;
      problems.push_back(
          {ProblemKind::Needle, a.id, r.id, a.target_structure_id, needle_points, message + "."});
    }
    double target_points = 0.0;
    if (m.wrong_target) {
      ++counts.wrong_target_sites;
      target_points = kWrongTargetWeight * share;
      const std::string wanted = structure_display_name(r.target_structure_id);
      std::string message =
          name + " is on the spot of the reference site " + r.id + " but targets the " +
          lowercase_first(structure_display_name(a.target_structure_id)) + "; the reference " +
          "targets the " + lowercase_first(wanted) + " at " + format_number(r.depth_mm, 1) +
          " mm depth: in the site editor set the target to " + wanted;
      if (std::fabs(m.depth_error_mm) >= kDepthFeedbackMm)
        message += " and the depth to " + format_number(r.depth_mm, 1) + " mm";
      problems.push_back({ProblemKind::WrongTarget, a.id, r.id, a.target_structure_id,
                          target_points, message + "."});
    }
    double dose_points = 0.0;
    const double dose_error = std::fabs(m.dose_error_units);
    if (result.same_product && (dose_error > kDoseEqualUnits || std::isnan(dose_error))) {
      ++counts.dose_errors;
      const double relative = r.dose_units > 0.0 ? dose_error / r.dose_units : dose_error;
      dose_points = kDoseWeight * share * (std::isfinite(relative) ? std::min(1.0, relative) : 1.0);
      problems.push_back({ProblemKind::Dose, a.id, r.id, a.target_structure_id, dose_points,
                          name + " has " + format_units(a.dose_units) + "; the reference site " +
                              r.id + " has " + format_units(r.dose_units) + " (" +
                              format_units(dose_error) +
                              (m.dose_error_units > 0 ? " too much)." : " too little).")});
    }
    m.points_lost = position_points + needle_points + target_points + dose_points;
    result.matches.push_back(std::move(m));
  }
  counts.matched_sites = static_cast<int>(result.matches.size());
  if (same_side_pairs > 0) result.mean_position_error_mm = position_sum_mm / same_side_pairs;

  // Missed reference sites and extra placed sites, one sentence per muscle.
  std::map<std::string, int> reference_on, placed_on;
  for (const plan::Site& s : reference.sites)
    ++reference_on[s.target_structure_id];
  for (const plan::Site& s : attempt.sites)
    ++placed_on[s.target_structure_id];
  std::map<std::string, std::vector<std::string>> missed_on, extra_names_on, extra_ids_on;
  for (int j : matching.missed_reference) {
    const plan::Site& r = reference.sites[static_cast<std::size_t>(j)];
    missed_on[r.target_structure_id].push_back(r.id);
    result.missed_reference_site_ids.push_back(r.id);
  }
  for (int i : matching.extra_attempt) {
    const plan::Site& a = attempt.sites[static_cast<std::size_t>(i)];
    extra_names_on[a.target_structure_id].push_back(
        site_display_name(attempt, static_cast<std::size_t>(i)));
    extra_ids_on[a.target_structure_id].push_back(a.id);
    result.extra_site_ids.push_back(a.id);
  }
  counts.missed_sites = static_cast<int>(result.missed_reference_site_ids.size());
  counts.extra_sites = static_cast<int>(result.extra_site_ids.size());
  for (const auto& [structure, ids] : missed_on) {
    const std::string muscle = lowercase_first(structure_display_name(structure));
    std::string message = "Missed: " + std::to_string(ids.size()) + " of " +
                          std::to_string(reference_on[structure]) + " " + muscle + " site" +
                          (reference_on[structure] == 1 ? "" : "s") + " (" + join_ids(ids) + ")";
    if (extra_ids_on.count(structure) > 0)
      message += "; the unpaired " + muscle + " site" +
                 (extra_ids_on[structure].size() == 1 ? " is" : "s are") + " more than " +
                 mm1(options.matching.cutoff_mm) + " away";
    problems.push_back({ProblemKind::Missed, "", ids.size() == 1 ? ids[0] : "", structure,
                        kMissedSiteWeight * share * static_cast<double>(ids.size()),
                        message + "."});
  }
  for (const auto& [structure, names] : extra_names_on) {
    const std::string muscle = lowercase_first(structure_display_name(structure));
    const std::vector<std::string>& ids = extra_ids_on[structure];
    const std::string head = names.size() == 1
                                 ? "Extra site on the " + muscle
                                 : std::to_string(names.size()) + " extra sites on the " + muscle;
    problems.push_back(
        {ProblemKind::Extra, ids.size() == 1 ? ids[0] : "", "", structure,
         kExtraSiteWeight * share * static_cast<double>(names.size()),
         head + " (" + join_ids(names) + "): " + std::to_string(placed_on[structure]) +
             " placed, the reference has " + std::to_string(reference_on[structure]) + "."});
  }

  // Spread-simulator flags. A flag the reference raises at the paired reference site (or a
  // plan-level flag the reference also raises) comes with the protocol, not from the trainee.
  // A danger flag counts only as an error (a substantial share of the toxin in the danger
  // structure); a touch (warning) is listed by the simulator but costs nothing. A spread flag
  // counts as a warning or an error; information-level flags (only the edge of a region touches
  // a neighbour) cost nothing.
  const auto counts_against = [](const Finding& f) {
    if (f.code == kDangerFlagCode) return f.severity == Severity::Error;
    return f.code == kSpreadFlagCode && f.severity != Severity::Info;
  };
  std::map<FlagKey, int> inherited_budget;
  for (const Finding& f : flags.reference) {
    if (counts_against(f)) ++inherited_budget[{f.code, f.site_id}];
  }
  std::map<std::string, int> attempt_index_of;
  for (std::size_t i = 0; i < attempt.sites.size(); ++i)
    attempt_index_of[attempt.sites[i].id] = static_cast<int>(i);
  for (const Finding& f : flags.attempt) {
    if (!counts_against(f)) continue;
    const bool danger = f.code == kDangerFlagCode;
    std::string structure;
    std::string reference_site;
    bool pairable = f.site_id.empty();
    if (auto it = attempt_index_of.find(f.site_id); it != attempt_index_of.end()) {
      structure = attempt.sites[static_cast<std::size_t>(it->second)].target_structure_id;
      if (auto p = reference_of_attempt.find(it->second); p != reference_of_attempt.end()) {
        const bool wrong_side = std::any_of(
            result.matches.begin(), result.matches.end(),
            [&](const MatchedSite& m) { return m.attempt_site_id == f.site_id && m.wrong_side; });
        reference_site = reference.sites[static_cast<std::size_t>(p->second)].id;
        pairable = !wrong_side;
      }
    }
    if (pairable) {
      int& budget = inherited_budget[{f.code, reference_site}];
      if (budget > 0) {
        --budget;
        continue;
      }
    }
    ++(danger ? counts.danger_hits : counts.spread_flags);
    problems.push_back(
        {danger ? ProblemKind::DangerHit : ProblemKind::SpreadFlag, f.site_id, reference_site,
         structure, danger ? kDangerHitPoints : kSpreadFlagPoints,
         (danger ? "Danger structure reached: " : "Spread beyond the target: ") + f.message});
  }

  // Per-muscle summary.
  std::map<std::string, MuscleSummary> muscles;
  for (const plan::Site& s : reference.sites) {
    MuscleSummary& m = muscles[s.target_structure_id];
    ++m.reference_sites;
    if (std::isfinite(s.dose_units)) m.reference_units += s.dose_units;
  }
  for (const plan::Site& s : attempt.sites) {
    MuscleSummary& m = muscles[s.target_structure_id];
    ++m.placed_sites;
    if (std::isfinite(s.dose_units)) m.placed_units += s.dose_units;
  }
  for (auto& [id, m] : muscles) {
    m.structure_id = id;
    result.placed_units += m.placed_units;
    result.reference_units += m.reference_units;
    result.muscles.push_back(m);
  }

  double lost = 0.0;
  for (const ScoreProblem& p : problems)
    lost += p.points_lost;
  result.score = std::clamp(100.0 - lost, 0.0, 100.0);
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const ScoreProblem& x, const ScoreProblem& y) { return x.points_lost > y.points_lost; });
  return result;
}

std::string unscorable_reference_reason(const plan::Plan& reference, const std::string& name) {
  if (!reference.sites.empty()) return "";
  return name + " has no sites to score against; score against a reference plan with sites";
}

}  // namespace toxplan::practice
