#include "anatomy/near_duplicates.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace toxplan::anatomy {

namespace {

constexpr int kCellBits = 21;  // three cell coordinates packed in one 64-bit key
// Points compared for one query before giving up (answering "maybe"): bounds the work on
// crowded input, where JoinIdenticalVertices simply runs as before.
constexpr int kMaxCompared = 64;

std::uint64_t mix(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

}  // namespace

bool has_near_duplicates(const std::vector<Vec3>& points, double tolerance, double spacing) {
  const std::size_t n = points.size();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  Vec3 lo{kInf, kInf, kInf};
  Vec3 hi{-kInf, -kInf, -kInf};
  for (const Vec3& p : points) {
    if (!is_finite(p)) {
      return true;
    }
    lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
    hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
  }
  if (n < 2) {
    return false;
  }
  // A grid of cells several tolerances wide: a pair closer than the tolerance lies in one cell
  // or in two neighbouring ones, and only points that near a cell's side look next door.
  const double extent = std::max({hi.x - lo.x, hi.y - lo.y, hi.z - lo.z});
  const double cell = std::max({std::isfinite(spacing) ? spacing : 0.0, 8.0 * tolerance,
                                extent / static_cast<double>(1 << (kCellBits - 1))});
  if (!(cell > 0.0) || !std::isfinite(cell)) {
    return true;
  }
  const double inv_cell = 1.0 / cell;
  // Rounding in (p - lo) * inv_cell is far below this slack, so no pair is missed.
  const double slack = 2.0 * tolerance * inv_cell;
  const double tolerance2 = tolerance * tolerance;

  std::size_t capacity = 16;
  while (capacity < 2 * n) {
    capacity *= 2;
  }
  constexpr std::uint64_t kEmpty = ~0ull;
  std::vector<std::uint64_t> keys(capacity, kEmpty);
  std::vector<int> heads(capacity, -1);
  std::vector<int> next(n, -1);  // points of one cell, as a chain
  auto slot_of = [&](std::uint64_t key) {
    std::size_t s = mix(key) & (capacity - 1);
    while (keys[s] != kEmpty && keys[s] != key) {
      s = (s + 1) & (capacity - 1);
    }
    return s;
  };
  constexpr std::int64_t kMaxCell = (std::int64_t{1} << kCellBits) - 1;
  auto pack = [](std::int64_t i, std::int64_t j, std::int64_t k) {
    return (static_cast<std::uint64_t>(i) << (2 * kCellBits)) |
           (static_cast<std::uint64_t>(j) << kCellBits) | static_cast<std::uint64_t>(k);
  };

  for (std::size_t a = 0; a < n; ++a) {
    const Vec3& p = points[a];
    const double u[3] = {(p.x - lo.x) * inv_cell, (p.y - lo.y) * inv_cell, (p.z - lo.z) * inv_cell};
    std::int64_t c[3];
    int from[3];
    int to[3];
    for (int d = 0; d < 3; ++d) {
      c[d] = std::min<std::int64_t>(static_cast<std::int64_t>(u[d]), kMaxCell);
      const double f = u[d] - static_cast<double>(c[d]);
      from[d] = f < slack && c[d] > 0 ? -1 : 0;
      to[d] = f > 1.0 - slack && c[d] < kMaxCell ? 1 : 0;
    }
    int compared = 0;
    bool equal_seen = false;
    // Own cell first: an equal point is always there, and then p adds nothing to check.
    const std::size_t own = slot_of(pack(c[0], c[1], c[2]));
    for (int b = heads[own]; b >= 0; b = next[b]) {
      const Vec3 d = points[b] - p;
      if (d.x == 0.0 && d.y == 0.0 && d.z == 0.0) {
        equal_seen = true;
        break;
      }
      if (dot(d, d) < tolerance2 || ++compared > kMaxCompared) {
        return true;
      }
    }
    if (equal_seen) {
      continue;
    }
    for (int dx = from[0]; dx <= to[0]; ++dx) {
      for (int dy = from[1]; dy <= to[1]; ++dy) {
        for (int dz = from[2]; dz <= to[2]; ++dz) {
          if (dx == 0 && dy == 0 && dz == 0) {
            continue;
          }
          const std::size_t s = slot_of(pack(c[0] + dx, c[1] + dy, c[2] + dz));
          for (int b = heads[s]; b >= 0; b = next[b]) {
            const Vec3 d = points[b] - p;
            if (dot(d, d) < tolerance2 || ++compared > kMaxCompared) {
              return true;
            }
          }
        }
      }
    }
    keys[own] = pack(c[0], c[1], c[2]);
    next[a] = heads[own];
    heads[own] = static_cast<int>(a);
  }
  return false;
}

}  // namespace toxplan::anatomy
