#include "anatomy/structure_index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "anatomy/winding_normals.h"

namespace toxplan::anatomy {

namespace {

// One use of an edge by a triangle, filed under the edge's lower vertex.
struct EdgeUse {
  std::uint32_t upper;  // the edge's higher vertex index
  int triangle;
  bool forward;  // the triangle runs lower -> upper along this edge
};

struct Adjacency {
  int other = -1;
  bool same_direction = false;  // both triangles run the edge the same way: flip one
};

// At most one manifold neighbour per edge: a flat array avoids a vector per triangle.
struct Neighbours {
  std::array<Adjacency, 3> across;
  int count = 0;
};

// Makes the winding of each edge-connected piece consistent (breadth-first, across manifold
// edges only), counts holes and non-manifold edges, and labels the pieces.
SurfaceTopology make_winding_consistent(TriangleMesh* mesh, std::vector<int>* component_of) {
  const std::size_t n = mesh->triangles.size();
  // Edge uses are grouped by (lower, upper) vertex with a counting sort on the lower vertex and
  // a short sort of each vertex's few uses by the upper one: linear, where sorting the 3n uses
  // as a whole was a tenth of the atlas's load time. Groups come out in the same order as
  // sorting by the pair, so triangles meet their neighbours in the same order as before.
  std::uint32_t vertex_count = 0;
  for (const auto& tri : mesh->triangles) {
    for (const int v : tri) {
      vertex_count = std::max(vertex_count, static_cast<std::uint32_t>(v) + 1);
    }
  }
  std::vector<int> first_use(static_cast<std::size_t>(vertex_count) + 1, 0);
  for (const auto& tri : mesh->triangles) {
    for (int e = 0; e < 3; ++e) {
      const auto a = static_cast<std::uint32_t>(tri[e]);
      const auto b = static_cast<std::uint32_t>(tri[(e + 1) % 3]);
      ++first_use[std::min(a, b) + 1];
    }
  }
  for (std::size_t v = 1; v < first_use.size(); ++v) {
    first_use[v] += first_use[v - 1];
  }
  std::vector<EdgeUse> uses(3 * n);
  {
    std::vector<int> fill(first_use.begin(), first_use.end() - 1);
    for (std::size_t t = 0; t < n; ++t) {
      const auto& tri = mesh->triangles[t];
      for (int e = 0; e < 3; ++e) {
        const auto a = static_cast<std::uint32_t>(tri[e]);
        const auto b = static_cast<std::uint32_t>(tri[(e + 1) % 3]);
        uses[fill[std::min(a, b)]++] = {std::max(a, b), static_cast<int>(t), a < b};
      }
    }
  }
  SurfaceTopology topology;
  std::vector<Neighbours> adjacent(n);
  auto link = [&](int t, int other, bool same) {
    Neighbours& nb = adjacent[t];
    if (nb.count < 3) {
      nb.across[nb.count++] = {other, same};
    }
  };
  for (std::uint32_t v = 0; v < vertex_count; ++v) {
    // A vertex has a handful of uses (about six on a closed surface): insertion sort, unless it
    // is the hub of a large fan. Which of two uses of one edge comes first does not matter (each
    // triangle gets the other).
    EdgeUse* const begin = uses.data() + first_use[v];
    EdgeUse* const end = uses.data() + first_use[v + 1];
    if (end - begin > 32) {
      std::sort(begin, end, [](const EdgeUse& x, const EdgeUse& y) { return x.upper < y.upper; });
    } else {
      for (EdgeUse* i = begin + 1; i < end; ++i) {
        const EdgeUse use = *i;
        EdgeUse* j = i;
        for (; j > begin && (j - 1)->upper > use.upper; --j) {
          *j = *(j - 1);
        }
        *j = use;
      }
    }
    for (EdgeUse* i = begin; i < end;) {
      EdgeUse* j = i;
      while (j < end && j->upper == i->upper) {
        ++j;
      }
      const std::ptrdiff_t count = j - i;
      if (count == 1) {
        ++topology.boundary_edges;
      } else if (count == 2) {
        const bool same = i[0].forward == i[1].forward;
        link(i[0].triangle, i[1].triangle, same);
        link(i[1].triangle, i[0].triangle, same);
      } else {
        ++topology.non_manifold_edges;
      }
      i = j;
    }
  }
  component_of->assign(n, -1);
  std::vector<char> flip(n, 0);
  std::vector<int> queue;
  for (std::size_t seed = 0; seed < n; ++seed) {
    if ((*component_of)[seed] >= 0) {
      continue;
    }
    const int component = topology.components++;
    (*component_of)[seed] = component;
    queue.assign(1, static_cast<int>(seed));
    while (!queue.empty()) {
      const int t = queue.back();
      queue.pop_back();
      for (int a = 0; a < adjacent[t].count; ++a) {
        const Adjacency& adj = adjacent[t].across[a];
        if ((*component_of)[adj.other] >= 0) {
          continue;
        }
        (*component_of)[adj.other] = component;
        flip[adj.other] = static_cast<char>(flip[t] ^ (adj.same_direction ? 1 : 0));
        queue.push_back(adj.other);
      }
    }
  }
  for (std::size_t t = 0; t < n; ++t) {
    if (flip[t]) {
      std::swap(mesh->triangles[t][1], mesh->triangles[t][2]);
    }
  }
  return topology;
}

}  // namespace

StructureIndex::StructureIndex(TriangleMesh mesh) : mesh_(std::move(mesh)) {
  std::vector<int> component_of;
  topology_ = make_winding_consistent(&mesh_, &component_of);
  bounds_ = mesh_.bounds();

  // Orient each piece outward: step off its largest triangle to both sides and keep the winding
  // whose normal points to the side that is outside. Rasters do not depend on winding.
  const std::size_t n = mesh_.triangles.size();
  std::vector<int> largest(topology_.components, -1);
  std::vector<double> largest_area(topology_.components, -1.0);
  std::vector<double> signed_volume(topology_.components, 0.0);
  for (std::size_t t = 0; t < n; ++t) {
    const int c = component_of[t];
    const double area = norm(mesh_.triangle_normal(t));
    if (area > largest_area[c]) {
      largest_area[c] = area;
      largest[c] = static_cast<int>(t);
    }
    const auto& tri = mesh_.triangles[t];
    signed_volume[c] +=
        dot(mesh_.vertices_mm[tri[0]], cross(mesh_.vertices_mm[tri[1]], mesh_.vertices_mm[tri[2]]));
  }
  std::vector<Vec3> probes;  // per piece: ahead of, then behind its largest triangle
  probes.reserve(2 * static_cast<std::size_t>(topology_.components));
  for (int c = 0; c < topology_.components; ++c) {
    const int t = largest[c];
    const auto& tri = mesh_.triangles[t];
    const Vec3 centroid =
        (mesh_.vertices_mm[tri[0]] + mesh_.vertices_mm[tri[1]] + mesh_.vertices_mm[tri[2]]) *
        (1.0 / 3.0);
    const Vec3 normal = normalized(mesh_.triangle_normal(t));
    const double step_mm = std::max(0.05 * std::sqrt(largest_area[c]), 1e-6);
    probes.push_back(centroid + normal * step_mm);
    probes.push_back(centroid - normal * step_mm);
  }
  // Probes are answered from passes over the triangles, so that a structure whose rasters
  // nobody asks for never builds them, unless there are so many pieces that a pass would cost
  // more than building the rasters.
  constexpr std::size_t kMaxUnbinnedProbes = 64;
  std::vector<bool> inside;
  if (probes.size() <= kMaxUnbinnedProbes) {
    inside = contains_unbinned(probes);
  } else {
    for (const Vec3& p : probes) {
      inside.push_back(contains(p));
    }
  }
  std::vector<char> flip_component(topology_.components, 0);
  for (int c = 0; c < topology_.components; ++c) {
    const bool ahead_inside = inside[2 * c];
    const bool behind_inside = inside[2 * c + 1];
    if (ahead_inside != behind_inside) {
      flip_component[c] = ahead_inside ? 1 : 0;
    } else {
      // Ambiguous (an open sheet): fall back to the piece's own enclosed volume sign.
      flip_component[c] = signed_volume[c] < 0.0 ? 1 : 0;
    }
  }
  double six_volume = 0.0;
  double total_area = 0.0;
  Vec3 weighted_centroid;
  for (std::size_t t = 0; t < n; ++t) {
    auto& tri = mesh_.triangles[t];
    if (flip_component[component_of[t]]) {
      std::swap(tri[1], tri[2]);
    }
    const Vec3& a = mesh_.vertices_mm[tri[0]];
    const Vec3& b = mesh_.vertices_mm[tri[1]];
    const Vec3& c = mesh_.vertices_mm[tri[2]];
    six_volume += dot(a, cross(b, c));  // divergence theorem, as vtkMassProperties does
    const double area = 0.5 * norm(cross(b - a, c - a));
    total_area += area;
    weighted_centroid = weighted_centroid + (a + b + c) * (area / 3.0);
  }
  volume_mm3_ = std::abs(six_volume) / 6.0;
  centroid_mm_ = total_area > 0.0 ? weighted_centroid * (1.0 / total_area) : bounds_.min_mm;
}

const TriangleBvh& StructureIndex::bvh() const {
  std::call_once(bvh_once_, [this] { bvh_ = TriangleBvh(&mesh_); });
  return bvh_;
}

const AxisRaster& StructureIndex::raster(int axis) const {
  if (!raster_ready_[axis].load(std::memory_order_acquire)) {
    std::call_once(raster_once_[axis], [this, axis] {
      rasters_[axis] = AxisRaster(&mesh_, axis);
      raster_ready_[axis].store(true, std::memory_order_release);
    });
  }
  return rasters_[axis];
}

void StructureIndex::build_rasters() const {
  raster(2);
  if (!topology_.closed()) {
    raster(0);
    raster(1);
  }
}

bool StructureIndex::in_bounds(const Vec3& p) const {
  return p.x >= bounds_.min_mm.x && p.x <= bounds_.max_mm.x && p.y >= bounds_.min_mm.y &&
         p.y <= bounds_.max_mm.y && p.z >= bounds_.min_mm.z && p.z <= bounds_.max_mm.z;
}

bool StructureIndex::contains(const Vec3& p) const {
  if (!in_bounds(p)) {
    return false;
  }
  // Raster for axis a takes (u, v) = coordinates along (a+1)%3, (a+2)%3 and w along a.
  const bool along_z = (raster(2).crossings_above(p.x, p.y, p.z) & 1) != 0;
  if (topology_.closed()) {
    return along_z;
  }
  const bool along_x = (raster(0).crossings_above(p.y, p.z, p.x) & 1) != 0;
  const bool along_y = (raster(1).crossings_above(p.z, p.x, p.y) & 1) != 0;
  return (along_x ? 1 : 0) + (along_y ? 1 : 0) + (along_z ? 1 : 0) >= 2;
}

std::vector<bool> StructureIndex::contains_unbinned(const std::vector<Vec3>& points) const {
  // The same rule as contains(), with the same (u, v, w) per axis.
  auto odd_along = [&](int axis) {
    std::vector<AxisRaster::LineQuery> lines;
    lines.reserve(points.size());
    for (const Vec3& p : points) {
      lines.push_back(axis == 0   ? AxisRaster::LineQuery{p.y, p.z, p.x}
                      : axis == 1 ? AxisRaster::LineQuery{p.z, p.x, p.y}
                                  : AxisRaster::LineQuery{p.x, p.y, p.z});
    }
    std::vector<bool> odd;
    for (const int count : AxisRaster::crossings_above_unbinned(mesh_, axis, lines)) {
      odd.push_back((count & 1) != 0);
    }
    return odd;
  };
  std::vector<bool> inside(points.size(), false);
  const std::vector<bool> along_z = odd_along(2);
  if (topology_.closed()) {
    for (std::size_t i = 0; i < points.size(); ++i) {
      inside[i] = in_bounds(points[i]) && along_z[i];
    }
    return inside;
  }
  const std::vector<bool> along_x = odd_along(0);
  const std::vector<bool> along_y = odd_along(1);
  for (std::size_t i = 0; i < points.size(); ++i) {
    inside[i] = in_bounds(points[i]) &&
                (along_x[i] ? 1 : 0) + (along_y[i] ? 1 : 0) + (along_z[i] ? 1 : 0) >= 2;
  }
  return inside;
}

Vec3 StructureIndex::outward_normal(int triangle) const {
  return normalized(mesh_.triangle_normal(static_cast<std::size_t>(triangle)));
}

vtkSmartPointer<vtkPolyData> StructureIndex::to_poly_data() const {
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(static_cast<vtkIdType>(mesh_.vertices_mm.size()));
  for (std::size_t i = 0; i < mesh_.vertices_mm.size(); ++i) {
    const Vec3& p = mesh_.vertices_mm[i];
    points->SetPoint(static_cast<vtkIdType>(i), p.x, p.y, p.z);
  }
  auto polys = vtkSmartPointer<vtkCellArray>::New();
  polys->AllocateExact(static_cast<vtkIdType>(mesh_.triangles.size()),
                       static_cast<vtkIdType>(3 * mesh_.triangles.size()));
  for (const auto& tri : mesh_.triangles) {
    const vtkIdType ids[3] = {tri[0], tri[1], tri[2]};
    polys->InsertNextCell(3, ids);
  }
  auto surface = vtkSmartPointer<vtkPolyData>::New();
  surface->SetPoints(points);
  surface->SetPolys(polys);
  // The winding is already outward per piece (see the constructor).
  return with_winding_point_normals(surface);
}

}  // namespace toxplan::anatomy
