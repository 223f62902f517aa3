#include "atlas_build/soft_tissue_skin_walls.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <tuple>
#include <unordered_map>

#include "atlas_build/soft_tissue_surface.h"
#include "base/parallel_for.h"

namespace toxplan::atlas_build::soft {
namespace {

double coord(const Vec3& p, int a) {
  return a == 0 ? p.x : a == 1 ? p.y : p.z;
}

// Triangles bucketed by their projection along one axis, for axis-parallel rays.
class AxisRays {
 public:
  AxisRays(const anatomy::TriangleMesh& mesh, int axis) : mesh_(mesh), axis_(axis) {
    u_ = (axis + 1) % 3;
    v_ = (axis + 2) % 3;
    for (std::size_t t = 0; t < mesh.triangles.size(); ++t) {
      double u0 = 1e300, u1 = -1e300, v0 = 1e300, v1 = -1e300;
      for (int q : mesh.triangles[t]) {
        const Vec3& p = mesh.vertices_mm[q];
        u0 = std::min(u0, coord(p, u_)), u1 = std::max(u1, coord(p, u_));
        v0 = std::min(v0, coord(p, v_)), v1 = std::max(v1, coord(p, v_));
      }
      for (std::int64_t i = cell(u0); i <= cell(u1); ++i)
        for (std::int64_t j = cell(v0); j <= cell(v1); ++j)
          cells_[key(i, j)].push_back(static_cast<int>(t));
    }
  }

  // Axis coordinates where the line through p along the axis crosses the mesh, relative to p.
  void crossings(const Vec3& p, std::vector<double>* out) const {
    out->clear();
    const double pu = coord(p, u_), pv = coord(p, v_), pa = coord(p, axis_);
    const auto it = cells_.find(key(cell(pu), cell(pv)));
    if (it == cells_.end()) return;
    for (int t : it->second) {
      const auto& tri = mesh_.triangles[t];
      const Vec3& a = mesh_.vertices_mm[tri[0]];
      const Vec3& b = mesh_.vertices_mm[tri[1]];
      const Vec3& c = mesh_.vertices_mm[tri[2]];
      const double au = coord(a, u_), av = coord(a, v_), bu = coord(b, u_), bv = coord(b, v_),
                   cu = coord(c, u_), cv = coord(c, v_);
      const double area = (bu - au) * (cv - av) - (bv - av) * (cu - au);
      if (area == 0.0) continue;
      const double wa = ((bu - pu) * (cv - pv) - (bv - pv) * (cu - pu)) / area;
      const double wb = ((cu - pu) * (av - pv) - (cv - pv) * (au - pu)) / area;
      const double wc = 1.0 - wa - wb;
      if (wa < 0.0 || wb < 0.0 || wc < 0.0) continue;
      out->push_back(wa * coord(a, axis_) + wb * coord(b, axis_) + wc * coord(c, axis_) - pa);
    }
  }

