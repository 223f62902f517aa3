// A scalar field on an oriented, isotropic voxel grid: each site's bound-toxin density B in
// ona-U/cm³. The grid's first axis runs along the muscle fibres at the needle tip, so the
// renderer extracts an iso-surface in index space and maps it with index_to_world().
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "base/vec3.h"

namespace toxplan::sim {

// Geometry of an oriented grid: voxel (i, j, k) has its centre at
// origin_mm + (i axes[0] + j axes[1] + k axes[2]) * spacing_mm. Axes are orthonormal and
// right-handed.
struct GridFrame {
  std::array<int, 3> dims{0, 0, 0};
  double spacing_mm = 0.5;
  Vec3 origin_mm;
  std::array<Vec3, 3> axes{Vec3{1, 0, 0}, Vec3{0, 1, 0}, Vec3{0, 0, 1}};

  std::size_t size() const {
    return static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1]) *
           static_cast<std::size_t>(dims[2]);
  }
  std::size_t index(int i, int j, int k) const {
    return static_cast<std::size_t>(i) +
           static_cast<std::size_t>(dims[0]) *
               (static_cast<std::size_t>(j) + static_cast<std::size_t>(dims[1]) * k);
  }
  Vec3 centre_mm(double i, double j, double k) const {
    return origin_mm + (axes[0] * i + axes[1] * j + axes[2] * k) * spacing_mm;
  }
  // Continuous index coordinates of a world point (voxel centres at integers).
  Vec3 to_index(const Vec3& p_mm) const {
    const Vec3 d = p_mm - origin_mm;
    return {dot(d, axes[0]) / spacing_mm, dot(d, axes[1]) / spacing_mm,
            dot(d, axes[2]) / spacing_mm};
  }
  // Row-major 4x4 matrix taking (i, j, k, 1) to world millimetres.
  std::array<double, 16> index_to_world() const;
  double voxel_volume_cm3() const { return spacing_mm * spacing_mm * spacing_mm * 1e-3; }
};

// Trilinear interpolation of `values` (x fastest) on `frame` at a world point; 0 outside the grid
// (the field is negligible there by construction).
double sample_trilinear(const GridFrame& frame, const std::vector<float>& values, const Vec3& p_mm);

struct FieldGrid {
  GridFrame frame;
  std::vector<float> values;  // x fastest; ona-U/cm³

  double sample(const Vec3& p_mm) const { return sample_trilinear(frame, values, p_mm); }
};

}  // namespace toxplan::sim
