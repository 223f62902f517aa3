// The dose limits table: label and literature maxima per site, per muscle, per treatment
// session and per 3-month window, by product AND indication, each with its published source
// (docs/limits.md lists them all). A limit belongs to one product; units of another product are
// never checked against it. A limit that does not apply to the plan's indication is neither
// checked nor shown.
#pragma once

#include <string>
#include <vector>

#include "base/finding.h"
#include "plan/indication.h"
#include "plan/plan.h"
#include "plan/totals.h"

namespace toxplan::plan {

enum class LimitScope {
  PerSite,              // units at one site
  PerSiteVolume,        // mL at one site
  PerMuscleGroup,       // units in the listed muscles, both sides together
  PerMuscleUnilateral,  // units in one of the listed muscles on one side
  PerSession,           // units in the plan
  PerThreeMonths,       // units in the plan plus the prior 3 months
};

const char* limit_scope_name(LimitScope scope);  // "per site", ...

struct DoseLimit {
  Product product;
  std::vector<Indication> indications;  // the indications it applies to; empty: every one
  LimitScope scope;
  // For the per-muscle scopes: the muscle's name for people ("trapezius") and the structure ids
  // without their side suffix that belong to it ("splenius_capitis", "semispinalis_capitis").
  std::string muscle;
  std::vector<std::string> structures;
  double max_value;      // units, or mL for PerSiteVolume
  Severity severity;     // Error for label maxima, Warning for risk thresholds, Info for notes
  std::string code;      // finding code when exceeded
  std::string reason;    // what exceeding it means, for the message
  std::string source;    // the published source (label, paper), as the user reads it
  bool verified = true;  // false: the number is not a verified maximum, and is shown so

  bool applies_to(Indication indication) const;
};

const std::vector<DoseLimit>& dose_limits();
// The limits of one product that apply to one indication, in table order.
std::vector<DoseLimit> dose_limits_for(Product product, Indication indication);

// "195 U" or "1 mL": a limit's value with its unit.
std::string format_limit_value(const DoseLimit& limit, double value);
// "per treatment session, chronic migraine", "per muscle (trapezius)", ...
std::string limit_description(const DoseLimit& limit);

// Where a plan stands against one limit: the largest value it reaches there, and every place
// that exceeds it (a site, a muscle, the plan).
struct LimitExcess {
  std::string what;  // "site temporalis_L_1", "trapezius total", "plan total"
  double value = 0.0;
  std::string site_id;  // when about one site
  std::string field;    // JSON pointer
};
struct LimitStatus {
  DoseLimit limit;
  double value = 0.0;
  std::vector<LimitExcess> excesses;
  bool exceeded() const { return !excesses.empty(); }
};
std::vector<LimitStatus> limit_status(const Plan& plan, const DoseTotals& totals);
// One line for the window: "OVER per muscle (trapezius), chronic migraine: 110 U of 50 U",
// "ok per treatment session, ...: 155 U of 195 U". An information threshold is not a limit:
// "note: above 245 U per treatment session (...)" or "below", never "OVER".
std::string limit_status_line(const LimitStatus& status);

// Above this single-site dose a value is taken as a typing error rather than a plan.
struct AbsurdBounds {
  double max_site_dose_units;
  std::string dose_source;
};
AbsurdBounds absurd_bounds(Product product);
// The largest reconstitution volume in the label's dilution table for one vial (10 mL for a
// 100 U onabotulinumtoxinA vial: docs/sources.md, Products). More in one site is a typing error.
inline constexpr double kAbsurdSiteVolumeMl = 10.0;

// Findings for every limit of the plan's product and indication that the plan exceeds.
Findings check_limits(const Plan& plan, const DoseTotals& totals);

}  // namespace toxplan::plan
