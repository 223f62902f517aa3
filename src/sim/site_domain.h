// Each site is solved on its own grid: centred on the needle tip, its first axis along the fibre
// direction at the tip (so the dominant anisotropy is axis-aligned), sized to the estimated
// reach plus a margin. Labels and fibres come from the tissue's label volume by nearest voxel.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "base/vec3.h"
#include "sim/field_grid.h"
#include "sim/site_region.h"
#include "sim/tissue.h"

namespace toxplan::sim {

struct TipProbe {
  int label = 0;
  Vec3 fibre;  // unit, or zero where the tissue at the tip has no fibres
};

// Label and fibre direction of the voxel nearest to the tip.
TipProbe probe_tip(const Tissue& tissue, const Vec3& tip_mm, double spacing_mm);

// Voxel counts on each side of the tip per axis for half-extents in mm (at least 2).
std::array<int, 3> site_half_voxels(double half_along_mm, double half_across_mm, double spacing_mm);
// The tip is the centre of voxel `below`; the grid has below[a] + 1 + above[a] voxels along
// axis a (axis 0 along the fibre at the tip), so it can extend further on one side.
GridFrame make_site_frame(const Vec3& tip_mm, const Vec3& fibre_unit_or_zero,
                          const std::array<int, 3>& below, const std::array<int, 3>& above,
                          double spacing_mm);

struct SiteDomain {
  GridFrame frame;
  SiteRegion region;                        // the cells that are solved
  std::vector<std::uint16_t> labels;        // per voxel (0 outside the region)
  std::vector<std::array<float, 3>> fibre;  // per voxel, world frame; zero where none
};

// Resamples the tissue's label volume onto the frame's cells inside `region` (only the label
// bricks those cells fall in are fetched).
SiteDomain sample_domain(const Tissue& tissue, const GridFrame& frame, const SiteRegion& region);

}  // namespace toxplan::sim
