#include "sim/plan_field.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>

namespace toxplan::sim {

namespace {

constexpr int kBrick = 16;

struct Box3 {
  std::array<int, 3> lo{0, 0, 0};
  std::array<int, 3> hi{-1, -1, -1};  // inclusive
  bool empty() const { return hi[0] < lo[0] || hi[1] < lo[1] || hi[2] < lo[2]; }
};

Box3 box_of(const LatticeBlock& b) {
  Box3 box;
  for (int a = 0; a < 3; ++a) {
    box.lo[a] = b.lo[a];
    box.hi[a] = b.lo[a] + b.dims[a] - 1;
  }
  return box;
}

Box3 intersect(const Box3& a, const Box3& b) {
  Box3 r;
  for (int d = 0; d < 3; ++d) {
    r.lo[d] = std::max(a.lo[d], b.lo[d]);
    r.hi[d] = std::min(a.hi[d], b.hi[d]);
  }
  return r;
}

float value_at(const LatticeBlock& b, int i, int j, int k) {
  return b
      .values[static_cast<std::size_t>(i - b.lo[0]) +
              static_cast<std::size_t>(b.dims[0]) *
                  (static_cast<std::size_t>(j - b.lo[1]) +
                   static_cast<std::size_t>(b.dims[1]) * static_cast<std::size_t>(k - b.lo[2]))];
}

int floor_div(int a, int b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

std::uint64_t brick_key(int bi, int bj, int bk) {
  const auto u = [](int v) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(v + (1 << 20)));
  };
  return u(bi) | (u(bj) << 21) | (u(bk) << 42);
}

}  // namespace

PlanFieldSummary summarize_plan_field(const std::vector<std::shared_ptr<const SiteSpread>>& sites,
                                      double threshold_u_per_cm3) {
  PlanFieldSummary summary;
  if (sites.empty()) return summary;
  const double spacing = sites.front()->solution->unit_lattice.spacing_mm;
  const double voxel_cm3 = spacing * spacing * spacing * 1e-3;
  const float th = static_cast<float>(threshold_u_per_cm3);

  // Sum into bricks.
  std::unordered_map<std::uint64_t, std::vector<float>> bricks;
  std::int64_t own_effect_voxels = 0;
  for (const auto& s : sites) {
    const LatticeBlock& b = s->solution->unit_lattice;
    const float q = static_cast<float>(s->q_eff_ona_units);
    if (b.values.empty() || q == 0.0f) continue;
    for (float v : b.values)
      own_effect_voxels += (v * q >= th);
    const Box3 box = box_of(b);
    for (int bk = floor_div(box.lo[2], kBrick); bk <= floor_div(box.hi[2], kBrick); ++bk) {
      for (int bj = floor_div(box.lo[1], kBrick); bj <= floor_div(box.hi[1], kBrick); ++bj) {
        for (int bi = floor_div(box.lo[0], kBrick); bi <= floor_div(box.hi[0], kBrick); ++bi) {
          Box3 brick;
          brick.lo = {bi * kBrick, bj * kBrick, bk * kBrick};
          brick.hi = {brick.lo[0] + kBrick - 1, brick.lo[1] + kBrick - 1, brick.lo[2] + kBrick - 1};
          const Box3 r = intersect(box, brick);
          if (r.empty()) continue;
          std::vector<float>& data = bricks[brick_key(bi, bj, bk)];
          if (data.empty()) data.assign(kBrick * kBrick * kBrick, 0.0f);
          for (int k = r.lo[2]; k <= r.hi[2]; ++k) {
            for (int j = r.lo[1]; j <= r.hi[1]; ++j) {
              for (int i = r.lo[0]; i <= r.hi[0]; ++i) {
                data[static_cast<std::size_t>(
                    (i - brick.lo[0]) +
                    kBrick * ((j - brick.lo[1]) + kBrick * (k - brick.lo[2])))] +=
                    q * value_at(b, i, j, k);
              }
            }
          }
        }
      }
    }
  }
  std::int64_t combined_voxels = 0;
  for (const auto& [key, data] : bricks) {
    for (float v : data)
      combined_voxels += (v >= th);
  }
  summary.combined_effect_volume_cm3 = static_cast<double>(combined_voxels) * voxel_cm3;
  summary.sum_of_site_effect_volumes_cm3 = static_cast<double>(own_effect_voxels) * voxel_cm3;

  // Pairwise overlap of the sites' own effect regions.
  for (std::size_t a = 0; a < sites.size(); ++a) {
    const LatticeBlock& ba = sites[a]->solution->unit_lattice;
    const float qa = static_cast<float>(sites[a]->q_eff_ona_units);
    for (std::size_t b = a + 1; b < sites.size(); ++b) {
      const LatticeBlock& bb = sites[b]->solution->unit_lattice;
      const float qb = static_cast<float>(sites[b]->q_eff_ona_units);
      const Box3 r = intersect(box_of(ba), box_of(bb));
      if (r.empty() || qa == 0.0f || qb == 0.0f) continue;
      std::int64_t both = 0;
      for (int k = r.lo[2]; k <= r.hi[2]; ++k) {
        for (int j = r.lo[1]; j <= r.hi[1]; ++j) {
          for (int i = r.lo[0]; i <= r.hi[0]; ++i) {
            both += (qa * value_at(ba, i, j, k) >= th) && (qb * value_at(bb, i, j, k) >= th);
          }
        }
      }
      if (both > 0) {
        summary.overlaps.push_back(
            {sites[a]->site_id, sites[b]->site_id, static_cast<double>(both) * voxel_cm3});
      }
    }
  }
  return summary;
}

FieldGrid combined_field(const std::vector<std::shared_ptr<const SiteSpread>>& sites) {
  FieldGrid grid;
  if (sites.empty()) return grid;
  const double spacing = sites.front()->solution->unit_lattice.spacing_mm;
  Box3 all;
  bool first = true;
  for (const auto& s : sites) {
    const Box3 b = box_of(s->solution->unit_lattice);
    if (b.empty()) continue;
    for (int a = 0; a < 3; ++a) {
      all.lo[a] = first ? b.lo[a] : std::min(all.lo[a], b.lo[a]);
      all.hi[a] = first ? b.hi[a] : std::max(all.hi[a], b.hi[a]);
    }
    first = false;
  }
  if (first) return grid;
  grid.frame.spacing_mm = spacing;
  grid.frame.origin_mm = {all.lo[0] * spacing, all.lo[1] * spacing, all.lo[2] * spacing};
  for (int a = 0; a < 3; ++a)
    grid.frame.dims[a] = all.hi[a] - all.lo[a] + 1;
  grid.values.assign(grid.frame.size(), 0.0f);
  for (const auto& s : sites) {
    const LatticeBlock& b = s->solution->unit_lattice;
    const float q = static_cast<float>(s->q_eff_ona_units);
    const Box3 box = box_of(b);
    if (box.empty()) continue;
    for (int k = box.lo[2]; k <= box.hi[2]; ++k) {
      for (int j = box.lo[1]; j <= box.hi[1]; ++j) {
        for (int i = box.lo[0]; i <= box.hi[0]; ++i) {
          grid.values[grid.frame.index(i - all.lo[0], j - all.lo[1], k - all.lo[2])] +=
              q * value_at(b, i, j, k);
        }
      }
    }
  }
  return grid;
}

}  // namespace toxplan::sim
