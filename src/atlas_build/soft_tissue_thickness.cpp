#include "atlas_build/soft_tissue_thickness.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "base/parallel_for.h"

namespace toxplan::atlas_build::soft {

std::vector<SkinRay> skin_rays(const anatomy::TriangleMesh& skin) {
  std::vector<Vec3> normal(skin.vertices_mm.size());
  for (std::size_t t = 0; t < skin.triangles.size(); ++t) {
    const Vec3 n = skin.triangle_normal(t);
    for (int v : skin.triangles[t])
      normal[v] = normal[v] + n;
  }
  std::vector<SkinRay> rays;
  rays.reserve(skin.vertices_mm.size());
  for (std::size_t v = 0; v < skin.vertices_mm.size(); ++v)
    rays.push_back({skin.vertices_mm[v], normalized(-normal[v])});
  return rays;
}

namespace {

// Triangles bucketed in cubes, for short rays.
class TriangleBuckets {
 public:
  TriangleBuckets(const anatomy::TriangleMesh& mesh, double cell_mm) : mesh_(mesh), cell_(cell_mm) {
    for (std::size_t t = 0; t < mesh.triangles.size(); ++t) {
      Vec3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
      for (int v : mesh.triangles[t]) {
        const Vec3& p = mesh.vertices_mm[v];
        lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
        hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
      }
      for (std::int64_t k = cell(lo.z); k <= cell(hi.z); ++k)
        for (std::int64_t j = cell(lo.y); j <= cell(hi.y); ++j)
          for (std::int64_t i = cell(lo.x); i <= cell(hi.x); ++i)
            cells_[key(i, j, k)].push_back(static_cast<int>(t));
    }
  }

  // Distances along the ray (unit direction) to every crossing within [0, length], sorted,
  // crossings closer than 1e-6 mm merged (a ray through a shared edge).
  std::vector<double> crossings(const Vec3& o, const Vec3& d, double length,
                                std::vector<int>* stamp, int query) const {
    const Vec3 e = o + d * length;
    const Vec3 lo{std::min(o.x, e.x), std::min(o.y, e.y), std::min(o.z, e.z)};
    const Vec3 hi{std::max(o.x, e.x), std::max(o.y, e.y), std::max(o.z, e.z)};
    std::vector<double> ts;
    for (std::int64_t k = cell(lo.z); k <= cell(hi.z); ++k)
      for (std::int64_t j = cell(lo.y); j <= cell(hi.y); ++j)
        for (std::int64_t i = cell(lo.x); i <= cell(hi.x); ++i) {
          const auto it = cells_.find(key(i, j, k));
          if (it == cells_.end()) continue;
          for (int t : it->second) {
            if ((*stamp)[t] == query) continue;
            (*stamp)[t] = query;
            double s = 0.0;
            if (hit(t, o, d, &s) && s >= 0.0 && s <= length) ts.push_back(s);
          }
        }
    std::sort(ts.begin(), ts.end());
    std::vector<double> out;
    for (double s : ts)
      if (out.empty() || s - out.back() > 1e-6) out.push_back(s);
    return out;
  }

  std::size_t triangle_count() const { return mesh_.triangles.size(); }

 private:
  std::int64_t cell(double v) const { return static_cast<std::int64_t>(std::floor(v / cell_)); }
  static std::int64_t key(std::int64_t i, std::int64_t j, std::int64_t k) {
    return ((i + 100000) * 200003 + (j + 100000)) * 200003 + (k + 100000);
  }
  // Moller-Trumbore, both windings.
  bool hit(int t, const Vec3& o, const Vec3& d, double* s) const {
    const auto& tri = mesh_.triangles[t];
    const Vec3& a = mesh_.vertices_mm[tri[0]];
    const Vec3 e1 = mesh_.vertices_mm[tri[1]] - a, e2 = mesh_.vertices_mm[tri[2]] - a;
    const Vec3 p = cross(d, e2);
    const double det = dot(e1, p);
    if (std::abs(det) < 1e-14) return false;
    const Vec3 q = o - a;
    const double u = dot(q, p) / det;
    if (u < 0.0 || u > 1.0) return false;
    const Vec3 r = cross(q, e1);
    const double v = dot(d, r) / det;
    if (v < 0.0 || u + v > 1.0) return false;
    *s = dot(e2, r) / det;
    return true;
  }

  const anatomy::TriangleMesh& mesh_;
  double cell_;
  std::unordered_map<std::int64_t, std::vector<int>> cells_;
};

double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const double pos = q * static_cast<double>(sorted.size() - 1);
  return sorted[static_cast<std::size_t>(std::lround(pos))];
}

}  // namespace

std::map<std::string, Measured> measure_thickness(
    const anatomy::TriangleMesh& mesh, const std::vector<SkinRay>& rays, double max_depth_mm,
    const std::function<std::string(const SkinRay&)>& group_of) {
  const TriangleBuckets buckets(mesh, 4.0);
  // Rays start 1 mm outside the skin so that a surface lying on the skin is crossed too.
  constexpr double kStart_mm = 1.0;
  std::vector<std::string> group(rays.size());
  for (std::size_t r = 0; r < rays.size(); ++r)
    group[r] = group_of(rays[r]);
  std::vector<double> value(rays.size(), -1.0);
  parallel_for(
      0, static_cast<std::int64_t>(rays.size()), 256, [&](std::int64_t r0, std::int64_t r1) {
        std::vector<int> stamp(buckets.triangle_count(), -1);
        for (std::int64_t r = r0; r < r1; ++r) {
          if (group[r].empty()) continue;
          const SkinRay& ray = rays[r];
          if (norm(ray.inward) == 0.0) continue;
          const auto ts =
              buckets.crossings(ray.skin_point - ray.inward * kStart_mm, ray.inward,
                                max_depth_mm + kStart_mm, &stamp, static_cast<int>(r - r0));
          if (ts.size() >= 2) value[r] = ts[1] - ts[0];
        }
      });
  std::map<std::string, std::vector<double>> by_group;
  for (std::size_t r = 0; r < rays.size(); ++r)
    if (value[r] >= 0.0) by_group[group[r]].push_back(value[r]);
  std::map<std::string, Measured> out;
  for (auto& [g, values] : by_group) {
    std::sort(values.begin(), values.end());
    Measured m;
    m.count = static_cast<int>(values.size());
    m.thickness.min_mm = percentile(values, 0.05);
    m.thickness.median_mm = percentile(values, 0.5);
    m.thickness.max_mm = percentile(values, 0.95);
    out[g] = m;
  }
  return out;
}

}  // namespace toxplan::atlas_build::soft
