#include "sim/bolus.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace toxplan::sim {

double Bolus::shape_radius_squared(const Vec3& p_mm) const {
  const Vec3 d = p_mm - centre_mm;
  const double along = dot(d, axis);
  const double across_sq = std::max(0.0, dot(d, d) - along * along);
  return along * along / (semi_along_mm * semi_along_mm) +
         across_sq / (semi_across_mm * semi_across_mm);
}

Bolus make_bolus(const Vec3& tip_mm, const Vec3& fibre_unit_or_zero, double volume_ml,
                 const SpreadParameters& params) {
  Bolus b;
  b.centre_mm = tip_mm;
  const bool has_fibre = norm(fibre_unit_or_zero) > 0.5;
  b.axis = has_fibre ? normalized(fibre_unit_or_zero) : Vec3{1, 0, 0};
  const double aspect = has_fibre ? params.bolus_aspect_ratio : 1.0;
  b.volume_mm3 = std::max(0.0, volume_ml) * 1000.0 / params.bolus_volume_fraction;
  b.semi_across_mm = std::cbrt(3.0 * b.volume_mm3 / (4.0 * std::numbers::pi * aspect));
  b.semi_along_mm = aspect * b.semi_across_mm;
  return b;
}

double effective_dose_ona_units(double dose_units, plan::Product product,
                                const SpreadParameters& params) {
  return params.ona_units_per_product_unit(product) * dose_units *
         (1.0 - params.systemic_loss_fraction);
}

std::vector<float> rasterize_bolus(const Bolus& bolus, const GridFrame& frame) {
  std::vector<float> fraction(frame.size(), 0.0f);
  if (bolus.volume_mm3 <= 0.0) return fraction;
  const double h = frame.spacing_mm;
  // A voxel is wholly inside/outside when its centre's distance to the surface exceeds its
  // half-diagonal; in shape-radius units that band is at most h√3/2 / a⊥ wide.
  const double band = 0.5 * std::sqrt(3.0) * h / bolus.semi_across_mm;
  const Vec3 c = frame.to_index(bolus.centre_mm);
  const double reach_vox = (bolus.semi_along_mm + h) / h;
  int lo[3], hi[3];
  const double cc[3] = {c.x, c.y, c.z};
  for (int a = 0; a < 3; ++a) {
    lo[a] = std::max(0, static_cast<int>(std::floor(cc[a] - reach_vox)));
    hi[a] = std::min(frame.dims[a] - 1, static_cast<int>(std::ceil(cc[a] + reach_vox)));
  }
  constexpr int kSub = 4;
  for (int k = lo[2]; k <= hi[2]; ++k) {
    for (int j = lo[1]; j <= hi[1]; ++j) {
      for (int i = lo[0]; i <= hi[0]; ++i) {
        const Vec3 p = frame.centre_mm(i, j, k);
        const double rho = std::sqrt(bolus.shape_radius_squared(p));
        float f = 0.0f;
        if (rho < 1.0 - band) {
          f = 1.0f;
        } else if (rho < 1.0 + band) {
          int inside = 0;
          for (int sz = 0; sz < kSub; ++sz) {
            for (int sy = 0; sy < kSub; ++sy) {
              for (int sx = 0; sx < kSub; ++sx) {
                const double ox = (sx + 0.5) / kSub - 0.5;
                const double oy = (sy + 0.5) / kSub - 0.5;
                const double oz = (sz + 0.5) / kSub - 0.5;
                if (bolus.shape_radius_squared(frame.centre_mm(i + ox, j + oy, k + oz)) < 1.0) {
                  ++inside;
                }
              }
            }
          }
          f = static_cast<float>(inside) / (kSub * kSub * kSub);
        }
        fraction[frame.index(i, j, k)] = f;
      }
    }
  }
  return fraction;
}

}  // namespace toxplan::sim
