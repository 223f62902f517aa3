#include "atlas_build/soft_tissue_conform.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "anatomy/triangle_bvh.h"
#include "base/parallel_for.h"

namespace toxplan::atlas_build::soft {

namespace {

// Farther than this from every real tissue the skin is left where it is (nothing to conform to).
constexpr double kSearchRadius_mm = 40.0;
// Smoothing of the moves: Jacobi steps of half the neighbour mean (about 20 mm on this skin).
constexpr int kSmoothingSteps = 12;

// Vertex ids after welding equal positions, so that a vertex shared by two pieces (the cap and
// the wall) moves once.
std::vector<int> welded_ids(const anatomy::TriangleMesh& mesh, int* count) {
  std::map<std::tuple<double, double, double>, int> ids;
  std::vector<int> out(mesh.vertices_mm.size());
  for (std::size_t v = 0; v < mesh.vertices_mm.size(); ++v) {
    const Vec3& p = mesh.vertices_mm[v];
    out[v] =
        ids.emplace(std::make_tuple(p.x, p.y, p.z), static_cast<int>(ids.size())).first->second;
  }
  *count = static_cast<int>(ids.size());
  return out;
}

}  // namespace

ConformedSkin conform_skin(const anatomy::TriangleMesh& skin,
                           const std::vector<const anatomy::TriangleMesh*>& tissue,
                           const std::function<Regions::CoverBand(const Vec3&)>& band, int passes) {
  int n = 0;
  const std::vector<int> id = welded_ids(skin, &n);
  std::vector<Vec3> position(n);
  for (std::size_t v = 0; v < skin.vertices_mm.size(); ++v)
    position[id[v]] = skin.vertices_mm[v];
  std::vector<std::vector<int>> neighbours(n);
  for (const auto& t : skin.triangles)
    for (int a = 0; a < 3; ++a) {
      const int i = id[t[a]], j = id[t[(a + 1) % 3]];
      neighbours[i].push_back(j);
      neighbours[j].push_back(i);
    }
  for (auto& list : neighbours) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  std::vector<anatomy::TriangleBvh> trees;
  std::vector<anatomy::Box> boxes;
  trees.reserve(tissue.size());
  for (const anatomy::TriangleMesh* m : tissue) {
    if (!m || m->triangles.empty()) continue;
    trees.emplace_back(m);
    boxes.push_back(m->bounds());
  }
  // The bands do not change as the skin moves a few mm: read them once, at the source skin.
  std::vector<Regions::CoverBand> bands(n);
  for (int i = 0; i < n; ++i)
    bands[i] = band(position[i]);

  // Inside a region that does not take part (all neighbours too) the skin stays exactly where
  // it is; at its border the moves of the neighbours blend in.
  std::vector<char> pinned(n, 0);
  for (int i = 0; i < n; ++i) {
    bool all_zero = bands[i].weight <= 0.0;
    for (int j : neighbours[i])
      all_zero = all_zero && bands[j].weight <= 0.0;
    pinned[i] = all_zero ? 1 : 0;
  }

  std::vector<double> total(n, 0.0);
  anatomy::TriangleMesh current = skin;
  for (int pass = 0; pass < passes; ++pass) {
    std::vector<Vec3> normal(n);
    for (std::size_t t = 0; t < current.triangles.size(); ++t) {
      const Vec3 nt = current.triangle_normal(t);
      for (int v : current.triangles[t])
        normal[id[v]] = normal[id[v]] + nt;
    }
    for (Vec3& v : normal)
      v = normalized(v);
    std::vector<double> move(n, 0.0);
    parallel_for(0, n, 256, [&](std::int64_t i0, std::int64_t i1) {
      for (std::int64_t i = i0; i < i1; ++i) {
        const Regions::CoverBand& b = bands[i];
        if (b.weight <= 0.0) continue;
        const Vec3& p = position[i];
        anatomy::ClosestPoint best;
        best.distance_mm = kSearchRadius_mm;
        bool found = false;
        for (std::size_t m = 0; m < trees.size(); ++m) {
          const anatomy::Box& box = boxes[m];
          const double dx = std::max({box.min_mm.x - p.x, 0.0, p.x - box.max_mm.x});
          const double dy = std::max({box.min_mm.y - p.y, 0.0, p.y - box.max_mm.y});
          const double dz = std::max({box.min_mm.z - p.z, 0.0, p.z - box.max_mm.z});
          if (dx * dx + dy * dy + dz * dz >= best.distance_mm * best.distance_mm) continue;
          anatomy::ClosestPoint c;
          if (trees[m].closest_point(p, best.distance_mm, &c) && c.distance_mm < best.distance_mm) {
            best = c;
            found = true;
          }
        }
        if (!found) continue;
        // Tissue on the outward side of the skin (a muscle through it): the cover is negative.
        const double d =
            dot(best.point_mm - p, normal[i]) > 0.0 ? -best.distance_mm : best.distance_mm;
        move[i] = b.weight * (std::clamp(d, b.low_mm, b.high_mm) - d);
      }
    });
    for (int step = 0; step < kSmoothingSteps; ++step) {
      std::vector<double> next(n);
      for (int i = 0; i < n; ++i) {
        if (pinned[i] || neighbours[i].empty()) {
          next[i] = move[i];
          continue;
        }
        double sum = 0.0;
        for (int j : neighbours[i])
          sum += move[j];
        next[i] = 0.5 * move[i] + 0.5 * sum / static_cast<double>(neighbours[i].size());
      }
      move.swap(next);
    }
    for (int i = 0; i < n; ++i) {
      position[i] = position[i] + normal[i] * move[i];
      total[i] += move[i];
    }
    for (std::size_t v = 0; v < current.vertices_mm.size(); ++v)
      current.vertices_mm[v] = position[id[v]];
  }

  ConformedSkin out;
  out.mesh = std::move(current);
  out.displacement_mm.resize(skin.vertices_mm.size());
  for (std::size_t v = 0; v < skin.vertices_mm.size(); ++v) {
    const double t = total[id[v]];
    out.displacement_mm[v] = t;
    out.deepest_in_mm = std::max(out.deepest_in_mm, -t);
    out.farthest_out_mm = std::max(out.farthest_out_mm, t);
  }
  for (int i = 0; i < n; ++i)
    if (std::abs(total[i]) > 0.1) ++out.vertices_moved;
  for (std::size_t t = 0; t < skin.triangles.size(); ++t)
    if (dot(out.mesh.triangle_normal(t), skin.triangle_normal(t)) <= 0.0) ++out.triangles_flipped;
  return out;
}

Vec3 moved_with_skin(const ConformedSkin& conformed, const anatomy::TriangleMesh& unmoved,
                     const Vec3& p) {
  std::size_t nearest = 0;
  double best = 1e300;
  for (std::size_t v = 0; v < unmoved.vertices_mm.size(); ++v) {
    const double d = distance(unmoved.vertices_mm[v], p);
    if (d < best) {
      best = d;
      nearest = v;
    }
  }
  if (unmoved.vertices_mm.empty()) return p;
  return p + (conformed.mesh.vertices_mm[nearest] - unmoved.vertices_mm[nearest]);
}

}  // namespace toxplan::atlas_build::soft
