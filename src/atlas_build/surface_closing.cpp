// How the BodyParts3D 3.0 face muscles are closed (measured on all 33 files, see
// docs/atlas-build-surfaces.md): they are not sheets but thin closed volumes with small holes,
// mostly slits along the muscle's rim where the upper and lower surfaces fail to meet (8 to 216
// holes per file, the largest of 6 to 20 edges), with consistent winding. So the source
// triangles are kept exactly (the muscle keeps its real thickness, and the source-to-result
// distance is zero) and each hole is filled with the least-area triangulation of its boundary
// loop, which zips a slit across its short side: the fills stay within 0.13 mm of the source on
// all 33 files, so no refinement of the fills is needed. Stray single triangles and pairs in the
// sources close into two-sided slivers of zero volume; they are kept (dropping them would put
// the source up to 56 mm from the result) and do not change ray parity.
#include "atlas_build/surface_closing.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "atlas_build/mesh_measures.h"
#include "base/format.h"

namespace toxplan::atlas_build {

namespace {

using Tri = std::array<int, 3>;

std::uint64_t edge_key(int a, int b) {
  const auto lo = static_cast<std::uint32_t>(std::min(a, b));
  const auto hi = static_cast<std::uint32_t>(std::max(a, b));
  return (static_cast<std::uint64_t>(lo) << 32) | hi;
}

std::uint64_t directed_key(int from, int to) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32) |
         static_cast<std::uint32_t>(to);
}

// Undirected edge -> the triangles using it, in triangle order.
std::unordered_map<std::uint64_t, std::vector<int>> edge_triangles(const std::vector<Tri>& tris) {
  std::unordered_map<std::uint64_t, std::vector<int>> map;
  map.reserve(tris.size() * 2);
  for (std::size_t t = 0; t < tris.size(); ++t) {
    for (int e = 0; e < 3; ++e) {
      map[edge_key(tris[t][e], tris[t][(e + 1) % 3])].push_back(static_cast<int>(t));
    }
  }
  return map;
}

// Drops repeated triangles (same three corners in any order: they would make each of their edges
// count one use too many) and every triangle on an edge used three or more times (a fin or a
// double layer: no two of them can be kept as one manifold surface; the hole left behind is
// filled like any other).
std::vector<Tri> manifold_triangles(const std::vector<Tri>& input, int* removed) {
  const std::vector<Tri>& tris = input;
  // Exact duplicate removal: sort indices by sorted corners, keep the first of each run.
  std::vector<std::pair<Tri, int>> sorted;
  sorted.reserve(tris.size());
  for (std::size_t i = 0; i < tris.size(); ++i) {
    Tri s = tris[i];
    std::sort(s.begin(), s.end());
    sorted.push_back({s, static_cast<int>(i)});
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<char> keep(tris.size(), 1);
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i].first == sorted[i - 1].first) {
      keep[sorted[i].second] = 0;
    }
  }
  std::vector<Tri> unique;
  for (std::size_t i = 0; i < tris.size(); ++i) {
    if (keep[i]) {
      unique.push_back(tris[i]);
    }
  }
  const auto uses = edge_triangles(unique);
  std::vector<char> on_fin(unique.size(), 0);
  for (const auto& [edge, list] : uses) {
    if (list.size() > 2) {
      for (int t : list) {
        on_fin[t] = 1;
      }
    }
  }
  std::vector<Tri> out;
  for (std::size_t i = 0; i < unique.size(); ++i) {
    if (!on_fin[i]) {
      out.push_back(unique[i]);
    }
  }
  *removed = static_cast<int>(input.size() - out.size());
  return out;
}

// Makes neighbouring triangles agree on their winding (each shared edge run in opposite
// directions), growing from the lowest-numbered triangle of each connected piece. The source is
// consistent almost everywhere; this repairs the few flipped triangles so that the holes'
// boundaries can be followed as directed loops.
void orient_consistently(std::vector<Tri>* tris) {
  const auto uses = edge_triangles(*tris);
  std::vector<char> done(tris->size(), 0);
  std::vector<int> queue;
  for (std::size_t seed = 0; seed < tris->size(); ++seed) {
    if (done[seed]) {
      continue;
    }
    done[seed] = 1;
    queue.assign(1, static_cast<int>(seed));
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const Tri t = (*tris)[queue[q]];
      for (int e = 0; e < 3; ++e) {
        const int a = t[e];
        const int b = t[(e + 1) % 3];
        const auto& list = uses.at(edge_key(a, b));
        if (list.size() != 2) {
          continue;
        }
        const int n = list[0] == queue[q] ? list[1] : list[0];
        if (done[n]) {
          continue;
        }
        Tri& other = (*tris)[n];
        // Same direction a -> b in the neighbour means it is flipped relative to t.
        for (int f = 0; f < 3; ++f) {
          if (other[f] == a && other[(f + 1) % 3] == b) {
            std::swap(other[1], other[2]);
            break;
          }
        }
        done[n] = 1;
        queue.push_back(n);
      }
    }
  }
}

