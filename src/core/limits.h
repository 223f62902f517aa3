// The dose limits table: label and literature maxima per site, per muscle, per treatment
// session and per 3-month window, each with its source (reference/clinical.md). A limit belongs
// to one product; units of another product are never checked against it.
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "core/plan.h"
#include "core/totals.h"

namespace toxplan::core {

enum class LimitScope { PerSite, PerMuscleGroup, PerMuscleUnilateral, PerSession, PerThreeMonths };

const char* limit_scope_name(LimitScope scope);  // "per site", ...

struct DoseLimit {
  Product product;
  LimitScope scope;
  std::string group;  // muscle group for the per-muscle scopes ("sternocleidomastoid"), else ""
  double max_units;
  Severity severity;   // Error for label maxima, Warning for risk thresholds, Info for notes
  std::string code;    // finding code when exceeded
  std::string reason;  // what exceeding it means, for the message
  std::string source;
};

const std::vector<DoseLimit>& dose_limits();
std::vector<DoseLimit> dose_limits_for(Product product);

// Above this single-site dose a value is taken as a typing error rather than a plan.
struct AbsurdBounds {
  double max_site_dose_units;
  std::string dose_source;
};
AbsurdBounds absurd_bounds(Product product);
// The largest reconstitution volume in the label's dilution table for one vial (10 mL for a
// 100 U onabotulinumtoxinA vial: reference/clinical.md §1.2). More in one site is a typing error.
inline constexpr double kAbsurdSiteVolumeMl = 10.0;

// Findings for every limit the plan's totals exceed.
Findings check_limits(const Plan& plan, const DoseTotals& totals);

}  // namespace toxplan::core
