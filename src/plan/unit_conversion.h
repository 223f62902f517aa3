// The only bridge between products' units. Labels say units are NOT interchangeable
// (reference/clinical.md §3.2); these clinical ratios are approximate and every result carries
// that label, which callers must show next to the number.
#pragma once

#include <optional>
#include <string>

#include "plan/product.h"

namespace toxplan::plan {

struct ApproximateConversion {
  double value_units;  // in the target product's units
  double ratio_low;    // target units per source unit, lower end of the published range
  double ratio_high;   // upper end
  std::string label;   // always starts with "approximate"
  std::string source;
};

// Converts `units` of `from` into approximate units of `to` through onabotulinumtoxinA ratios.
// The value uses the lower ratio of each range (the conservative starting-dose reading); the
// range is reported alongside. Same product: exact, but still returned through this type.
ApproximateConversion convert_approximately(double units, Product from, Product to);

}  // namespace toxplan::plan
