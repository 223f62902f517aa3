// The body surface and the depth below it. The skin surface is an implicit shape (smooth union
// of head, face, neck and shoulder primitives); every layered structure (skin, fat, facial
// muscles, skull vault) is a band of depth below it, so layers never cross each other.
#pragma once

#include <vector>

#include "sdf.h"

namespace atlas_gen {

struct Grid {
  V3 origin;
  double spacing_mm = 1.0;
  int nx = 0, ny = 0, nz = 0;
  size_t index(int i, int j, int k) const {
    return (static_cast<size_t>(k) * static_cast<size_t>(ny) + static_cast<size_t>(j)) *
               static_cast<size_t>(nx) +
           static_cast<size_t>(i);
  }
  V3 point(int i, int j, int k) const {
    return origin + V3{i * spacing_mm, j * spacing_mm, k * spacing_mm};
  }
};

class Body {
 public:
  // Builds the depth field on a grid over the whole body (the expensive step, ~10 s).
  explicit Body(double depth_grid_spacing_mm);

  // Bounds of the body (skin surface inside), mm.
  static V3 bounds_min();
  static V3 bounds_max();

  // Implicit skin function: < 0 inside the body. Not a true distance away from the surface.
  static double skin_implicit(V3 p);
  // Depth below the skin surface, mm (negative outside): the implicit function normalised by
  // its gradient, sampled on a grid and interpolated, so ~exact within 30 mm of the surface.
  double depth(V3 p) const;
  // Unit outward normal of the depth field (toward the skin) at p.
  V3 outward(V3 p) const;
  // First skin point along a ray (p + t dir, t in [0, max]); false if none.
  bool cast_to_skin(V3 origin, V3 dir, double max_mm, V3* hit) const;

  // Regional layer thicknesses at (the skin above) p, mm.
  static double skin_thickness(V3 p);
  static double fat_thickness(V3 p);
  // Skin + fat + muscle layer: where the outer surface of the skull lies, for the vault and the
  // facial skeleton.
  static double bone_depth(V3 p);
  // Vault thickness (K1), used for the brain cavity.
  static double vault_thickness(V3 p);
  // Temporal fossa outline: signed distance (mm, side view) to the temporalis outline.
  static double temporal_outline(V3 p);

  const Grid& grid() const { return grid_; }

 private:
  Grid grid_;
  std::vector<float> depth_;
};

}  // namespace atlas_gen