// The holes' boundaries as directed loops of distinct vertices. A hole edge runs opposite to its
// one triangle's edge, so a triangle filling the loop in loop order matches the winding of the
// surface around it. A vertex where two holes touch is visited twice: the walk is cut there into
// two simple loops.
std::vector<std::vector<int>> hole_loops(const std::vector<Tri>& tris, int* open_chains) {
  const auto uses = edge_triangles(tris);
  std::map<int, std::vector<int>> out_edges;  // ordered: the walk is the same every run
  for (const Tri& t : tris) {
    for (int e = 0; e < 3; ++e) {
      const int a = t[e];
      const int b = t[(e + 1) % 3];
      if (uses.at(edge_key(a, b)).size() == 1) {
        out_edges[b].push_back(a);
      }
    }
  }
  for (auto& [v, targets] : out_edges) {
    std::sort(targets.begin(), targets.end());
  }
  std::unordered_set<std::uint64_t> used;
  auto next_unused = [&](int v) -> int {
    auto it = out_edges.find(v);
    if (it == out_edges.end()) {
      return -1;
    }
    for (int w : it->second) {
      if (!used.count(directed_key(v, w))) {
        used.insert(directed_key(v, w));
        return w;
      }
    }
    return -1;
  };
  std::vector<std::vector<int>> loops;
  *open_chains = 0;
  for (const auto& [start, targets] : out_edges) {
    for (;;) {
      std::vector<int> path{start};
      std::unordered_map<int, std::size_t> position{{start, 0}};
      bool any = false;
      for (;;) {
        const int w = next_unused(path.back());
        if (w < 0) {
          if (path.size() > 1) {
            ++*open_chains;  // cannot happen on a consistently wound edge-manifold surface
          }
          break;
        }
        any = true;
        auto at = position.find(w);
        if (at == position.end()) {
          position[w] = path.size();
          path.push_back(w);
          continue;
        }
        const std::size_t k = at->second;
        loops.emplace_back(path.begin() + static_cast<std::ptrdiff_t>(k), path.end());
        for (std::size_t i = k + 1; i < path.size(); ++i) {
          position.erase(path[i]);
        }
        path.resize(k + 1);
        if (path.size() == 1) {
          break;
        }
      }
      if (!any) {
        break;
      }
    }
  }
  return loops;
}

double triangle_area(const std::vector<Vec3>& v, int a, int b, int c) {
  return 0.5 * norm(cross(v[b] - v[a], v[c] - v[a]));
}

// The triangulation of least total area of the polygon `loop` (dynamic programme over
// sub-polygons, O(n^3)) that uses no chord already present in `edges`. False when there is none.
bool fill_least_area(const std::vector<Vec3>& vertices, const std::vector<int>& loop,
                     const std::unordered_set<std::uint64_t>& edges, std::vector<Tri>* out) {
  const int n = static_cast<int>(loop.size());
  if (n < 3) {
    return false;
  }
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> cost(static_cast<std::size_t>(n) * n, inf);
  std::vector<int> split(static_cast<std::size_t>(n) * n, -1);
  auto at = [n](int i, int j) { return static_cast<std::size_t>(i) * n + j; };
  auto chord_ok = [&](int i, int j) {
    return j == i + 1 || (i == 0 && j == n - 1) || !edges.count(edge_key(loop[i], loop[j]));
  };
  for (int i = 0; i + 1 < n; ++i) {
    cost[at(i, i + 1)] = 0.0;
  }
  for (int len = 2; len < n; ++len) {
    for (int i = 0; i + len < n; ++i) {
      const int j = i + len;
      if (!chord_ok(i, j)) {
        continue;
      }
      double best = inf;
      int best_k = -1;
      for (int k = i + 1; k < j; ++k) {
        const double c = cost[at(i, k)] + cost[at(k, j)];
        if (c == inf) {
          continue;
        }
        const double total = c + triangle_area(vertices, loop[i], loop[k], loop[j]);
        if (total < best) {
          best = total;
          best_k = k;
        }
      }
      cost[at(i, j)] = best;
      split[at(i, j)] = best_k;
    }
  }
  if (split[at(0, n - 1)] < 0) {
    return false;
  }
  std::vector<std::pair<int, int>> stack{{0, n - 1}};
  while (!stack.empty()) {
    const auto [i, j] = stack.back();
    stack.pop_back();
    if (j - i < 2) {
      continue;
    }
    const int k = split[at(i, j)];
    out->push_back({loop[i], loop[k], loop[j]});
    stack.push_back({i, k});
    stack.push_back({k, j});
  }
  return true;
}

