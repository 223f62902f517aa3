#include "sim/site_domain.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>

#include "base/parallel_for.h"

namespace toxplan::sim {

namespace {

// Voxels per side of a label brick: 8 x 8 x 64 mm at the default 0.5 mm. Tall along z because the
// label volume is built by rays along z: a ray costs the same whatever the length it fills, and
// a 5 U site's grid then needs one or two bricks in z instead of two or three (labels of a new
// site: 51 -> 43 ms CPU against 32 mm bricks).
constexpr int kBrickShift[3] = {4, 4, 7};  // 16 x 16 x 128 voxels
constexpr long long kBrick[3] = {1LL << kBrickShift[0], 1LL << kBrickShift[1],
                                 1LL << kBrickShift[2]};

// Index of the voxel of `volume` nearest to `p`, or -1 outside.
std::ptrdiff_t nearest_voxel(const anatomy::LabelVolume& volume, const Vec3& p) {
  const double h = volume.spacing_mm;
  const int i = static_cast<int>(std::lround((p.x - volume.origin_mm.x) / h));
  const int j = static_cast<int>(std::lround((p.y - volume.origin_mm.y) / h));
  const int k = static_cast<int>(std::lround((p.z - volume.origin_mm.z) / h));
  if (i < 0 || j < 0 || k < 0 || i >= volume.dims[0] || j >= volume.dims[1] ||
      k >= volume.dims[2]) {
    return -1;
  }
  return static_cast<std::ptrdiff_t>(volume.index(i, j, k));
}

Vec3 fibre_of(const anatomy::LabelVolume& volume, std::size_t index) {
  const int i = static_cast<int>(index % static_cast<std::size_t>(volume.dims[0]));
  const int j = static_cast<int>((index / static_cast<std::size_t>(volume.dims[0])) %
                                 static_cast<std::size_t>(volume.dims[1]));
  const int k = static_cast<int>(index / (static_cast<std::size_t>(volume.dims[0]) *
                                          static_cast<std::size_t>(volume.dims[1])));
  const auto f = volume.fibre(i, j, k);
  return {f[0], f[1], f[2]};
}

}  // namespace

TipProbe probe_tip(const Tissue& tissue, const Vec3& tip_mm, double spacing_mm) {
  const Vec3 half{spacing_mm, spacing_mm, spacing_mm};
  const auto volume = tissue.label_volume({tip_mm - half, tip_mm + half}, spacing_mm);
  TipProbe probe;
  if (!volume) return probe;
  const std::ptrdiff_t v = nearest_voxel(*volume, tip_mm);
  if (v < 0) return probe;
  probe.label = volume->labels[static_cast<std::size_t>(v)];
  const Vec3 f = fibre_of(*volume, static_cast<std::size_t>(v));
  probe.fibre = norm(f) > 0.5 ? normalized(f) : Vec3{};
  return probe;
}

std::array<int, 3> site_half_voxels(double half_along_mm, double half_across_mm,
                                    double spacing_mm) {
  const int along = std::max(2, static_cast<int>(std::ceil(half_along_mm / spacing_mm)));
  const int across = std::max(2, static_cast<int>(std::ceil(half_across_mm / spacing_mm)));
  return {along, across, across};
}

GridFrame make_site_frame(const Vec3& tip_mm, const Vec3& fibre_unit_or_zero,
                          const std::array<int, 3>& below, const std::array<int, 3>& above,
                          double spacing_mm) {
  GridFrame frame;
  frame.spacing_mm = spacing_mm;
  const Vec3 a0 = norm(fibre_unit_or_zero) > 0.5 ? normalized(fibre_unit_or_zero) : Vec3{1, 0, 0};
  // Second axis: the world axis least aligned with a0, made orthogonal (stable for any a0).
  const double ax = std::abs(a0.x), ay = std::abs(a0.y), az = std::abs(a0.z);
  const Vec3 helper = (ax <= ay && ax <= az) ? Vec3{1, 0, 0}
                      : (ay <= az)           ? Vec3{0, 1, 0}
                                             : Vec3{0, 0, 1};
  const Vec3 a1 = normalized(helper - a0 * dot(helper, a0));
  const Vec3 a2 = cross(a0, a1);
  frame.axes = {a0, a1, a2};
  for (std::size_t a = 0; a < 3; ++a)
    frame.dims[a] = below[a] + 1 + above[a];
  frame.origin_mm = tip_mm - (a0 * below[0] + a1 * below[1] + a2 * below[2]) * spacing_mm;
  return frame;
}

SiteDomain sample_domain(const Tissue& tissue, const GridFrame& frame, const SiteRegion& region) {
  SiteDomain domain;
  domain.frame = frame;
  domain.region = region;
  const std::size_t n = frame.size();
  domain.labels.assign(n, 0);
  domain.fibre.assign(n, {0.0f, 0.0f, 0.0f});
  if (n == 0) return domain;
  // The labels come in fixed bricks of the lattice (voxel centres at integer multiples of the
  // spacing, kBrick voxels a side): a moved site, or a neighbouring one, finds most of its bricks
  // in the tissue's cache. Only the bricks that some cell of the region falls in are fetched (for
  // an oblique grid that skips the corners of its bounding box).
  const double h = frame.spacing_mm;
  // x / h as x * (1 / h): the same number for power-of-two spacings such as the default 0.5 mm
  // (otherwise it can only move an exact tie between two lattice points), and a multiplication
  // instead of a division three times per cell.
  const double inv_h = 1.0 / h;
  auto lattice = [inv_h](double x) {
    // floor(x / h + 0.5), inline (std::floor is a library call here; this runs 3x per voxel).
    const double t = x * inv_h + 0.5;
    const long long l = static_cast<long long>(t);
    return static_cast<double>(l) > t ? l - 1 : l;
  };
  // Floor division by the brick size (an arithmetic shift: this runs three times per voxel).
  auto brick_of = [](long long l, int axis) { return l >> kBrickShift[axis]; };
  std::array<long long, 3> blo{}, bhi{};
  {
    Vec3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
    for (int corner = 0; corner < 8; ++corner) {
      const Vec3 p = frame.centre_mm((corner & 1) ? frame.dims[0] - 1 : 0,
                                     (corner & 2) ? frame.dims[1] - 1 : 0,
                                     (corner & 4) ? frame.dims[2] - 1 : 0);
      lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
      hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
    }
    const double l[3] = {lo.x, lo.y, lo.z}, u[3] = {hi.x, hi.y, hi.z};
    for (int a = 0; a < 3; ++a) {
      blo[static_cast<std::size_t>(a)] = brick_of(lattice(l[a]), a) - 1;
      bhi[static_cast<std::size_t>(a)] = brick_of(lattice(u[a]), a) + 1;
    }
  }
  const long long nbx = bhi[0] - blo[0] + 1, nby = bhi[1] - blo[1] + 1, nbz = bhi[2] - blo[2] + 1;
  const std::size_t brick_count = static_cast<std::size_t>(nbx * nby * nbz);
  auto brick_slot_of = [&](const long long* l) -> std::size_t {
    const long long bx = brick_of(l[0], 0) - blo[0];
    const long long by = brick_of(l[1], 1) - blo[1];
    const long long bz = brick_of(l[2], 2) - blo[2];
    return static_cast<std::size_t>(bx + nbx * (by + nby * bz));
  };
  // Bricks are fetched on first use, once per slot, by whichever thread needs one first. When
  // the loop below runs on several threads (a single site), the bricks the region needs are
  // fetched in parallel first, found from every 4th cell along each axis (a brick missed there
  // is fetched on first use). Inside a plan's loop over sites everything runs on one thread and
  // there is nothing to gain from knowing them in advance.
  std::vector<std::shared_ptr<const anatomy::LabelVolume>> bricks(brick_count);
  std::vector<std::array<long long, 3>> brick_first(brick_count);
  const auto fetched = std::make_unique<std::once_flag[]>(brick_count);
  auto fetch = [&](std::size_t b) {
    std::call_once(fetched[b], [&] {
      const long long bz = static_cast<long long>(b) / (nbx * nby);
      const long long by = (static_cast<long long>(b) / nbx) % nby;
      const long long bx = static_cast<long long>(b) % nbx;
      const long long first[3] = {(bx + blo[0]) * kBrick[0], (by + blo[1]) * kBrick[1],
                                  (bz + blo[2]) * kBrick[2]};
      // A box a tenth of a voxel inside the brick's outer voxel centres, so that snapping to
      // the lattice gives exactly the brick.
      const Vec3 lo{(first[0] + 0.1) * h, (first[1] + 0.1) * h, (first[2] + 0.1) * h};
      const Vec3 hi{(first[0] + kBrick[0] - 1.1) * h, (first[1] + kBrick[1] - 1.1) * h,
                    (first[2] + kBrick[2] - 1.1) * h};
      auto volume = tissue.label_volume({lo, hi}, h);
      // Its first lattice index from its origin (a tissue may snap differently).
      if (volume)
        brick_first[b] = {std::llround(volume->origin_mm.x / h),
                          std::llround(volume->origin_mm.y / h),
                          std::llround(volume->origin_mm.z / h)};
      bricks[b] = std::move(volume);
    });
    return bricks[b].get();
  };
  const Vec3 step = frame.axes[0] * h;
  if (!parallel_for_is_serial_here()) {
    constexpr int kEvery = 4;
    std::vector<std::uint8_t> used(brick_count, 0);
    for (int k = 0; k < frame.dims[2]; k += kEvery) {
      for (int j = 0; j < frame.dims[1]; j += kEvery) {
        const RowSpan span = region.row(j, k);
        for (int i = span.begin; i < span.end; i += kEvery) {
          const Vec3 p = frame.centre_mm(i, j, k);
          const long long l[3] = {lattice(p.x), lattice(p.y), lattice(p.z)};
          used[brick_slot_of(l)] = 1;
        }
      }
    }
    std::vector<std::size_t> expected;
    for (std::size_t b = 0; b < brick_count; ++b) {
      if (used[b]) expected.push_back(b);
    }
    parallel_for(0, static_cast<std::int64_t>(expected.size()), 1,
                 [&](std::int64_t b0, std::int64_t b1) {
                   for (std::int64_t t = b0; t < b1; ++t)
                     fetch(expected[static_cast<std::size_t>(t)]);
                 });
  }
  // Per cell: its nearest lattice point (coordinates stepped along the row), its brick (the same
  // as the previous cell's for most cells), and that voxel's label and fibre.
  parallel_for(0, frame.dims[2], 1, [&](std::int64_t k0, std::int64_t k1) {
    for (int kk = static_cast<int>(k0); kk < static_cast<int>(k1); ++kk) {
      for (int jj = 0; jj < frame.dims[1]; ++jj) {
        const RowSpan span = region.row(jj, kk);
        Vec3 p = frame.centre_mm(span.begin, jj, kk);
        std::size_t c = frame.index(span.begin, jj, kk);
        std::size_t last_slot = brick_count;
        const anatomy::LabelVolume* volume = nullptr;
        for (int ii = span.begin; ii < span.end; ++ii, ++c, p = p + step) {
          const long long l[3] = {lattice(p.x), lattice(p.y), lattice(p.z)};
          const std::size_t b = brick_slot_of(l);
          if (b != last_slot) {
            volume = fetch(b);
            last_slot = b;
          }
          if (volume == nullptr || volume->labels.empty()) continue;
          const long long i = l[0] - brick_first[b][0], j = l[1] - brick_first[b][1],
                          k = l[2] - brick_first[b][2];
          if (i < 0 || j < 0 || k < 0 || i >= volume->dims[0] || j >= volume->dims[1] ||
              k >= volume->dims[2]) {
            continue;
          }
          const int vi = static_cast<int>(i), vj = static_cast<int>(j), vk = static_cast<int>(k);
          domain.labels[c] = volume->labels[volume->index(vi, vj, vk)];
          if (domain.labels[c] != 0) domain.fibre[c] = volume->fibre(vi, vj, vk);
        }
      }
    }
  });
  return domain;
}

}  // namespace toxplan::sim
