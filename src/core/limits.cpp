#include "core/limits.h"

#include <cmath>
#include <sstream>

#include "core/format.h"

namespace toxplan::core {

const char* limit_scope_name(LimitScope scope) {
  switch (scope) {
    case LimitScope::PerSite:
      return "per site";
    case LimitScope::PerMuscleGroup:
      return "per muscle";
    case LimitScope::PerMuscleUnilateral:
      return "per muscle, one side";
    case LimitScope::PerSession:
      return "per treatment session";
    case LimitScope::PerThreeMonths:
      return "per 3 months";
  }
  return "";
}

const std::vector<DoseLimit>& dose_limits() {
  using P = Product;
  using S = LimitScope;
  static const std::vector<DoseLimit> limits = {
      {P::OnabotulinumtoxinA, S::PerSite, "", 50.0, Severity::Error, "LIMIT_PER_SITE",
       "the label allows no more than 50 U per site",
       "clinical.md §2.1/§3.1: \"no more than 50 Units per site\" (BOTOX label text)"},
      {P::OnabotulinumtoxinA, S::PerMuscleGroup, "sternocleidomastoid", 100.0, Severity::Warning,
       "LIMIT_PER_MUSCLE", "sternocleidomastoid doses above 100 U are associated with dysphagia",
       "clinical.md §2.1: limiting SCM dose to <=100 U may decrease dysphagia (Borodic 1990)"},
      {P::OnabotulinumtoxinA, S::PerSession, "", 300.0, Severity::Warning, "LIMIT_SESSION",
       "cervical dystonia sessions should not exceed 300 U at one sitting",
       "clinical.md §2.1/§3.1: \"A total dose of 300 Units at any one sitting should not be "
       "exceeded\" (cervical dystonia)"},
      {P::OnabotulinumtoxinA, S::PerSession, "", 245.0, Severity::Info, "SYSTEMIC_INFO",
       "sessions above 245 U can give subclinical distant neuromuscular effects",
       "spread-model.md §5.6 T16 (Lange 1987)"},
      {P::OnabotulinumtoxinA, S::PerThreeMonths, "", 400.0, Severity::Error, "LIMIT_THREE_MONTHS",
       "the cumulative adult maximum is 400 U in a 3-month interval",
       "clinical.md §3.1: \"maximum cumulative dose should not exceed 400 units in a 3 month "
       "interval\""},
      {P::AbobotulinumtoxinA, S::PerMuscleUnilateral, "sternocleidomastoid", 150.0,
       Severity::Warning, "LIMIT_PER_MUSCLE",
       "unilateral sternocleidomastoid injections above 150 U are associated with dysphagia",
       "clinical.md §2.1: J Neural Transm 2013;120:299"},
      {P::IncobotulinumtoxinA, S::PerSession, "", 400.0, Severity::Error, "LIMIT_SESSION",
       "the label's maximum cumulative dose is 400 U in a treatment session",
       "docs/sources.md: XEOMIN label, \"should not exceed 400 Units in a treatment session\""},
  };
  return limits;
}

std::vector<DoseLimit> dose_limits_for(Product product) {
  std::vector<DoseLimit> out;
  for (const DoseLimit& l : dose_limits()) {
    if (l.product == product)
      out.push_back(l);
  }
  return out;
}

AbsurdBounds absurd_bounds(Product product) {
  switch (product) {
    case Product::OnabotulinumtoxinA:
      return {400.0, "clinical.md §3.1: 400 U is the 3-month cumulative maximum"};
    case Product::IncobotulinumtoxinA:
      return {400.0, "docs/sources.md: 400 U per treatment session (XEOMIN label)"};
    case Product::AbobotulinumtoxinA:
      return {1000.0,
              "clinical.md §2.1: whole-session doses of 250-1000 U in CD extension studies"};
    case Product::RimabotulinumtoxinB:
      return {10000.0, "docs/sources.md: the largest vial holds 10,000 U"};
  }
  return {400.0, ""};
}

namespace {

Finding exceeded(const DoseLimit& l, const std::string& what, double units,
                 const std::string& site_id, const std::string& field) {
  std::ostringstream msg;
  msg << what << ": " << format_units(units) << " exceeds " << format_units(l.max_units) << " "
      << limit_scope_name(l.scope) << " (" << l.reason << "; source: " << l.source << ")";
  return {l.code, l.severity, site_id, field, 0, msg.str()};
}

}  // namespace

Findings check_limits(const Plan& plan, const DoseTotals& totals) {
  Findings out;
  const std::string product(product_id(plan.product));
  for (const DoseLimit& l : dose_limits_for(plan.product)) {
    switch (l.scope) {
      case LimitScope::PerSite:
        for (std::size_t i = 0; i < plan.sites.size(); ++i) {
          const Site& s = plan.sites[i];
          if (s.dose_units > l.max_units) {
            out.push_back(exceeded(l, "site " + s.id, s.dose_units, s.id,
                                   "/sites/" + std::to_string(i) + "/dose_units"));
          }
        }
        break;
      case LimitScope::PerMuscleGroup: {
        auto it = totals.units_by_group.find(l.group);
        if (it != totals.units_by_group.end() && it->second > l.max_units) {
          out.push_back(exceeded(l, l.group + " total", it->second, "", "/sites"));
        }
        break;
      }
      case LimitScope::PerMuscleUnilateral:
        for (const auto& [structure, units] : totals.units_by_structure) {
          if (default_group_of(structure) == l.group && units > l.max_units) {
            out.push_back(exceeded(l, structure + " total", units, "", "/sites"));
          }
        }
        break;
      case LimitScope::PerSession:
        if (totals.plan_units > l.max_units) {
          out.push_back(exceeded(l, "plan total", totals.plan_units, "", "/sites"));
        }
        break;
      case LimitScope::PerThreeMonths: {
        const double window_units = totals.plan_units + plan.prior_units_last_3_months;
        if (window_units > l.max_units) {
          out.push_back(exceeded(l, "this plan plus the prior 3 months", window_units, "",
                                 "/prior_units_last_3_months"));
        }
        break;
      }
    }
  }
  return out;
}

}  // namespace toxplan::core
