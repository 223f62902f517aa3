// Closed forms of reference/spread-model.md §5.2 used to size each site's grid (and by the
// tests): Lambert-W reach of a point source in an unbounded homogeneous anisotropic medium, and
// the reach of a spheroidal bolus from the same kernel integrated along the bolus axis.
#pragma once

#include "sim/bolus.h"

namespace toxplan::sim {

// Principal branch W0(x) for x >= 0 (Halley iteration, relative error < 1e-12).
double lambert_w0(double x);

struct ReachEstimate {
  double along_mm = 0.0;
  double across_mm = 0.0;
};

// Point source Q_eff (ona-U) in the anisotropic Yukawa kernel: reach = λ W(Q/(4π λ∥ λ⊥² B_th)).
ReachEstimate point_source_reach(double q_eff_ona_units, double lambda_along_mm,
                                 double lambda_across_mm, double threshold_u_per_cm3);

// Spheroidal bolus, homogeneous tissue, no fascia: the bolus is treated as a line source along
// its axis (weight ∝ cross-section), which over-estimates the reach slightly near a thick bolus.
ReachEstimate bolus_reach(double q_eff_ona_units, const Bolus& bolus, double lambda_along_mm,
                          double lambda_across_mm, double threshold_u_per_cm3);

}  // namespace toxplan::sim
