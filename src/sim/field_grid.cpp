#include "sim/field_grid.h"

#include <algorithm>
#include <cmath>

namespace toxplan::sim {

std::array<double, 16> GridFrame::index_to_world() const {
  const double h = spacing_mm;
  return {axes[0].x * h, axes[1].x * h, axes[2].x * h, origin_mm.x,  //
          axes[0].y * h, axes[1].y * h, axes[2].y * h, origin_mm.y,  //
          axes[0].z * h, axes[1].z * h, axes[2].z * h, origin_mm.z,  //
          0.0,           0.0,           0.0,           1.0};
}

double sample_trilinear(const GridFrame& frame, const std::vector<float>& values,
                        const Vec3& p_mm) {
  const Vec3 u = frame.to_index(p_mm);
  const double c[3] = {u.x, u.y, u.z};
  int i0[3];
  double t[3];
  for (int a = 0; a < 3; ++a) {
    if (!(c[a] >= 0.0) || c[a] > frame.dims[a] - 1) return 0.0;
    i0[a] = std::min(static_cast<int>(c[a]), frame.dims[a] - 2);  // c >= 0: truncation = floor
    if (i0[a] < 0) i0[a] = 0;
    t[a] = c[a] - i0[a];
  }
  double sum = 0.0;
  for (int dz = 0; dz < 2; ++dz) {
    for (int dy = 0; dy < 2; ++dy) {
      for (int dx = 0; dx < 2; ++dx) {
        const int i = std::min(i0[0] + dx, frame.dims[0] - 1);
        const int j = std::min(i0[1] + dy, frame.dims[1] - 1);
        const int k = std::min(i0[2] + dz, frame.dims[2] - 1);
        const double w =
            (dx ? t[0] : 1.0 - t[0]) * (dy ? t[1] : 1.0 - t[1]) * (dz ? t[2] : 1.0 - t[2]);
        sum += w * values[frame.index(i, j, k)];
      }
    }
  }
  return sum;
}

}  // namespace toxplan::sim
