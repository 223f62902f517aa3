#include "sim/site_region.h"

#include <algorithm>
#include <cmath>

namespace toxplan::sim {

namespace {

// Semi-axis (cells, to the surface) on the side of `offset` along axis a.
double semi_axis(const SiteRegion& region, std::size_t a, int offset) {
  return (offset < 0 ? region.tip[a] : region.above[a]) + 0.5;
}

}  // namespace

std::size_t SiteRegion::cell_count() const {
  std::size_t n = 0;
  for (const RowSpan& r : rows)
    n += static_cast<std::size_t>(std::max(0, r.end - r.begin));
  return n;
}

double SiteRegion::outgoing_face_weight(int i, int j, int k) const {
  // Normal = gradient of sum_a (d_a / s_a)²: d_a / s_a² per axis.
  const int idx[3] = {i, j, k};
  double n[3], length_sq = 0.0;
  for (std::size_t a = 0; a < 3; ++a) {
    const int d = idx[a] - tip[a];
    const double s = semi_axis(*this, a, d);
    n[a] = d / (s * s);
    length_sq += n[a] * n[a];
  }
  if (length_sq <= 0.0) return 1.0;
  return std::sqrt(length_sq) / (std::abs(n[0]) + std::abs(n[1]) + std::abs(n[2]));
}

SiteRegion ellipsoid_region(const std::array<int, 3>& below, const std::array<int, 3>& above) {
  SiteRegion region;
  region.tip = below;
  region.above = above;
  for (std::size_t a = 0; a < 3; ++a)
    region.dims[a] = below[a] + 1 + above[a];
  region.rows.resize(static_cast<std::size_t>(region.dims[1]) *
                     static_cast<std::size_t>(region.dims[2]));
  for (int k = 0; k < region.dims[2]; ++k) {
    const int dk = k - below[2];
    const double uk = dk / semi_axis(region, 2, dk);
    for (int j = 0; j < region.dims[1]; ++j) {
      const int dj = j - below[1];
      const double uj = dj / semi_axis(region, 1, dj);
      const double rest = 1.0 - uj * uj - uk * uk;
      if (rest < 0.0) continue;
      // Cells at offsets d along the row with |d| <= sqrt(rest) (s + 1/2).
      const double s = std::sqrt(rest);
      const int lo = std::min(below[0], static_cast<int>(std::floor(s * (below[0] + 0.5))));
      const int hi = std::min(above[0], static_cast<int>(std::floor(s * (above[0] + 0.5))));
      RowSpan& span =
          region.rows[static_cast<std::size_t>(j) + static_cast<std::size_t>(region.dims[1]) * k];
      span.begin = below[0] - lo;
      span.end = below[0] + hi + 1;
    }
  }
  return region;
}

}  // namespace toxplan::sim