// Fallback for a loop with no valid chord triangulation: a fan around a new centre vertex (its
// edges are all new, so it can never make an edge non-manifold).
void fill_fan(std::vector<Vec3>* vertices, const std::vector<int>& loop, std::vector<Tri>* out) {
  Vec3 centre{0, 0, 0};
  for (int v : loop) {
    centre = centre + (*vertices)[v];
  }
  centre = centre * (1.0 / static_cast<double>(loop.size()));
  const int c = static_cast<int>(vertices->size());
  vertices->push_back(centre);
  for (std::size_t i = 0; i < loop.size(); ++i) {
    out->push_back({loop[i], loop[(i + 1) % loop.size()], c});
  }
}

double signed_volume(const std::vector<Vec3>& v, const std::vector<Tri>& tris) {
  if (v.empty()) {
    return 0.0;
  }
  Vec3 lo = v[0];
  Vec3 hi = v[0];
  for (const Vec3& p : v) {
    lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
    hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
  }
  const Vec3 o = (lo + hi) * 0.5;
  double six = 0.0;
  for (const Tri& t : tris) {
    six += dot(v[t[0]] - o, cross(v[t[1]] - o, v[t[2]] - o));
  }
  return six / 6.0;
}

}  // namespace

ClosedSurface close_surface(const anatomy::TriangleMesh& source, double tolerance_mm) {
  ClosedSurface result;
  if (source.triangles.empty()) {
    throw std::runtime_error("has no triangles to close");
  }
  const OpenEdges before = count_open_edges(source);
  result.boundary_edges_before = before.boundary_edges;
  if (before.closed()) {
    result.mesh = source;
    result.volume_mm3 = enclosed_volume_mm3(source);
    result.method = "already closed";
    return result;
  }
  anatomy::TriangleMesh welded = weld_vertices(source);
  int removed = 0;
  std::vector<Tri> tris = manifold_triangles(welded.triangles, &removed);
  orient_consistently(&tris);
  if (tris.empty()) {
    throw std::runtime_error("has no triangles left once those on non-manifold edges are dropped");
  }
  int open_chains = 0;
  const std::vector<std::vector<int>> loops = hole_loops(tris, &open_chains);
  if (open_chains > 0) {
    throw std::runtime_error(
        std::to_string(open_chains) +
        " hole boundaries do not form loops (the surface cannot be wound consistently)");
  }
  std::unordered_set<std::uint64_t> edges;
  for (const Tri& t : tris) {
    for (int e = 0; e < 3; ++e) {
      edges.insert(edge_key(t[e], t[(e + 1) % 3]));
    }
  }
  std::vector<Vec3> vertices = welded.vertices_mm;
  int fans = 0;
  std::size_t largest_loop = 0;
  for (const auto& loop : loops) {
    largest_loop = std::max(largest_loop, loop.size());
    std::vector<Tri> patch;
    // The programme is cubic in the loop's length: a hole of thousands of edges (a cut sheet,
    // not a face muscle's slit) gets the fan, and its Hausdorff distance says how far it is.
    constexpr std::size_t kLongestProgrammeLoop = 400;
    if (loop.size() > kLongestProgrammeLoop || !fill_least_area(vertices, loop, edges, &patch)) {
      patch.clear();
      fill_fan(&vertices, loop, &patch);
      ++fans;
    }
    for (const Tri& t : patch) {
      for (int e = 0; e < 3; ++e) {
        edges.insert(edge_key(t[e], t[(e + 1) % 3]));
      }
      tris.push_back(t);
    }
  }
  if (signed_volume(vertices, tris) < 0.0) {
    for (Tri& t : tris) {
      std::swap(t[1], t[2]);
    }
  }
  result.mesh.vertices_mm = std::move(vertices);
  result.mesh.triangles = std::move(tris);
  const OpenEdges after = count_open_edges(result.mesh);
  if (!after.closed()) {
    throw std::runtime_error("still open after filling " + std::to_string(loops.size()) +
                             " holes: " + std::to_string(after.boundary_edges) + " boundary and " +
                             std::to_string(after.non_manifold_edges) + " non-manifold edges");
  }
  result.hausdorff_mm = hausdorff_mm(result.mesh, source);
  result.volume_mm3 = enclosed_volume_mm3(result.mesh);
  result.method = std::to_string(loops.size()) +
                  " holes filled by least-area triangulation of their boundary loops (largest " +
                  std::to_string(largest_loop) + " edges, " + std::to_string(fans) + " fans), " +
                  std::to_string(removed) +
                  " non-manifold or repeated triangles replaced; source triangles kept";
  if (result.hausdorff_mm > tolerance_mm) {
    result.method += " (Hausdorff over the tolerance of " + format_number(tolerance_mm) + " mm)";
  }
  return result;
}

}  // namespace toxplan::atlas_build
