#include "plan/dilution.h"

#include <cmath>

namespace toxplan::plan {

int vials_needed(double total_units, double vial_units) {
  if (!(total_units > 0.0) || !(vial_units > 0.0)) return 0;
  // A relative tolerance keeps 200 U from 2 x 100 U vials at 2, not 3, despite rounding.
  const double ratio = total_units / vial_units;
  return static_cast<int>(std::ceil(ratio - 1e-9 * ratio));
}

}  // namespace toxplan::plan
