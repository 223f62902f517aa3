// Doses and volumes as they are printed for the person who draws up the syringe (injection chart,
// window totals): exact to a thousandth of a millilitre, and totals that are the sum of the rows
// as printed. Two decimals are not enough: 5 U of a 500 U in 2.5 mL dilution is 0.025 mL, which
// two decimals print as 0.03 (6 U, 20% too much). docs/sources.md, Printed numbers.
#pragma once

#include <string>

#include "plan/plan.h"

namespace toxplan::plan {

// Volumes are printed to 0.001 mL: no printed volume is more than 0.0005 mL from the plan's.
inline constexpr int kPrintedVolumeDecimals = 3;

// "0.025", "0.100", "1.250": always three decimals, so the column reads the same everywhere.
std::string printed_ml(double ml);
// "5.0", "2.5", "2.25": to 0.1 U, with a second decimal only when the dose has one.
std::string printed_units(double units);
// The numbers those strings stand for.
double printed_ml_value(double ml);
double printed_units_value(double units);

// Totals of a plan as the sum of its rows as printed, so a header never disagrees with its rows.
struct PrintedTotals {
  double units = 0.0;
  double volume_ml = 0.0;
  int site_count = 0;
};
PrintedTotals printed_totals(const Plan& plan);

// "abobotulinumtoxinA (Dysport), 500 U vial in 2.5 mL = 20 U per 0.1 mL.  31 sites, 155.0 U,
// 0.775 mL, 1 vial(s)."  The chart's first summary line.
std::string printed_plan_summary(const Plan& plan);

}  // namespace toxplan::plan
