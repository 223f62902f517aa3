#include "anatomy/structure_index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <vtkCellArray.h>
#include <vtkPoints.h>

#include "anatomy/winding_normals.h"

namespace toxplan::anatomy {

namespace {

struct EdgeUse {
  std::uint64_t key;  // (min vertex << 32) | max vertex
  int triangle;
  bool forward;  // the triangle runs min -> max along this edge
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
  std::vector<EdgeUse> uses;
  uses.reserve(3 * n);
  for (std::size_t t = 0; t < n; ++t) {
    const auto& tri = mesh->triangles[t];
    for (int e = 0; e < 3; ++e) {
      const auto a = static_cast<std::uint32_t>(tri[e]);
      const auto b = static_cast<std::uint32_t>(tri[(e + 1) % 3]);
      const std::uint64_t key = (static_cast<std::uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
      uses.push_back({key, static_cast<int>(t), a < b});
    }
  }
  std::sort(uses.begin(), uses.end(),
            [](const EdgeUse& x, const EdgeUse& y) { return x.key < y.key; });
  SurfaceTopology topology;
  std::vector<Neighbours> adjacent(n);
  auto link = [&](int t, int other, bool same) {
    Neighbours& nb = adjacent[t];
    if (nb.count < 3) {
      nb.across[nb.count++] = {other, same};
    }
  };
  for (std::size_t i = 0; i < uses.size();) {
    std::size_t j = i;
    while (j < uses.size() && uses[j].key == uses[i].key) {
      ++j;
    }
    const std::size_t count = j - i;
    if (count == 1) {
      ++topology.boundary_edges;
    } else if (count == 2) {
      const bool same = uses[i].forward == uses[i + 1].forward;
      link(uses[i].triangle, uses[i + 1].triangle, same);
      link(uses[i + 1].triangle, uses[i].triangle, same);
    } else {
      ++topology.non_manifold_edges;
    }
    i = j;
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
  rasters_[2] = AxisRaster(&mesh_, 2);
  if (!topology_.closed()) {
    rasters_[0] = AxisRaster(&mesh_, 0);
    rasters_[1] = AxisRaster(&mesh_, 1);
  }

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
  std::vector<char> flip_component(topology_.components, 0);
  for (int c = 0; c < topology_.components; ++c) {
    const int t = largest[c];
    const auto& tri = mesh_.triangles[t];
    const core::Vec3 centroid =
        (mesh_.vertices_mm[tri[0]] + mesh_.vertices_mm[tri[1]] + mesh_.vertices_mm[tri[2]]) *
        (1.0 / 3.0);
    const core::Vec3 normal = normalized(mesh_.triangle_normal(t));
    const double step_mm = std::max(0.05 * std::sqrt(largest_area[c]), 1e-6);
    const bool ahead_inside = contains(centroid + normal * step_mm);
    const bool behind_inside = contains(centroid - normal * step_mm);
    if (ahead_inside != behind_inside) {
      flip_component[c] = ahead_inside ? 1 : 0;
    } else {
      // Ambiguous (an open sheet): fall back to the piece's own enclosed volume sign.
      flip_component[c] = signed_volume[c] < 0.0 ? 1 : 0;
    }
  }
  double six_volume = 0.0;
  double total_area = 0.0;
  core::Vec3 weighted_centroid;
  for (std::size_t t = 0; t < n; ++t) {
    auto& tri = mesh_.triangles[t];
    if (flip_component[component_of[t]]) {
      std::swap(tri[1], tri[2]);
    }
    const core::Vec3& a = mesh_.vertices_mm[tri[0]];
    const core::Vec3& b = mesh_.vertices_mm[tri[1]];
    const core::Vec3& c = mesh_.vertices_mm[tri[2]];
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

bool StructureIndex::in_bounds(const core::Vec3& p) const {
  return p.x >= bounds_.min_mm.x && p.x <= bounds_.max_mm.x && p.y >= bounds_.min_mm.y &&
         p.y <= bounds_.max_mm.y && p.z >= bounds_.min_mm.z && p.z <= bounds_.max_mm.z;
}

bool StructureIndex::contains(const core::Vec3& p) const {
  if (!in_bounds(p)) {
    return false;
  }
  // Raster for axis a takes (u, v) = coordinates along (a+1)%3, (a+2)%3 and w along a.
  const bool along_z = (rasters_[2].crossings_above(p.x, p.y, p.z) & 1) != 0;
  if (topology_.closed()) {
    return along_z;
  }
  const bool along_x = (rasters_[0].crossings_above(p.y, p.z, p.x) & 1) != 0;
  const bool along_y = (rasters_[1].crossings_above(p.z, p.x, p.y) & 1) != 0;
  return (along_x ? 1 : 0) + (along_y ? 1 : 0) + (along_z ? 1 : 0) >= 2;
}

core::Vec3 StructureIndex::outward_normal(int triangle) const {
  return normalized(mesh_.triangle_normal(static_cast<std::size_t>(triangle)));
}

vtkSmartPointer<vtkPolyData> StructureIndex::to_poly_data() const {
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(static_cast<vtkIdType>(mesh_.vertices_mm.size()));
  for (std::size_t i = 0; i < mesh_.vertices_mm.size(); ++i) {
    const core::Vec3& p = mesh_.vertices_mm[i];
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
