#include "atlas_build/mesh_measures.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "anatomy/triangle_bvh.h"
#include "base/parallel_for.h"

namespace toxplan::atlas_build {

namespace {

struct CellKey {
  std::int64_t i, j, k;
  bool operator==(const CellKey& o) const { return i == o.i && j == o.j && k == o.k; }
};

struct CellHash {
  std::size_t operator()(const CellKey& c) const {
    std::uint64_t h = static_cast<std::uint64_t>(c.i) * 0x9E3779B97F4A7C15ull;
    h ^= static_cast<std::uint64_t>(c.j) * 0xC2B2AE3D27D4EB4Full + (h << 6) + (h >> 2);
    h ^= static_cast<std::uint64_t>(c.k) * 0x165667B19E3779F9ull + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h);
  }
};

std::uint64_t edge_key(int a, int b) {
  const auto lo = static_cast<std::uint32_t>(std::min(a, b));
  const auto hi = static_cast<std::uint32_t>(std::max(a, b));
  return (static_cast<std::uint64_t>(lo) << 32) | hi;
}

// Distance from `p` to the nearest point of the tree's triangles (no distance cap).
double nearest_mm(const anatomy::TriangleBvh& tree, const Vec3& p) {
  anatomy::ClosestPoint hit;
  if (!tree.closest_point(p, std::numeric_limits<double>::infinity(), &hit)) {
    return std::numeric_limits<double>::infinity();
  }
  return hit.distance_mm;
}

}  // namespace

anatomy::TriangleMesh weld_vertices(const anatomy::TriangleMesh& mesh, double tolerance_mm) {
  // Vertices are binned on a grid of cell = tolerance; a vertex merges with the first earlier
  // vertex within the tolerance in its own or a neighbouring cell, so that two points a hair
  // apart on either side of a cell wall still merge.
  const double cell = tolerance_mm > 0.0 ? tolerance_mm : 1e-9;
  std::unordered_map<CellKey, std::vector<int>, CellHash> cells;
  cells.reserve(mesh.vertices_mm.size() * 2);
  anatomy::TriangleMesh out;
  std::vector<int> remap(mesh.vertices_mm.size(), -1);
  const double tol_sq = tolerance_mm * tolerance_mm;
  for (std::size_t v = 0; v < mesh.vertices_mm.size(); ++v) {
    const Vec3& p = mesh.vertices_mm[v];
    const CellKey key{static_cast<std::int64_t>(std::floor(p.x / cell)),
                      static_cast<std::int64_t>(std::floor(p.y / cell)),
                      static_cast<std::int64_t>(std::floor(p.z / cell))};
    int found = -1;
    for (int di = -1; di <= 1 && found < 0; ++di) {
      for (int dj = -1; dj <= 1 && found < 0; ++dj) {
        for (int dk = -1; dk <= 1 && found < 0; ++dk) {
          auto it = cells.find({key.i + di, key.j + dj, key.k + dk});
          if (it == cells.end()) {
            continue;
          }
          for (int candidate : it->second) {
            const Vec3 d = out.vertices_mm[candidate] - p;
            if (dot(d, d) <= tol_sq) {
              found = candidate;
              break;
            }
          }
        }
      }
    }
    if (found < 0) {
      found = static_cast<int>(out.vertices_mm.size());
      out.vertices_mm.push_back(p);
      cells[key].push_back(found);
    }
    remap[v] = found;
  }
  out.triangles.reserve(mesh.triangles.size());
  for (const auto& tri : mesh.triangles) {
    const std::array<int, 3> t{remap[tri[0]], remap[tri[1]], remap[tri[2]]};
    if (t[0] == t[1] || t[1] == t[2] || t[2] == t[0]) {
      continue;  // collapsed by the weld: no area, and it would count one edge twice
    }
    out.triangles.push_back(t);
  }
  return out;
}

