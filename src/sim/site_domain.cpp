#include "sim/site_domain.h"

#include <algorithm>
#include <cmath>

#include "sim/parallel_for.h"

namespace toxplan::sim {

namespace {

// Index of the voxel of `volume` nearest to `p`, or -1 outside.
std::ptrdiff_t nearest_voxel(const anatomy::LabelVolume& volume, const core::Vec3& p) {
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

core::Vec3 fibre_of(const anatomy::LabelVolume& volume, std::size_t index) {
  if (index >= volume.fibre_direction.size())
    return {};
  const auto& f = volume.fibre_direction[index];
  return {f[0], f[1], f[2]};
}

}  // namespace

TipProbe probe_tip(const Tissue& tissue, const core::Vec3& tip_mm, double spacing_mm) {
  const core::Vec3 half{spacing_mm, spacing_mm, spacing_mm};
  const auto volume = tissue.label_volume({tip_mm - half, tip_mm + half}, spacing_mm);
  TipProbe probe;
  if (!volume)
    return probe;
  const std::ptrdiff_t v = nearest_voxel(*volume, tip_mm);
  if (v < 0)
    return probe;
  probe.label = volume->labels[static_cast<std::size_t>(v)];
  const core::Vec3 f = fibre_of(*volume, static_cast<std::size_t>(v));
  probe.fibre = norm(f) > 0.5 ? normalized(f) : core::Vec3{};
  return probe;
}

GridFrame make_site_frame(const core::Vec3& tip_mm, const core::Vec3& fibre_unit_or_zero,
                          double half_along_mm, double half_across_mm, double spacing_mm) {
  GridFrame frame;
  frame.spacing_mm = spacing_mm;
  const core::Vec3 a0 =
      norm(fibre_unit_or_zero) > 0.5 ? normalized(fibre_unit_or_zero) : core::Vec3{1, 0, 0};
  // Second axis: the world axis least aligned with a0, made orthogonal (stable for any a0).
  const double ax = std::abs(a0.x), ay = std::abs(a0.y), az = std::abs(a0.z);
  const core::Vec3 helper = (ax <= ay && ax <= az) ? core::Vec3{1, 0, 0}
                            : (ay <= az)           ? core::Vec3{0, 1, 0}
                                                   : core::Vec3{0, 0, 1};
  const core::Vec3 a1 = normalized(helper - a0 * dot(helper, a0));
  const core::Vec3 a2 = cross(a0, a1);
  frame.axes = {a0, a1, a2};
  const int half_n[3] = {static_cast<int>(std::ceil(half_along_mm / spacing_mm)),
                         static_cast<int>(std::ceil(half_across_mm / spacing_mm)),
                         static_cast<int>(std::ceil(half_across_mm / spacing_mm))};
  for (int a = 0; a < 3; ++a)
    frame.dims[a] = 2 * std::max(half_n[a], 2) + 1;
  frame.origin_mm = tip_mm - (a0 * ((frame.dims[0] - 1) / 2) + a1 * ((frame.dims[1] - 1) / 2) +
                              a2 * ((frame.dims[2] - 1) / 2)) *
                                 spacing_mm;
  return frame;
}

SiteDomain sample_domain(const Tissue& tissue, const GridFrame& frame) {
  SiteDomain domain;
  domain.frame = frame;
  const std::size_t n = frame.size();
  domain.labels.assign(n, 0);
  domain.fibre.assign(n, {0.0f, 0.0f, 0.0f});
  // Bounding box of the oriented grid, one voxel larger so nearest-voxel lookups stay inside.
  core::Vec3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
  for (int corner = 0; corner < 8; ++corner) {
    const core::Vec3 p =
        frame.centre_mm((corner & 1) ? frame.dims[0] - 1 : 0, (corner & 2) ? frame.dims[1] - 1 : 0,
                        (corner & 4) ? frame.dims[2] - 1 : 0);
    lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
    hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
  }
  const double pad = frame.spacing_mm;
  const auto volume = tissue.label_volume(
      {lo - core::Vec3{pad, pad, pad}, hi + core::Vec3{pad, pad, pad}}, frame.spacing_mm);
  if (!volume || volume->labels.empty())
    return domain;
  const bool has_fibres = volume->fibre_direction.size() == volume->labels.size();
  parallel_for(0, frame.dims[2], 1, [&](std::int64_t k0, std::int64_t k1) {
    for (int k = static_cast<int>(k0); k < static_cast<int>(k1); ++k) {
      for (int j = 0; j < frame.dims[1]; ++j) {
        for (int i = 0; i < frame.dims[0]; ++i) {
          const std::ptrdiff_t v = nearest_voxel(*volume, frame.centre_mm(i, j, k));
          if (v < 0)
            continue;
          const std::size_t out = frame.index(i, j, k);
          domain.labels[out] = volume->labels[static_cast<std::size_t>(v)];
          if (has_fibres)
            domain.fibre[out] = volume->fibre_direction[static_cast<std::size_t>(v)];
        }
      }
    }
  });
  return domain;
}

}  // namespace toxplan::sim
