// The cells of a site's grid that are solved. The effect region around a tip is close to an
// ellipsoid (a spheroid along the fibres in homogeneous tissue), so the solved cells are those
// inside an ellipsoid per octant around the tip whose semi-axes are the grid's half-extents on
// that side: about π/6 = 52% of the box, with the same margin beyond the estimated reach along
// every principal direction. The box's corners held no toxin above the threshold and cost half
// the work. Cells outside take no part (no faces); the faces of the region's surface get the
// outgoing-decay boundary of diffusion_operator.h.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "sim/row_span.h"

namespace toxplan::sim {

struct SiteRegion {
  std::array<int, 3> dims{0, 0, 0};   // the grid's
  std::array<int, 3> tip{0, 0, 0};    // the tip's cell = the cells below it per axis
  std::array<int, 3> above{0, 0, 0};  // cells above the tip per axis
  std::vector<RowSpan> rows;          // per row j + dims[1] k

  const RowSpan& row(int j, int k) const {
    return rows[static_cast<std::size_t>(j) + static_cast<std::size_t>(dims[1]) * k];
  }
  bool contains(int i, int j, int k) const {
    if (j < 0 || k < 0 || j >= dims[1] || k >= dims[2]) return false;
    const RowSpan& r = row(j, k);
    return i >= r.begin && i < r.end;
  }
  std::size_t cell_count() const;

  // Weight of each outgoing face of the surface cell (i, j, k). A staircase of cell faces that
  // follows a curved surface exposes sum_a |n_a| >= 1 times the area of the surface it stands
  // for (n its unit normal), so each of its faces counts 1 / sum_a |n_a| of its area.
  double outgoing_face_weight(int i, int j, int k) const;
};

// The region of make_site_frame(below, above)'s grid: a cell at offset d (cells) from the tip
// (cell `below`) is inside when sum_a (d_a / (s_a + 1/2))² <= 1, where s_a is below[a] for
// d_a < 0 and above[a] otherwise (the half cell puts the surface where the box's face was on the
// axes).
SiteRegion ellipsoid_region(const std::array<int, 3>& below, const std::array<int, 3>& above);

}  // namespace toxplan::sim