OpenEdges count_open_edges(const anatomy::TriangleMesh& mesh) {
  const anatomy::TriangleMesh welded = weld_vertices(mesh);
  std::vector<std::uint64_t> edges;
  edges.reserve(welded.triangles.size() * 3);
  for (const auto& t : welded.triangles) {
    edges.push_back(edge_key(t[0], t[1]));
    edges.push_back(edge_key(t[1], t[2]));
    edges.push_back(edge_key(t[2], t[0]));
  }
  std::sort(edges.begin(), edges.end());
  OpenEdges result;
  for (std::size_t i = 0; i < edges.size();) {
    std::size_t j = i;
    while (j < edges.size() && edges[j] == edges[i]) {
      ++j;
    }
    const std::size_t uses = j - i;
    if (uses == 1) {
      ++result.boundary_edges;
    } else if (uses > 2) {
      ++result.non_manifold_edges;
    }
    i = j;
  }
  return result;
}

double enclosed_volume_mm3(const anatomy::TriangleMesh& mesh) {
  if (mesh.vertices_mm.empty()) {
    return 0.0;
  }
  // Relative to the box centre: BodyParts3D coordinates are ~1,500 mm from the origin, and the
  // signed tetrahedra from there would cancel in the 16th digit.
  const anatomy::Box box = mesh.bounds();
  const Vec3 o = (box.min_mm + box.max_mm) * 0.5;
  double six_volume = 0.0;
  for (const auto& t : mesh.triangles) {
    const Vec3 a = mesh.vertices_mm[t[0]] - o;
    const Vec3 b = mesh.vertices_mm[t[1]] - o;
    const Vec3 c = mesh.vertices_mm[t[2]] - o;
    six_volume += dot(a, cross(b, c));
  }
  return std::abs(six_volume) / 6.0;
}

SurfaceDistance surface_distance(const anatomy::TriangleMesh& from,
                                 const anatomy::TriangleMesh& to) {
  SurfaceDistance result;
  if (from.vertices_mm.empty() || to.triangles.empty()) {
    return result;
  }
  // The samples: every vertex, every edge midpoint (each edge once) and every centroid.
  std::vector<Vec3> samples = from.vertices_mm;
  std::vector<std::uint64_t> edges;
  edges.reserve(from.triangles.size() * 3);
  for (const auto& t : from.triangles) {
    edges.push_back(edge_key(t[0], t[1]));
    edges.push_back(edge_key(t[1], t[2]));
    edges.push_back(edge_key(t[2], t[0]));
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  samples.reserve(samples.size() + edges.size() + from.triangles.size());
  for (std::uint64_t e : edges) {
    const int a = static_cast<int>(e >> 32);
    const int b = static_cast<int>(e & 0xffffffffu);
    samples.push_back((from.vertices_mm[a] + from.vertices_mm[b]) * 0.5);
  }
  for (const auto& t : from.triangles) {
    samples.push_back((from.vertices_mm[t[0]] + from.vertices_mm[t[1]] + from.vertices_mm[t[2]]) *
                      (1.0 / 3.0));
  }
  const anatomy::TriangleBvh tree(&to);
  std::vector<double> distances(samples.size());
  parallel_for(0, static_cast<std::int64_t>(samples.size()), 512,
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t i = begin; i < end; ++i) {
                   distances[i] = nearest_mm(tree, samples[i]);
                 }
               });
  // Summed in sample order on one thread: the mean is the same to the bit on any thread count.
  double sum = 0.0;
  for (double d : distances) {
    result.max_mm = std::max(result.max_mm, d);
    sum += d;
  }
  result.mean_mm = sum / static_cast<double>(distances.size());
  return result;
}

double hausdorff_mm(const anatomy::TriangleMesh& a, const anatomy::TriangleMesh& b) {
  return std::max(surface_distance(a, b).max_mm, surface_distance(b, a).max_mm);
}

}  // namespace toxplan::atlas_build
