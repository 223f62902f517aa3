#include "plan/printed_numbers.h"

#include <cmath>
#include <cstdio>

#include "base/format.h"
#include "plan/product.h"
#include "plan/totals.h"

namespace toxplan::plan {

namespace {

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return format_number(value);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s(buf);
  return s == "-0.000" || s == "-0.0" || s == "-0.00" ? s.substr(1) : s;
}

}  // namespace

std::string printed_ml(double ml) {
  return fixed(ml, kPrintedVolumeDecimals);
}

std::string printed_units(double units) {
  const double two = rounded(units, 2);
  return fixed(units, std::abs(two - rounded(units, 1)) < 1e-9 ? 1 : 2);
}

double printed_ml_value(double ml) {
  return rounded(ml, kPrintedVolumeDecimals);
}

double printed_units_value(double units) {
  return rounded(units, 2);
}

PrintedTotals printed_totals(const Plan& plan) {
  PrintedTotals t;
  for (const Site& s : plan.sites) {
    if (!std::isfinite(s.dose_units) || !std::isfinite(s.volume_ml)) continue;
    t.units += printed_units_value(s.dose_units);
    t.volume_ml += printed_ml_value(s.volume_ml);
    ++t.site_count;
  }
  // Sums of rounded numbers carry binary noise (0.1 + 0.2); the sum itself is exact at these
  // decimals.
  t.units = rounded(t.units, 2);
  t.volume_ml = rounded(t.volume_ml, kPrintedVolumeDecimals);
  return t;
}

std::string printed_plan_summary(const Plan& plan) {
  const ProductInfo& product = product_info(plan.product);
  const PrintedTotals t = printed_totals(plan);
  const DoseTotals totals = compute_totals(plan);
  return std::string(product.id) + " (" + std::string(product.brand_name) + "), " +
         format_units(plan.dilution.vial_units) + " vial in " +
         format_ml(plan.dilution.diluent_ml) + " = " +
         format_number(plan.dilution.units_per_0_1_ml(), 3) + " U per 0.1 mL.  " +
         std::to_string(t.site_count) + " sites, " + printed_units(t.units) + " U, " +
         printed_ml(t.volume_ml) + " mL, " + std::to_string(totals.vials) + " vial(s).";
}

}  // namespace toxplan::plan
