#include "anatomy/label_volume_builder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "base/parallel_for.h"

namespace toxplan::anatomy {

namespace {

// Columns per side of the rectangles the grid is filled by: a simulator brick (16 x 16 columns)
// is one rectangle, and a large grid has enough rectangles to share out over threads.
constexpr int kTileColumns = 32;

// static_cast<int>(std::ceil(x)), without the library call std::ceil is on the baseline x86-64
// target (it has no rounding instruction): this runs twice per filled interval. Saturates where
// the cast would be undefined.
inline int ceil_to_int(double x) {
  if (!(x > -2147483648.0)) return std::isnan(x) ? 0 : std::numeric_limits<int>::min();
  if (!(x < 2147483647.0)) return std::numeric_limits<int>::max();
  const int t = static_cast<int>(x);  // toward zero
  return static_cast<double>(t) < x ? t + 1 : t;
}

// Buffers of one rectangle's fill, reused from rectangle to rectangle.
struct ColumnScratch {
  std::vector<AxisRaster::LatticeCrossing> crossings;
  std::vector<int> column_start;  // hits of column c: [column_start[c], column_start[c + 1])
  std::vector<int> cursor;
  std::vector<double> hits;
};

}  // namespace

GridKey snap_grid(const Box& box, double spacing_mm, double max_voxels) {
  GridKey key;
  if (!(spacing_mm > 0.0) || !std::isfinite(spacing_mm) || !is_finite(box.min_mm) ||
      !is_finite(box.max_mm)) {
    return key;
  }
  const double lo[3] = {box.min_mm.x, box.min_mm.y, box.min_mm.z};
  const double hi[3] = {box.max_mm.x, box.max_mm.y, box.max_mm.z};
  double voxels = 1.0;
  std::array<int, 3> dims{};
  std::array<long long, 3> first{};
  for (int a = 0; a < 3; ++a) {
    // A tiny tolerance keeps a box edge that is a multiple of the spacing from growing a voxel
    // through rounding (60.000000001 / 0.5).
    const double f = std::floor(lo[a] / spacing_mm + 1e-9);
    const double l = std::ceil(hi[a] / spacing_mm - 1e-9);
    if (!(l >= f) || std::abs(f) > 1e15 || std::abs(l) > 1e15) {
      return key;
    }
    voxels *= l - f + 1.0;
    if (voxels > max_voxels) {
      return key;
    }
    first[a] = static_cast<long long>(f);
    dims[a] = static_cast<int>(l - f) + 1;
  }
  key.first = first;
  key.dims = dims;
  key.spacing_mm = spacing_mm;
  return key;
}

std::shared_ptr<LabelVolume> build_label_volume(
    const std::vector<Structure>& structures,
    const std::vector<std::shared_ptr<StructureIndex>>& indexes, const GridKey& grid,
    int thread_count, std::shared_ptr<const LabelFibres> fibres) {
  auto volume = std::make_shared<LabelVolume>();
  volume->fibres = fibres ? std::move(fibres) : std::make_shared<const LabelFibres>(structures);
  volume->dims = grid.dims;
  volume->spacing_mm = grid.spacing_mm;
  const double s = grid.spacing_mm;
  volume->origin_mm = {grid.first[0] * s, grid.first[1] * s, grid.first[2] * s};
  const std::size_t count = static_cast<std::size_t>(grid.dims[0]) * grid.dims[1] *
                            static_cast<std::size_t>(grid.dims[2]);
  volume->labels.assign(count, 0);
  if (count == 0) {
    return volume;
  }
  const Vec3 o = volume->origin_mm;
  const Vec3 far{o.x + (grid.dims[0] - 1) * s, o.y + (grid.dims[1] - 1) * s,
                 o.z + (grid.dims[2] - 1) * s};

  // Candidates in ascending (priority, manifest order): later writes win, which is exactly
  // "highest priority, ties to the later structure".
  std::vector<int> order;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    const Box& b = indexes[i]->bounds();
    if (b.max_mm.x >= o.x && b.min_mm.x <= far.x && b.max_mm.y >= o.y && b.min_mm.y <= far.y &&
        b.max_mm.z >= o.z && b.min_mm.z <= far.z) {
      order.push_back(static_cast<int>(i));
    }
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return structures[a].priority < structures[b].priority; });

  const int nx = grid.dims[0], ny = grid.dims[1], nz = grid.dims[2];
  // Lattice line positions, computed once so that every path (parity, fallback) sees the same
  // bits.
  std::vector<double> xs(static_cast<std::size_t>(nx)), ys(static_cast<std::size_t>(ny));
  for (int i = 0; i < nx; ++i) {
    xs[static_cast<std::size_t>(i)] = o.x + i * s;
  }
  for (int j = 0; j < ny; ++j) {
    ys[static_cast<std::size_t>(j)] = o.y + j * s;
  }
  const std::size_t step = static_cast<std::size_t>(nx) * ny;

  // Fills the columns [i0, i1) x [j0, j1), all within the bounds of structure si in x and y.
  auto fill_structure = [&](int si, int i0, int i1, int j0, int j1, ColumnScratch* scratch) {
    const StructureIndex& index = *indexes[si];
    const Box& b = index.bounds();
    const auto label = static_cast<std::uint16_t>(si + 1);
    const int row_length = i1 - i0;
    const auto us = std::span<const double>(xs).subspan(static_cast<std::size_t>(i0),
                                                        static_cast<std::size_t>(row_length));
    const auto vs = std::span<const double>(ys).subspan(static_cast<std::size_t>(j0),
                                                        static_cast<std::size_t>(j1 - j0));
    index.raster(2).lattice_crossings(us, vs, &scratch->crossings);
    if (scratch->crossings.empty()) {
      return;  // no column crosses the surface: nothing inside, and parity is even
    }
    // Bucket the crossings by column (counting sort), then order each column ascending, as
    // AxisRaster::crossings does.
    const std::size_t columns = us.size() * vs.size();
    std::vector<int>& start = scratch->column_start;
    start.assign(columns + 1, 0);
    for (const AxisRaster::LatticeCrossing& c : scratch->crossings) {
      ++start[static_cast<std::size_t>(c.column) + 1];
    }
    for (std::size_t c = 1; c <= columns; ++c) {
      start[c] += start[c - 1];
    }
    std::vector<int>& cursor = scratch->cursor;
    cursor.assign(start.begin(), start.end() - 1);
    scratch->hits.resize(scratch->crossings.size());
    for (const AxisRaster::LatticeCrossing& c : scratch->crossings) {
      scratch->hits[static_cast<std::size_t>(cursor[static_cast<std::size_t>(c.column)]++)] = c.w;
    }
    for (std::size_t c = 0; c < columns; ++c) {
      double* const hits = scratch->hits.data() + start[c];
      const int n = start[c + 1] - start[c];
      if (n == 0) {
        continue;
      }
      std::sort(hits, hits + n);
      const int i = i0 + static_cast<int>(c % us.size());
      const int j = j0 + static_cast<int>(c / us.size());
      std::uint16_t* column = volume->labels.data() + volume->index(i, j, 0);
      if (n % 2 != 0) {
        // Parity is broken along this column (an open surface): decide voxel by voxel, the
        // way label_at does.
        const double x = xs[static_cast<std::size_t>(i)];
        const double y = ys[static_cast<std::size_t>(j)];
        const int k0 = std::max(0, static_cast<int>(std::floor((b.min_mm.z - o.z) / s)));
        const int k1 = std::min(nz - 1, static_cast<int>(std::ceil((b.max_mm.z - o.z) / s)));
        for (int k = k0; k <= k1; ++k) {
          if (index.contains({x, y, o.z + k * s})) {
            column[k * step] = label;
          }
        }
        continue;
      }
      // Inside between crossings 2m and 2m+1, on [c_2m, c_2m+1) as parity counts it.
      for (int h = 0; h + 1 < n; h += 2) {
        const int k0 = std::max(0, ceil_to_int((hits[h] - o.z) / s));
        const int k1 = std::min(nz - 1, ceil_to_int((hits[h + 1] - o.z) / s) - 1);
        for (int k = k0; k <= k1; ++k) {
          column[k * step] = label;
        }
      }
    }
  };

  // The grid is filled tile by tile (a tile is a rectangle of columns), each tile structure by
  // structure in ascending priority: per voxel the last writer is the same as column by column.
  const int tiles_x = (nx + kTileColumns - 1) / kTileColumns;
  const int tiles_y = (ny + kTileColumns - 1) / kTileColumns;
  const int tile_count = tiles_x * tiles_y;
  // Small grids (the simulator's 8 mm bricks) are built on the calling thread: sharing them out
  // would cost more than the work, and the caller builds several bricks in parallel. Larger ones
  // go to the shared pool (base/parallel_for.h), which carries an exception (out of memory in a
  // scratch buffer) out to the caller instead of ending the process.
  constexpr std::size_t kVoxelsPerThread = 65536;
  const bool serial = count < 2 * kVoxelsPerThread || thread_count <= 1;
  auto fill_tiles = [&](std::int64_t t_begin, std::int64_t t_end) {
    // Kept per thread: the simulator builds many small bricks on each of its threads.
    thread_local ColumnScratch scratch;
    for (auto t = static_cast<int>(t_begin); t < static_cast<int>(t_end); ++t) {
      const int ti0 = (t % tiles_x) * kTileColumns, ti1 = std::min(nx, ti0 + kTileColumns);
      const int tj0 = (t / tiles_x) * kTileColumns, tj1 = std::min(ny, tj0 + kTileColumns);
      for (int si : order) {
        const Box& b = indexes[si]->bounds();
        // The tile's columns within the structure's bounds, by the same comparisons as a
        // single column would make (xs, ys ascending: a sub-rectangle).
        int i0 = ti0, i1 = ti1, j0 = tj0, j1 = tj1;
        while (i0 < i1 && xs[static_cast<std::size_t>(i0)] < b.min_mm.x) {
          ++i0;
        }
        while (i1 > i0 && xs[static_cast<std::size_t>(i1 - 1)] > b.max_mm.x) {
          --i1;
        }
        while (j0 < j1 && ys[static_cast<std::size_t>(j0)] < b.min_mm.y) {
          ++j0;
        }
        while (j1 > j0 && ys[static_cast<std::size_t>(j1 - 1)] > b.max_mm.y) {
          --j1;
        }
        if (i0 < i1 && j0 < j1) {
          fill_structure(si, i0, i1, j0, j1, &scratch);
        }
      }
    }
  };
  if (serial) {
    fill_tiles(0, tile_count);
  } else {
    parallel_for(0, tile_count, 1, fill_tiles);
  }

  return volume;
}

}  // namespace toxplan::anatomy