 private:
  static constexpr double kCell_mm = 2.0;
  static std::int64_t cell(double x) { return static_cast<std::int64_t>(std::floor(x / kCell_mm)); }
  static std::int64_t key(std::int64_t i, std::int64_t j) { return (i + 1000000) * 2000003 + j; }
  const anatomy::TriangleMesh& mesh_;
  int axis_, u_ = 1, v_ = 2;
  std::unordered_map<std::int64_t, std::vector<int>> cells_;
};

Vec3 centroid(const anatomy::TriangleMesh& m, std::size_t t) {
  const auto& tri = m.triangles[t];
  return (m.vertices_mm[tri[0]] + m.vertices_mm[tri[1]] + m.vertices_mm[tri[2]]) * (1.0 / 3.0);
}

// Welds vertices at equal positions so that edges can be followed.
anatomy::TriangleMesh welded(const anatomy::TriangleMesh& in) {
  anatomy::TriangleMesh out;
  std::map<std::tuple<double, double, double>, int> ids;
  std::vector<int> remap(in.vertices_mm.size());
  for (std::size_t v = 0; v < in.vertices_mm.size(); ++v) {
    const Vec3& p = in.vertices_mm[v];
    const auto [it, added] =
        ids.emplace(std::make_tuple(p.x, p.y, p.z), static_cast<int>(out.vertices_mm.size()));
    if (added) out.vertices_mm.push_back(p);
    remap[v] = it->second;
  }
  for (const auto& t : in.triangles)
    out.triangles.push_back({remap[t[0]], remap[t[1]], remap[t[2]]});
  return out;
}

}  // namespace

OuterWall outer_wall(const anatomy::TriangleMesh& skin, double keep_open_below_z_mm) {
  OuterWall result;
  anatomy::TriangleMesh m = welded(skin);
  orient_outward(&m);  // normals out of the shell's material
  const std::size_t n = m.triangles.size();
  const AxisRays rays[3] = {AxisRays(m, 0), AxisRays(m, 1), AxisRays(m, 2)};
  // Per triangle: distance to the other wall (into the material along the dominant axis of the
  // normal) and the vote.
  std::vector<double> separation(n, -1.0);
  std::vector<char> outer(n, 1);
  parallel_for(0, static_cast<std::int64_t>(n), 512, [&](std::int64_t t0, std::int64_t t1) {
    std::vector<double> xs;
    for (std::int64_t t = t0; t < t1; ++t) {
      const Vec3 nn = normalized(m.triangle_normal(static_cast<std::size_t>(t)));
      if (norm(nn) == 0.0) continue;
      const Vec3 c = centroid(m, static_cast<std::size_t>(t));
      // Into the material: the first crossing beyond the triangle itself.
      const int dom = std::abs(nn.x) >= std::abs(nn.y) && std::abs(nn.x) >= std::abs(nn.z) ? 0
                      : std::abs(nn.y) >= std::abs(nn.z)                                   ? 1
                                                                                           : 2;
      const double into = -coord(nn, dom) > 0.0 ? 1.0 : -1.0;
      rays[dom].crossings(c, &xs);
      double first = 1e300;
      for (double x : xs)
        if (x * into > 1e-6) first = std::min(first, x * into);
      if (first < 1e299) separation[t] = first * std::abs(coord(nn, dom));
      // The vote, from a point just off the material side.
      const Vec3 p = c + nn * 0.25;
      int exterior = 0, cavity = 0;
      for (int a = 0; a < 3; ++a) {
        rays[a].crossings(p, &xs);
        for (int dir : {1, -1}) {
          if (a == 2 && dir < 0) continue;  // the mesh may be open below
          int count = 0;
          for (double x : xs)
            if (x * dir > 0.0) ++count;
          if (count % 4 == 0) ++exterior;
          if (count % 4 == 2) ++cavity;
        }
      }
      outer[t] = exterior >= cavity ? 1 : 0;
    }
  });
  std::vector<double> seps;
  for (double s : separation)
    if (s >= 0.0) seps.push_back(s);
  std::sort(seps.begin(), seps.end());
  result.wall_separation_mm = seps.empty() ? 0.0 : seps[seps.size() / 2];
  // A plain surface: the other side of the material is the far side of the body.
  if (result.wall_separation_mm > 10.0) {
    result.mesh = m;
    result.outer_triangles = static_cast<int>(n);
    return result;
  }
  // Labels by connected parts: the inner wall is the largest part labelled inner, the outer
  // wall the largest labelled outer; smaller parts (a few rays miscounted, e.g. through the
  // palpebral openings) take the other label. Inner parts first, then outer parts.
  std::vector<int> part(n, -1);
  std::vector<int> sizes;
  const auto label_parts = [&](char label) {
    std::map<std::pair<int, int>, std::vector<int>> around;
    for (std::size_t t = 0; t < n; ++t)
      if (outer[t] == label)
        for (int e = 0; e < 3; ++e) {
          const int a = m.triangles[t][e], b = m.triangles[t][(e + 1) % 3];
          around[{std::min(a, b), std::max(a, b)}].push_back(static_cast<int>(t));
        }
    std::fill(part.begin(), part.end(), -1);
    sizes.clear();
    for (std::size_t s0 = 0; s0 < n; ++s0) {
      if (outer[s0] != label || part[s0] >= 0) continue;
      const int id = static_cast<int>(sizes.size());
      int size = 0;
      std::vector<int> stack{static_cast<int>(s0)};
      part[s0] = id;
      while (!stack.empty()) {
        const int t = stack.back();
        stack.pop_back();
        ++size;
        for (int e = 0; e < 3; ++e) {
          const int a = m.triangles[t][e], b = m.triangles[t][(e + 1) % 3];
          for (int u : around[{std::min(a, b), std::max(a, b)}])
            if (part[u] < 0) {
              part[u] = id;
              stack.push_back(u);
            }
        }
      }
      sizes.push_back(size);
    }
    return static_cast<int>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
  };
  {
    const int inner_keep = label_parts(0);
    for (std::size_t t = 0; t < n; ++t)
      if (outer[t] == 0 && part[t] != inner_keep) outer[t] = 1;
  }
  const int keep = label_parts(1);
  anatomy::TriangleMesh wall;
  wall.vertices_mm = m.vertices_mm;
  for (std::size_t t = 0; t < n; ++t)
    if (part[t] == keep) wall.triangles.push_back(m.triangles[t]);
  result.outer_triangles = static_cast<int>(wall.triangles.size());
  result.inner_triangles = static_cast<int>(n) - result.outer_triangles;
  // Boundary edges (a -> b as wound in the wall, with no b -> a), followed into loops.
  std::map<std::pair<int, int>, int> directed;
  for (const auto& t : wall.triangles)
    for (int e = 0; e < 3; ++e)
      ++directed[{t[e], t[(e + 1) % 3]}];
  std::multimap<int, int> next;
  for (const auto& [e, count] : directed)
    if (!directed.count({e.second, e.first})) next.emplace(e.first, e.second);
  while (!next.empty()) {
    std::vector<int> loop{next.begin()->first};
    int cur = next.begin()->second;
    next.erase(next.begin());
    while (cur != loop.front()) {
      loop.push_back(cur);
      const auto it = next.find(cur);
      if (it == next.end()) break;  // a chain that does not close (a pinched boundary)
      cur = it->second;
      next.erase(it);
    }
    if (cur != loop.front()) continue;
    bool above = true;
    Vec3 c{};
    for (int v : loop) {
      above = above && wall.vertices_mm[v].z >= keep_open_below_z_mm;
      c = c + wall.vertices_mm[v];
    }
    if (!above) continue;
    // A fan from the loop's centroid; each cap triangle uses its boundary edge reversed.
    const int centre = static_cast<int>(wall.vertices_mm.size());
    wall.vertices_mm.push_back(c * (1.0 / static_cast<double>(loop.size())));
    for (std::size_t i = 0; i < loop.size(); ++i)
      wall.triangles.push_back({loop[(i + 1) % loop.size()], loop[i], centre});
    ++result.openings_capped;
  }
  // Drop the vertices only the inner wall used.
  std::vector<int> remap(wall.vertices_mm.size(), -1);
  anatomy::TriangleMesh out;
  for (auto t : wall.triangles) {
    for (int& v : t) {
      if (remap[v] < 0) {
        remap[v] = static_cast<int>(out.vertices_mm.size());
        out.vertices_mm.push_back(wall.vertices_mm[v]);
      }
      v = remap[v];
    }
    out.triangles.push_back(t);
  }
  result.mesh = std::move(out);
  return result;
}

}  // namespace toxplan::atlas_build::soft
