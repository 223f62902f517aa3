// Trimmed ICP with a similarity per step (docs/atlas-build-landmarks.md "Registration of the
// 3.0 face muscles"). Each iteration pairs every moving point with its closest point on the
// fixed surface, keeps the closest `inlier_fraction` of the pairs (never one farther than
// max_pair_distance_mm) and solves the least-squares similarity of those pairs in closed form
// (Umeyama 1991). Closest points are found in parallel into per-point slots and the pairs are
// sorted by (distance, index), so the result does not depend on the thread count.
#include "atlas_build/similarity_registration.h"

#include <vtkMath.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "anatomy/triangle_bvh.h"
#include "base/parallel_for.h"

namespace toxplan::atlas_build {

Vec3 Similarity::apply(const Vec3& p) const {
  const auto& r = rotation;
  return Vec3{r[0] * p.x + r[1] * p.y + r[2] * p.z, r[3] * p.x + r[4] * p.y + r[5] * p.z,
              r[6] * p.x + r[7] * p.y + r[8] * p.z} *
             scale +
         translation;
}

namespace {

struct Pair {
  double distance_mm;
  std::size_t index;
  Vec3 target;
};

// Closest fixed point for every moving point under `t` (slots with distance +inf when there is
// none within max_mm).
std::vector<Pair> closest_pairs(const std::vector<Vec3>& moving, const anatomy::TriangleBvh& bvh,
                                const Similarity& t, double max_mm) {
  std::vector<Pair> pairs(moving.size());
  parallel_for(0, static_cast<std::int64_t>(moving.size()), 256,
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t i = begin; i < end; ++i) {
                   anatomy::ClosestPoint cp;
                   Pair& p = pairs[static_cast<std::size_t>(i)];
                   p.index = static_cast<std::size_t>(i);
                   if (bvh.closest_point(t.apply(moving[p.index]), max_mm, &cp)) {
                     p.distance_mm = cp.distance_mm;
                     p.target = cp.point_mm;
                   } else {
                     p.distance_mm = std::numeric_limits<double>::infinity();
                   }
                 }
               });
  return pairs;
}

// The inliers: the closest `fraction` of the moving points, among those with a pair.
std::vector<Pair> trimmed(std::vector<Pair> pairs, double fraction) {
  const std::size_t keep =
      std::max<std::size_t>(3, static_cast<std::size_t>(std::floor(fraction * pairs.size())));
  pairs.erase(std::remove_if(pairs.begin(), pairs.end(),
                             [](const Pair& p) { return !std::isfinite(p.distance_mm); }),
              pairs.end());
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    return a.distance_mm != b.distance_mm ? a.distance_mm < b.distance_mm : a.index < b.index;
  });
  if (pairs.size() > keep) pairs.resize(keep);
  return pairs;
}

// +inf when nothing paired: a fit that lost every pair must not look like a perfect one.
double quantile(std::vector<Pair> pairs, double q) {
  if (pairs.empty()) return std::numeric_limits<double>::infinity();
  std::vector<double> d;
  d.reserve(pairs.size());
  for (const Pair& p : pairs)
    d.push_back(p.distance_mm);
  std::sort(d.begin(), d.end());
  const std::size_t i = std::min(d.size() - 1, static_cast<std::size_t>(q * (d.size() - 1) + 0.5));
  return d[i];
}

