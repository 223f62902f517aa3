// Moving a muscle's surface out of the bones it enters without tearing or folding it.
//
// A vertex inside a bone is put at `clearance_mm` outside the bone's nearest surface point. Doing
// only that would leave a step where the moved vertices meet their unmoved neighbours (and flip
// the triangles across it), so the displacement is spread: the moved vertices are held at their
// new places and the displacement of the vertices around them (within a few times the depth) is
// the average of their neighbours' (a discrete harmonic field, zero at the edge of the region).
// The muscle then bends smoothly around the bone. Spreading can push a neighbour into the bone,
// so the pass repeats until no vertex is inside; a last pass puts any vertex still inside out
// without spreading.
#include "atlas_build/overlap_resolution.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>

#include "anatomy/axis_raster.h"
#include "anatomy/triangle_bvh.h"
#include "atlas_build/mesh_measures.h"
#include "base/parallel_for.h"

namespace toxplan::atlas_build {

namespace {

struct HardMesh {
  const anatomy::TriangleMesh* mesh;
  anatomy::AxisRaster raster;  // parity: inside or not
  anatomy::TriangleBvh tree;   // nearest surface point
  anatomy::Box box;
};

struct Penetration {
  bool inside = false;
  double depth_mm = 0.0;
  Vec3 target_mm;  // clearance outside the nearest surface point
};

// The deepest penetration of `p` into any of the hard meshes, and where to put it.
Penetration penetration(const std::vector<HardMesh>& hard, const Vec3& p, double clearance_mm) {
  Penetration best;
  for (const HardMesh& h : hard) {
    if (p.x < h.box.min_mm.x || p.y < h.box.min_mm.y || p.z < h.box.min_mm.z ||
        p.x > h.box.max_mm.x || p.y > h.box.max_mm.y || p.z > h.box.max_mm.z) {
      continue;
    }
    if (h.raster.crossings_above(p.x, p.y, p.z) % 2 == 0) {
      continue;
    }
    anatomy::ClosestPoint hit;
    if (!h.tree.closest_point(p, std::numeric_limits<double>::infinity(), &hit)) {
      continue;
    }
    if (best.inside && hit.distance_mm <= best.depth_mm) {
      continue;
    }
    // Outward: from the point to its nearest surface point; for a point on the surface itself,
    // the nearest triangle's normal, signed to point away from the inside.
    Vec3 out = hit.point_mm - p;
    if (norm(out) < 1e-9) {
      out = h.mesh->triangle_normal(static_cast<std::size_t>(hit.triangle));
      const Vec3 probe = p + normalized(out) * 1e-4;
      if (h.raster.crossings_above(probe.x, probe.y, probe.z) % 2 == 1) {
        out = -out;
      }
    }
    best.inside = true;
    best.depth_mm = hit.distance_mm;
    best.target_mm = hit.point_mm + normalized(out) * clearance_mm;
  }
  return best;
}

bool inside_any(const std::vector<HardMesh>& hard, const Vec3& p) {
  for (const HardMesh& h : hard) {
    if (p.x >= h.box.min_mm.x && p.y >= h.box.min_mm.y && p.z >= h.box.min_mm.z &&
        p.x <= h.box.max_mm.x && p.y <= h.box.max_mm.y && p.z <= h.box.max_mm.z &&
        h.raster.crossings_above(p.x, p.y, p.z) % 2 == 1) {
      return true;
    }
  }
  return false;
}

std::vector<std::vector<int>> vertex_neighbours(const anatomy::TriangleMesh& mesh) {
  std::vector<std::vector<int>> nbrs(mesh.vertices_mm.size());
  for (const auto& t : mesh.triangles) {
    for (int e = 0; e < 3; ++e) {
      nbrs[t[e]].push_back(t[(e + 1) % 3]);
      nbrs[t[e]].push_back(t[(e + 2) % 3]);
    }
  }
  for (auto& list : nbrs) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return nbrs;
}

// Vertices within `radius_mm` (along edges) of a held vertex: the region the push spreads over.
std::vector<char> spread_region(const anatomy::TriangleMesh& mesh,
                                const std::vector<std::vector<int>>& nbrs,
                                const std::vector<char>& held, double radius_mm) {
  const std::size_t n = mesh.vertices_mm.size();
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  for (std::size_t v = 0; v < n; ++v) {
    if (held[v]) {
      dist[v] = 0.0;
      queue.push({0.0, static_cast<int>(v)});
    }
  }
  while (!queue.empty()) {
    const auto [d, v] = queue.top();
    queue.pop();
    if (d > dist[v]) {
      continue;
    }
    for (int w : nbrs[v]) {
      const double dw = d + distance(mesh.vertices_mm[v], mesh.vertices_mm[w]);
      if (dw < dist[w] && dw <= radius_mm) {
        dist[w] = dw;
        queue.push({dw, w});
      }
    }
  }
  std::vector<char> region(n, 0);
  for (std::size_t v = 0; v < n; ++v) {
    region[v] = !held[v] && dist[v] <= radius_mm;
  }
  return region;
}

// Triangles whose normal turned by more than 90 degrees from the source's: folded over.
std::vector<int> folded_triangles(const anatomy::TriangleMesh& source,
                                  const std::vector<Vec3>& points) {
  std::vector<int> folded;
  for (std::size_t t = 0; t < source.triangles.size(); ++t) {
    const auto& tri = source.triangles[t];
    const Vec3 now = cross(points[tri[1]] - points[tri[0]], points[tri[2]] - points[tri[0]]);
    if (dot(now, source.triangle_normal(t)) < 0.0) {
      folded.push_back(static_cast<int>(t));
    }
  }
  return folded;
}

// Where pushing squeezed the surface onto the bone from two sides (the end of a muscle that
// entered a bone), triangles can fold over. Their corners and the ring around them are relaxed
// toward their neighbours' mean (Jacobi, so the order does not matter), a vertex that the
// relaxation takes back into the bone is put out again, until no triangle is folded or the
// sweeps run out.
void untangle(const anatomy::TriangleMesh& source, const std::vector<std::vector<int>>& nbrs,
              const std::vector<HardMesh>& bones, double clearance_mm, std::vector<Vec3>* points) {
  constexpr int kSweeps = 50;
  const std::size_t n = points->size();
  // Relaxing can also fold a squeezed place elsewhere: the sweep with the fewest folds wins.
  std::vector<Vec3> best = *points;
  std::size_t best_folds = folded_triangles(source, *points).size();
  for (int sweep = 0; sweep < kSweeps && best_folds > 0; ++sweep) {
    const std::vector<int> folded = folded_triangles(source, *points);
    if (folded.size() < best_folds) {
      best_folds = folded.size();
      best = *points;
    }
    if (folded.empty()) {
      break;
    }
    std::vector<char> relax(n, 0);
    for (int t : folded) {
      for (int v : source.triangles[t]) {
        relax[v] = 1;
        for (int w : nbrs[v]) {
          relax[w] = 1;
        }
      }
    }
    std::vector<Vec3> next = *points;
    for (std::size_t v = 0; v < n; ++v) {
      if (!relax[v] || nbrs[v].empty()) {
        continue;
      }
      Vec3 sum{0, 0, 0};
      for (int w : nbrs[v]) {
        sum = sum + (*points)[w];
      }
      next[v] = sum * (1.0 / static_cast<double>(nbrs[v].size()));
      const Penetration p = penetration(bones, next[v], clearance_mm);
      if (p.inside) {
        next[v] = p.target_mm;
      }
    }
    *points = std::move(next);
  }
  if (folded_triangles(source, *points).size() > best_folds) {
    *points = std::move(best);
  }
}

// `p` if it is at least `clearance_mm` outside every bone; otherwise put out to that clearance.
Vec3 kept_clear(const std::vector<HardMesh>& bones, const Vec3& p, double clearance_mm) {
  const Penetration pen = penetration(bones, p, clearance_mm);
  if (pen.inside) {
    return pen.target_mm;
  }
  Vec3 q = p;
  for (const HardMesh& h : bones) {
    anatomy::ClosestPoint hit;
    if (h.tree.closest_point(q, clearance_mm, &hit) && hit.distance_mm > 1e-9) {
      const Vec3 cleared = hit.point_mm + normalized(q - hit.point_mm) * clearance_mm;
      if (!inside_any(bones, cleared)) {
        q = cleared;
      }
    }
  }
  return q;
}

// The pushed vertices sit at their own nearest bone points, which for a muscle end sunk deep
// into a bone squeezes the end from several sides. Settling lets the region slide: each sweep
// moves every vertex near the pushed ones to its neighbours' mean plus its own original offset
// from theirs (which keeps the source's local shape: the source is a fixed point), then puts
// any vertex that went into a bone out again. The far edge of the region stays put.
void settle(const anatomy::TriangleMesh& source, const std::vector<std::vector<int>>& nbrs,
            const std::vector<HardMesh>& bones, double clearance_mm, const std::vector<char>& held,
            double radius_mm, std::vector<Vec3>* points) {
  constexpr int kSweeps = 100;
  const std::size_t n = points->size();
  std::vector<char> region = spread_region(source, nbrs, held, radius_mm);
  std::vector<int> free;
  for (std::size_t v = 0; v < n; ++v) {
    if ((region[v] || held[v]) && !nbrs[v].empty()) {
      free.push_back(static_cast<int>(v));
    }
  }
  std::vector<Vec3> detail(n, Vec3{0, 0, 0});
  for (int v : free) {
    Vec3 sum{0, 0, 0};
    for (int w : nbrs[v]) {
      sum = sum + source.vertices_mm[w];
    }
    detail[v] = source.vertices_mm[v] - sum * (1.0 / static_cast<double>(nbrs[v].size()));
  }
  std::vector<Vec3> next = *points;
  for (int sweep = 0; sweep < kSweeps; ++sweep) {
    parallel_for(0, static_cast<std::int64_t>(free.size()), 256,
                 [&](std::int64_t begin, std::int64_t end) {
                   for (std::int64_t i = begin; i < end; ++i) {
                     const int v = free[i];
                     Vec3 sum{0, 0, 0};
                     for (int w : nbrs[v]) {
                       sum = sum + (*points)[w];
                     }
                     Vec3 p = sum * (1.0 / static_cast<double>(nbrs[v].size())) + detail[v];
                     next[v] = kept_clear(bones, p, clearance_mm);
                   }
                 });
    for (int v : free) {
      (*points)[v] = next[v];
    }
  }
}

}  // namespace

OverlapResolution move_out_of(const anatomy::TriangleMesh& soft,
                              const std::vector<const anatomy::TriangleMesh*>& hard,
                              double clearance_mm) {
  OverlapResolution result;
  result.mesh = soft;
  std::vector<HardMesh> bones;
  bones.reserve(hard.size());
  for (std::size_t i = 0; i < hard.size(); ++i) {
    const anatomy::TriangleMesh* h = hard[i];
    if (h == nullptr || h->triangles.empty()) {
      continue;
    }
    // "Inside" is ray parity, which only means something for a closed surface.
    const OpenEdges edges = count_open_edges(*h);
    if (!edges.closed()) {
      throw std::runtime_error("hard mesh " + std::to_string(i + 1) + " of " +
                               std::to_string(hard.size()) + " is not closed (" +
                               std::to_string(edges.boundary_edges) + " boundary and " +
                               std::to_string(edges.non_manifold_edges) +
                               " non-manifold edges): close it before moving muscles out of it");
    }
    bones.push_back({h, anatomy::AxisRaster(h, 2), anatomy::TriangleBvh(h), h->bounds()});
  }
  const std::size_t n = soft.vertices_mm.size();
  if (bones.empty() || n == 0) {
    return result;
  }
  std::vector<Vec3>& points = result.mesh.vertices_mm;
  std::vector<Penetration> pen(n);
  auto measure = [&]() {
    parallel_for(0, static_cast<std::int64_t>(n), 256, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t v = begin; v < end; ++v) {
        pen[v] = penetration(bones, points[v], clearance_mm);
      }
    });
    double deepest = 0.0;
    for (const Penetration& p : pen) {
      deepest = p.inside ? std::max(deepest, p.depth_mm) : deepest;
    }
    return deepest;
  };
  result.deepest_before_mm = measure();
  if (result.deepest_before_mm == 0.0 &&
      std::none_of(pen.begin(), pen.end(), [](const auto& p) { return p.inside; })) {
    return result;
  }
  const auto nbrs = vertex_neighbours(soft);
  std::vector<char> held(n, 0);
  std::vector<Vec3> shift(n, Vec3{0, 0, 0});  // displacement from the source position
  // The push fades out over six times the deepest penetration (at least 3 mm), so that a 5 mm
  // overlap bends the muscle over ~30 mm instead of creasing it (measured on the trapezius and
  // SCM: three times folds 109 triangles, six times 75, ten times 72 but moves twice as much).
  const double radius_mm = std::max(3.0, 6.0 * (result.deepest_before_mm + clearance_mm));
  constexpr int kRounds = 8;
  constexpr int kSmoothingSweeps = 60;
  for (int round = 0; round < kRounds; ++round) {
    bool any = false;
    for (std::size_t v = 0; v < n; ++v) {
      if (pen[v].inside) {
        any = true;
        held[v] = 1;
        shift[v] = pen[v].target_mm - soft.vertices_mm[v];
      }
    }
    if (!any) {
      break;
    }
    const std::vector<char> region = spread_region(soft, nbrs, held, radius_mm);
    // Jacobi sweeps (each reads the previous sweep only): the result does not depend on the
    // order of the vertices or on the thread count.
    std::vector<Vec3> next = shift;
    for (int sweep = 0; sweep < kSmoothingSweeps; ++sweep) {
      for (std::size_t v = 0; v < n; ++v) {
        if (!region[v]) {
          continue;
        }
        Vec3 sum{0, 0, 0};
        for (int w : nbrs[v]) {
          sum = sum + shift[w];
        }
        next[v] = nbrs[v].empty() ? shift[v] : sum * (1.0 / static_cast<double>(nbrs[v].size()));
      }
      std::swap(shift, next);
      for (std::size_t v = 0; v < n; ++v) {
        if (!region[v]) {
          next[v] = shift[v];
        }
      }
    }
    for (std::size_t v = 0; v < n; ++v) {
      points[v] = soft.vertices_mm[v] + shift[v];
    }
    measure();
  }
  settle(soft, nbrs, bones, clearance_mm, held, radius_mm, &points);
  measure();
  // Whatever is still inside goes straight out, before and after untangling (which can take
  // a vertex back in).
  auto straight_out = [&]() {
    for (std::size_t v = 0; v < n; ++v) {
      if (pen[v].inside) {
        points[v] = pen[v].target_mm;
      }
    }
    measure();
  };
  straight_out();
  untangle(soft, nbrs, bones, clearance_mm, &points);
  measure();
  straight_out();
  result.deepest_after_mm = measure();
  for (std::size_t v = 0; v < n; ++v) {
    result.vertices_moved += points[v] != soft.vertices_mm[v] ? 1 : 0;
  }
  return result;
}

}  // namespace toxplan::atlas_build
