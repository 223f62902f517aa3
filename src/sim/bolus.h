// Step 1 of the model (reference/spread-model.md §5.2): the injected volume V forms a prolate
// spheroid of volume V_b = V / phi_b along the local fibre direction, aspect ratio A, centred at
// the needle tip, holding the effective dose Q_eff = p Q (1 - f_sys) at uniform density.
#pragma once

#include <vector>

#include "base/vec3.h"
#include "plan/product.h"
#include "sim/field_grid.h"
#include "sim/spread_parameters.h"

namespace toxplan::sim {

struct Bolus {
  Vec3 centre_mm;
  Vec3 axis;                    // unit long axis (fibre direction); any unit vector for a sphere
  double semi_along_mm = 0.0;   // a∥ = A a⊥
  double semi_across_mm = 0.0;  // a⊥ = (3 V_b / (4 pi A))^(1/3)
  double volume_mm3 = 0.0;      // V_b

  double length_mm() const { return 2.0 * semi_along_mm; }
  double thickness_mm() const { return 2.0 * semi_across_mm; }
  // (x∥/a∥)² + (x⊥/a⊥)² at a point: < 1 inside.
  double shape_radius_squared(const Vec3& p_mm) const;
};

// Without a fibre direction (the tip is not in a muscle) the bolus is a sphere (A = 1): nothing
// guides the fluid along one direction.
Bolus make_bolus(const Vec3& tip_mm, const Vec3& fibre_unit_or_zero, double volume_ml,
                 const SpreadParameters& params);

// Effective dose in ona-U: p Q (1 - f_sys).
double effective_dose_ona_units(double dose_units, plan::Product product,
                                const SpreadParameters& params);

// Volume fraction of each voxel of `frame` inside the bolus (0..1), by 4³ sub-samples in voxels
// the surface passes through. Exact for voxels wholly inside or outside.
std::vector<float> rasterize_bolus(const Bolus& bolus, const GridFrame& frame);

}  // namespace toxplan::sim