// Umeyama: the similarity taking the moving points of `pairs` onto their targets.
Similarity umeyama(const std::vector<Vec3>& moving, const std::vector<Pair>& pairs) {
  const double n = static_cast<double>(pairs.size());
  Vec3 ma, mb;
  for (const Pair& p : pairs) {
    ma = ma + moving[p.index];
    mb = mb + p.target;
  }
  ma = ma * (1.0 / n);
  mb = mb * (1.0 / n);
  double cov[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
  double var_a = 0.0;
  for (const Pair& p : pairs) {
    const Vec3 a = moving[p.index] - ma, b = p.target - mb;
    const double av[3] = {a.x, a.y, a.z}, bv[3] = {b.x, b.y, b.z};
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c)
        cov[r][c] += bv[r] * av[c] / n;
    }
    var_a += dot(a, a) / n;
  }
  // vtkMath gives proper rotations U and V^T and lets singular values be negative. With
  // |w| and the signs folded into U, Umeyama's correction flips the smallest singular value
  // when the best orthogonal fit would be a reflection, so R stays a proper rotation.
  double u[3][3], w[3], vt[3][3];
  vtkMath::SingularValueDecomposition3x3(cov, u, w, vt);
  double sign[3], reflect = 1.0;
  int smallest = 0;
  for (int k = 0; k < 3; ++k) {
    sign[k] = w[k] < 0 ? -1.0 : 1.0;
    reflect *= sign[k];
    if (std::abs(w[k]) < std::abs(w[smallest])) smallest = k;
  }
  double s_diag[3] = {1.0, 1.0, 1.0};
  if (reflect < 0) s_diag[smallest] = -1.0;
  Similarity t;
  double rot[3][3];
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      double sum = 0.0;
      for (int k = 0; k < 3; ++k)
        sum += u[r][k] * sign[k] * s_diag[k] * vt[k][c];
      rot[r][c] = sum;
    }
  }
  double trace = 0.0;
  for (int k = 0; k < 3; ++k)
    trace += std::abs(w[k]) * s_diag[k];
  t.scale = var_a > 0 ? trace / var_a : 1.0;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c)
      t.rotation[3 * r + c] = rot[r][c];
  }
  Similarity rotate_only = t;
  rotate_only.translation = {};
  t.translation = mb - rotate_only.apply(ma);
  return t;
}

double change_mm(const Similarity& a, const Similarity& b, const std::vector<Vec3>& points) {
  double worst = 0.0;
  const std::size_t stride = std::max<std::size_t>(1, points.size() / 64);
  for (std::size_t i = 0; i < points.size(); i += stride) {
    worst = std::max(worst, distance(a.apply(points[i]), b.apply(points[i])));
  }
  return worst;
}

}  // namespace

RegistrationResult register_similarity(const std::vector<Vec3>& moving_points,
                                       const anatomy::TriangleMesh& fixed_surface,
                                       const Similarity& initial,
                                       const RegistrationOptions& options) {
  if (moving_points.size() < 3 || fixed_surface.triangles.empty()) {
    throw std::invalid_argument(
        "registration: needs at least 3 moving points and a fixed surface with triangles");
  }
  if (!(options.inlier_fraction > 0.0 && options.inlier_fraction <= 1.0)) {
    throw std::invalid_argument("registration: inlier_fraction must be in (0, 1]");
  }
  const anatomy::TriangleBvh bvh(&fixed_surface);
  RegistrationResult result;
  result.transform = initial;
  std::vector<Pair> inliers =
      trimmed(closest_pairs(moving_points, bvh, initial, options.max_pair_distance_mm),
              options.inlier_fraction);
  result.median_residual_before_mm = quantile(inliers, 0.5);
  for (int it = 0; it < options.max_iterations && inliers.size() >= 3; ++it) {
    const Similarity next = umeyama(moving_points, inliers);
    const double moved = change_mm(result.transform, next, moving_points);
    result.transform = next;
    result.iterations = it + 1;
    inliers = trimmed(closest_pairs(moving_points, bvh, next, options.max_pair_distance_mm),
                      options.inlier_fraction);
    if (moved < 1e-4) break;
  }
  result.pairs_used = inliers.size();
  result.median_residual_mm = quantile(inliers, 0.5);
  result.p90_residual_mm = quantile(inliers, 0.9);
  return result;
}

std::vector<RegionalResult> refine_each(const std::vector<std::vector<Vec3>>& point_sets,
                                        const anatomy::TriangleMesh& fixed_surface,
                                        const Similarity& global,
                                        const RegistrationOptions& options,
                                        const RefinementBounds& bounds) {
  std::vector<RegionalResult> out;
  out.reserve(point_sets.size());
  for (const auto& points : point_sets) {
    RegionalResult r;
    r.result = register_similarity(points, fixed_surface, global, options);
    for (const Vec3& p : points) {
      r.max_shift_mm =
          std::max(r.max_shift_mm, distance(global.apply(p), r.result.transform.apply(p)));
    }
    const double scale_change = std::abs(r.result.transform.scale / global.scale - 1.0);
    r.refined = r.max_shift_mm <= bounds.max_shift_mm && scale_change <= bounds.max_scale_change;
    r.transform = r.refined ? r.result.transform : global;
    out.push_back(r);
  }
  return out;
}

}  // namespace toxplan::atlas_build
