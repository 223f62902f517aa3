#include "sim/spread_metrics.h"

#include <algorithm>
#include <cmath>

#include "base/parallel_for.h"

namespace toxplan::sim {

namespace {

struct Accumulator {
  std::vector<double> bound;         // per label, U·cm³/cm³ summed (times voxel volume later)
  std::vector<std::int64_t> effect;  // per label, voxels >= threshold
  double reach_along_vox = 0.0;
  double reach_across_vox_sq = 0.0;
  bool touches = false;
};

}  // namespace

SpreadMetrics measure_spread(const GridFrame& frame, const std::vector<RowSpan>& rows,
                             const std::vector<std::uint16_t>& labels,
                             const std::vector<float>& values,
                             const std::vector<std::pair<std::uint32_t, float>>& boundary_outflow,
                             double q_eff_ona_units, double threshold_u_per_cm3, int target_label,
                             const TissueTable& table, const std::array<int, 3>& tip_index) {
  int max_label = 0;
  for (std::uint16_t l : labels)
    max_label = std::max<int>(max_label, l);
  const std::size_t n_labels = static_cast<std::size_t>(max_label) + 1;
  const auto& d = frame.dims;
  const int c0 = tip_index[0], c1 = tip_index[1], c2 = tip_index[2];
  const float th = static_cast<float>(threshold_u_per_cm3);

  // One accumulator per z-slab chunk, summed afterwards (deterministic for a given grid).
  constexpr int kChunks = 16;
  std::vector<Accumulator> local(kChunks);
  const int slab = (d[2] + kChunks - 1) / kChunks;
  parallel_for(0, kChunks, 1, [&](std::int64_t c_begin, std::int64_t c_end) {
    for (std::int64_t chunk = c_begin; chunk < c_end; ++chunk) {
      Accumulator& acc = local[static_cast<std::size_t>(chunk)];
      acc.bound.assign(n_labels, 0.0);
      acc.effect.assign(n_labels, 0);
      const int k0 = static_cast<int>(chunk) * slab;
      const int k1 = std::min(d[2], k0 + slab);
      for (int k = k0; k < k1; ++k) {
        for (int j = 0; j < d[1]; ++j) {
          const RowSpan span =
              rows.empty() ? RowSpan{0, d[0]}
                           : rows[static_cast<std::size_t>(j) + static_cast<std::size_t>(d[1]) * k];
          std::size_t c = frame.index(span.begin, j, k);
          for (int i = span.begin; i < span.end; ++i, ++c) {
            const float b = values[c];
            acc.bound[labels[c]] += b;
            if (b < th) continue;
            ++acc.effect[labels[c]];
            // Boundary of the region: interpolate the threshold crossing toward each neighbour
            // below threshold, then measure that point's extent from the tip.
            const int idx[3] = {i, j, k};
            for (int axis = 0; axis < 3; ++axis) {
              for (int side = -1; side <= 1; side += 2) {
                int nb[3] = {i, j, k};
                nb[axis] += side;
                double t;
                if (nb[axis] < 0 || nb[axis] >= d[axis]) {
                  acc.touches = true;
                  t = 0.5;
                } else {
                  const float bn = values[frame.index(nb[0], nb[1], nb[2])];
                  if (bn >= th) continue;
                  t = (b - th) / static_cast<double>(b - bn);
                }
                double u[3] = {double(idx[0] - c0), double(idx[1] - c1), double(idx[2] - c2)};
                u[axis] += side * t;
                acc.reach_along_vox = std::max(acc.reach_along_vox, std::abs(u[0]));
                acc.reach_across_vox_sq =
                    std::max(acc.reach_across_vox_sq, u[1] * u[1] + u[2] * u[2]);
              }
            }
          }
        }
      }
    }
  });

  std::vector<double> bound(n_labels, 0.0);
  std::vector<std::int64_t> effect(n_labels, 0);
  double along = 0.0, across_sq = 0.0;
  bool touches = false;
  for (const Accumulator& acc : local) {
    if (acc.bound.empty()) continue;
    for (std::size_t l = 0; l < n_labels; ++l) {
      bound[l] += acc.bound[l];
      effect[l] += acc.effect[l];
    }
    along = std::max(along, acc.reach_along_vox);
    across_sq = std::max(across_sq, acc.reach_across_vox_sq);
    touches = touches || acc.touches;
  }

  SpreadMetrics m;
  const double voxel_cm3 = frame.voxel_volume_cm3();
  for (double& b : bound)
    b *= voxel_cm3;  // (U/cm³)·cm³ = U
  for (const auto& [cell, conductance] : boundary_outflow) {
    const double out = conductance * values[cell] * 1e-3;  // mm³-scaled G times U/mm³
    bound[labels[cell]] += out;
    m.bound_outside_grid_units += out;
    // The region reaches the surface of the solved cells (not only the grid's faces).
    touches = touches || values[cell] >= th;
  }
  std::int64_t effect_total = 0;
  for (std::size_t l = 0; l < n_labels; ++l) {
    m.bound_units += bound[l];
    effect_total += effect[l];
  }
  m.effect_volume_cm3 = static_cast<double>(effect_total) * voxel_cm3;
  m.reach_along_mm = along * frame.spacing_mm;
  m.reach_across_mm = std::sqrt(across_sq) * frame.spacing_mm;
  m.region_touches_grid_boundary = touches;
  for (std::size_t l = 0; l < n_labels; ++l) {
    if (bound[l] <= 0.0 && effect[l] == 0) continue;
    const TissueClass& tc = table.at(static_cast<int>(l));
    StructureShare s;
    s.label = static_cast<int>(l);
    s.id = tc.id;
    s.name = tc.name;
    s.kind = tc.kind;
    s.danger = tc.danger;
    s.adverse_effect = tc.adverse_effect;
    s.bound_units = bound[l];
    s.bound_fraction = q_eff_ona_units > 0.0 ? bound[l] / q_eff_ona_units : 0.0;
    s.effect_volume_cm3 = static_cast<double>(effect[l]) * voxel_cm3;
    s.effect_fraction =
        effect_total > 0 ? static_cast<double>(effect[l]) / static_cast<double>(effect_total) : 0.0;
    if (static_cast<int>(l) == target_label && target_label != 0) {
      m.bound_fraction_in_target = s.bound_fraction;
      m.effect_fraction_in_target = s.effect_fraction;
    }
    m.structures.push_back(std::move(s));
  }
  std::sort(m.structures.begin(), m.structures.end(),
            [](const StructureShare& a, const StructureShare& b) {
              return a.bound_units > b.bound_units;
            });
  return m;
}

}  // namespace toxplan::sim
