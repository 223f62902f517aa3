// Scanline voxelisation of the atlas into a LabelVolume: one ray along z per (x, y) column and
// per structure whose bounds it meets, intervals filled by crossing parity. The crossings of a
// whole rectangle of columns are found at once (AxisRaster::lattice_crossings), and rectangles
// are shared out over the shared thread pool. Exact to the voxel centre, and consistent with
// StructureIndex::contains.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "anatomy/label_fibres.h"
#include "anatomy/label_volume.h"
#include "anatomy/structure.h"
#include "anatomy/structure_index.h"

namespace toxplan::anatomy {

// A grid aligned to multiples of the spacing: voxel (i, j, k) has its centre at
// (first + (i, j, k)) * spacing_mm.
struct GridKey {
  std::array<long long, 3> first{0, 0, 0};
  std::array<int, 3> dims{0, 0, 0};
  double spacing_mm = 0.0;
  bool operator==(const GridKey& o) const = default;
};

// The grid covering `box`, snapped outward to the spacing. dims are 0 for an invalid request
// (non-finite box, spacing <= 0, or more than max_voxels voxels).
GridKey snap_grid(const Box& box, double spacing_mm, double max_voxels);

// thread_count <= 1 builds on the calling thread; otherwise a large grid is shared out over the
// shared pool (base/parallel_for.h). The result is the same either way. The volume reads its
// voxels' fibre directions from `fibres` (label_fibres.h); null: a table made from
// `structures` for this volume alone (an atlas passes the one it keeps for all its volumes).
std::shared_ptr<LabelVolume> build_label_volume(
    const std::vector<Structure>& structures,
    const std::vector<std::shared_ptr<StructureIndex>>& indexes, const GridKey& grid,
    int thread_count, std::shared_ptr<const LabelFibres> fibres = nullptr);

}  // namespace toxplan::anatomy
