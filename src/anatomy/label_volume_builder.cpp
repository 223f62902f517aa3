#include "anatomy/label_volume_builder.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace toxplan::anatomy {

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
    const std::vector<std::unique_ptr<StructureIndex>>& indexes, const GridKey& grid,
    int thread_count) {
  auto volume = std::make_shared<LabelVolume>();
  volume->dims = grid.dims;
  volume->spacing_mm = grid.spacing_mm;
  const double s = grid.spacing_mm;
  volume->origin_mm = {grid.first[0] * s, grid.first[1] * s, grid.first[2] * s};
  const std::size_t count = static_cast<std::size_t>(grid.dims[0]) * grid.dims[1] *
                            static_cast<std::size_t>(grid.dims[2]);
  volume->labels.assign(count, 0);
  volume->fibre_direction.assign(count, {0.0f, 0.0f, 0.0f});
  if (count == 0) {
    return volume;
  }
  const core::Vec3 o = volume->origin_mm;
  const core::Vec3 far{o.x + (grid.dims[0] - 1) * s, o.y + (grid.dims[1] - 1) * s,
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
  auto fill_rows = [&](int first_row, int stride) {
    std::vector<double> hits;
    for (int j = first_row; j < ny; j += stride) {
      const double y = o.y + j * s;
      for (int i = 0; i < nx; ++i) {
        const double x = o.x + i * s;
        std::uint16_t* column = volume->labels.data() + volume->index(i, j, 0);
        const std::size_t step = static_cast<std::size_t>(nx) * ny;
        for (int si : order) {
          const StructureIndex& index = *indexes[si];
          const Box& b = index.bounds();
          if (x < b.min_mm.x || x > b.max_mm.x || y < b.min_mm.y || y > b.max_mm.y) {
            continue;
          }
          const auto label = static_cast<std::uint16_t>(si + 1);
          index.raster(2).crossings(x, y, &hits);
          if (hits.size() % 2 != 0) {
            // Parity is broken along this column (an open surface): decide voxel by voxel, the
            // way label_at does.
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
          for (std::size_t h = 0; h + 1 < hits.size(); h += 2) {
            const int k0 = std::max(0, static_cast<int>(std::ceil((hits[h] - o.z) / s)));
            const int k1 =
                std::min(nz - 1, static_cast<int>(std::ceil((hits[h + 1] - o.z) / s)) - 1);
            for (int k = k0; k <= k1; ++k) {
              column[k * step] = label;
            }
          }
        }
      }
    }
  };
  // Small grids (the simulator's 8 mm bricks) are built on the calling thread: starting threads
  // would cost more than the work, and the caller builds several bricks in parallel.
  constexpr std::size_t kVoxelsPerThread = 65536;
  const int threads =
      count < 2 * kVoxelsPerThread ? 1 : std::clamp(thread_count, 1, std::max(1, ny));
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) {
    workers.emplace_back(fill_rows, t, threads);
  }
  fill_rows(0, threads);
  for (std::thread& w : workers) {
    w.join();
  }

  // Fibre directions only where a muscle with a fibre field won the voxel.
  for (int k = 0; k < nz; ++k) {
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        const std::size_t v = volume->index(i, j, k);
        const int label = volume->labels[v];
        if (label == 0) {
          continue;
        }
        const Structure& st = structures[label - 1];
        if (st.kind != StructureKind::Muscle || st.fibre.type == FibreField::Type::None) {
          continue;
        }
        const core::Vec3 f = st.fibre.at(volume->centre_mm(i, j, k));
        volume->fibre_direction[v] = {static_cast<float>(f.x), static_cast<float>(f.y),
                                      static_cast<float>(f.z)};
      }
    }
  }
  return volume;
}

}  // namespace toxplan::anatomy
