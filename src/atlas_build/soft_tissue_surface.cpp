#include "atlas_build/soft_tissue_surface.h"

#include <vtkCellArray.h>
#include <vtkCleanPolyData.h>
#include <vtkClipClosedSurface.h>
#include <vtkDecimatePro.h>
#include <vtkFloatArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkPlane.h>
#include <vtkPlaneCollection.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataConnectivityFilter.h>
#include <vtkQuadricDecimation.h>
#include <vtkSmartPointer.h>
#include <vtkTriangleFilter.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>
#include <tuple>

#include "base/parallel_for.h"

namespace toxplan::atlas_build::soft {
namespace {

using Key = std::tuple<double, double, double>;

// Vertex ids after welding equal positions.
std::vector<int> weld_ids(const anatomy::TriangleMesh& mesh) {
  std::map<Key, int> ids;
  std::vector<int> out(mesh.vertices_mm.size());
  for (std::size_t v = 0; v < mesh.vertices_mm.size(); ++v) {
    const Vec3& p = mesh.vertices_mm[v];
    out[v] = ids.emplace(Key{p.x, p.y, p.z}, static_cast<int>(ids.size())).first->second;
  }
  return out;
}

vtkSmartPointer<vtkPolyData> to_vtk(const anatomy::TriangleMesh& mesh) {
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(static_cast<vtkIdType>(mesh.vertices_mm.size()));
  for (std::size_t v = 0; v < mesh.vertices_mm.size(); ++v) {
    const Vec3& p = mesh.vertices_mm[v];
    points->SetPoint(static_cast<vtkIdType>(v), p.x, p.y, p.z);
  }
  auto polys = vtkSmartPointer<vtkCellArray>::New();
  for (const auto& t : mesh.triangles) {
    const vtkIdType ids[3] = {t[0], t[1], t[2]};
    polys->InsertNextCell(3, ids);
  }
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->SetPoints(points);
  out->SetPolys(polys);
  return out;
}

// Triangles only (polygons are triangulated; lines and vertices dropped), degenerate ones
// (two equal corners) removed.
anatomy::TriangleMesh from_vtk(vtkPolyData* poly) {
  auto tri = vtkSmartPointer<vtkTriangleFilter>::New();
  tri->SetInputData(poly);
  tri->PassLinesOff();
  tri->PassVertsOff();
  tri->Update();
  vtkPolyData* p = tri->GetOutput();
  anatomy::TriangleMesh mesh;
  if (!p->GetPoints()) return mesh;
  mesh.vertices_mm.resize(static_cast<std::size_t>(p->GetNumberOfPoints()));
  for (vtkIdType v = 0; v < p->GetNumberOfPoints(); ++v) {
    double x[3];
    p->GetPoint(v, x);
    mesh.vertices_mm[static_cast<std::size_t>(v)] = {x[0], x[1], x[2]};
  }
  vtkCellArray* polys = p->GetPolys();
  vtkIdType n = 0;
  const vtkIdType* ids = nullptr;
  polys->InitTraversal();
  while (polys->GetNextCell(n, ids)) {
    if (n != 3) continue;
    const std::array<int, 3> t{static_cast<int>(ids[0]), static_cast<int>(ids[1]),
                               static_cast<int>(ids[2])};
    const Vec3& a = mesh.vertices_mm[t[0]];
    if (a == mesh.vertices_mm[t[1]] || a == mesh.vertices_mm[t[2]] ||
        mesh.vertices_mm[t[1]] == mesh.vertices_mm[t[2]])
      continue;
    mesh.triangles.push_back(t);
  }
  // Drop vertices no triangle uses (the filters leave some).
  std::vector<int> remap(mesh.vertices_mm.size(), -1);
  std::vector<Vec3> used;
  for (auto& t : mesh.triangles)
    for (int& v : t) {
      if (remap[v] < 0) {
        remap[v] = static_cast<int>(used.size());
        used.push_back(mesh.vertices_mm[v]);
      }
      v = remap[v];
    }
  mesh.vertices_mm = std::move(used);
  return mesh;
}

}  // namespace

EdgeCount count_edges(const anatomy::TriangleMesh& mesh) {
  const std::vector<int> id = weld_ids(mesh);
  // Per undirected edge: uses, and the balance of directions (+1 a->b, -1 b->a).
  std::map<std::pair<int, int>, std::pair<int, int>> edges;
  for (const auto& t : mesh.triangles)
    for (int e = 0; e < 3; ++e) {
      const int a = id[t[e]], b = id[t[(e + 1) % 3]];
      auto& u = edges[{std::min(a, b), std::max(a, b)}];
      ++u.first;
      u.second += a < b ? 1 : -1;
    }
  EdgeCount c;
  for (const auto& [e, u] : edges) {
    if (u.first == 1) ++c.boundary;
    if (u.first >= 3) ++c.non_manifold;
    if (u.first == 2 && u.second != 0) ++c.misoriented;
  }
  return c;
}

double signed_volume_mm3(const anatomy::TriangleMesh& mesh) {
  double v = 0.0;
  for (const auto& t : mesh.triangles) {
    const Vec3& a = mesh.vertices_mm[t[0]];
    const Vec3& b = mesh.vertices_mm[t[1]];
    const Vec3& c = mesh.vertices_mm[t[2]];
    v += dot(a, cross(b, c)) / 6.0;
  }
  return v;
}

int orient_outward(anatomy::TriangleMesh* mesh) {
  const std::vector<int> id = weld_ids(*mesh);
  const std::size_t n = mesh->triangles.size();
  // Triangles around each undirected edge.
  std::map<std::pair<int, int>, std::vector<int>> around;
  for (std::size_t t = 0; t < n; ++t)
    for (int e = 0; e < 3; ++e) {
      const int a = id[mesh->triangles[t][e]], b = id[mesh->triangles[t][(e + 1) % 3]];
      around[{std::min(a, b), std::max(a, b)}].push_back(static_cast<int>(t));
    }
  const auto has_directed = [&](int t, int a, int b) {
    const auto& tri = mesh->triangles[t];
    for (int e = 0; e < 3; ++e)
      if (id[tri[e]] == a && id[tri[(e + 1) % 3]] == b) return true;
    return false;
  };
  std::vector<char> seen(n, 0);
  int flipped = 0;
  for (std::size_t start = 0; start < n; ++start) {
    if (seen[start]) continue;
    seen[start] = 1;
    std::vector<int> stack{static_cast<int>(start)};
    std::vector<int> component;
    while (!stack.empty()) {
      const int t = stack.back();
      stack.pop_back();
      component.push_back(t);
      for (int e = 0; e < 3; ++e) {
        const int a = id[mesh->triangles[t][e]], b = id[mesh->triangles[t][(e + 1) % 3]];
        const auto& list = around[{std::min(a, b), std::max(a, b)}];
        if (list.size() != 2) continue;  // only manifold edges say how a neighbour winds
        const int u = list[0] == t ? list[1] : list[0];
        if (seen[u]) continue;
        seen[u] = 1;
        // A consistently wound neighbour uses the shared edge the other way round.
        if (has_directed(u, a, b)) {
          std::swap(mesh->triangles[u][1], mesh->triangles[u][2]);
          ++flipped;
        }
        stack.push_back(u);
      }
    }
    // Each connected part outward on its own.
    double v = 0.0;
    for (int t : component) {
      const auto& tri = mesh->triangles[t];
      v += dot(mesh->vertices_mm[tri[0]],
               cross(mesh->vertices_mm[tri[1]], mesh->vertices_mm[tri[2]]));
    }
    if (v < 0.0)
      for (int t : component) {
        std::swap(mesh->triangles[t][1], mesh->triangles[t][2]);
        ++flipped;
      }
  }
  return flipped;
}

anatomy::TriangleMesh cut_and_cap(const anatomy::TriangleMesh& skin, double cut_z_mm,
                                  std::optional<double> above_z_mm) {
  auto plane = vtkSmartPointer<vtkPlane>::New();
  plane->SetOrigin(0.0, 0.0, cut_z_mm);
  plane->SetNormal(0.0, 0.0, 1.0);  // keeps the side the normal points to: above the cut
  auto planes = vtkSmartPointer<vtkPlaneCollection>::New();
  planes->AddItem(plane);
  if (above_z_mm) {
    auto top = vtkSmartPointer<vtkPlane>::New();
    top->SetOrigin(0.0, 0.0, *above_z_mm);
    top->SetNormal(0.0, 0.0, -1.0);
    planes->AddItem(top);
  }
  // The clipper winds the caps from the surface's own winding: make it consistent first.
  anatomy::TriangleMesh oriented = skin;
  orient_outward(&oriented);
  auto clip = vtkSmartPointer<vtkClipClosedSurface>::New();
  clip->SetInputData(to_vtk(oriented));
  clip->SetClippingPlanes(planes);
  clip->GenerateFacesOn();
  clip->GenerateOutlineOff();
  clip->TriangulationErrorDisplayOff();
  clip->SetScalarModeToNone();
  clip->Update();
  vtkSmartPointer<vtkPolyData> kept = clip->GetOutput();
  if (above_z_mm) {
    auto largest = vtkSmartPointer<vtkPolyDataConnectivityFilter>::New();
    largest->SetInputConnection(clip->GetOutputPort());
    largest->SetExtractionModeToLargestRegion();
    auto clean = vtkSmartPointer<vtkCleanPolyData>::New();  // drops the other parts' points
    clean->SetInputConnection(largest->GetOutputPort());
    clean->PointMergingOff();
    clean->Update();
    kept = clean->GetOutput();
  }
  anatomy::TriangleMesh out = from_vtk(kept);
  orient_outward(&out);
  return out;
}

anatomy::TriangleMesh offset_inward(const anatomy::TriangleMesh& mesh,
                                    const std::function<double(const Vec3&)>& distance_mm,
                                    int* flipped) {
  std::vector<Vec3> normal(mesh.vertices_mm.size());
  for (std::size_t t = 0; t < mesh.triangles.size(); ++t) {
    const Vec3 n = mesh.triangle_normal(t);
    for (int v : mesh.triangles[t])
      normal[v] = normal[v] + n;
  }
  anatomy::TriangleMesh out = mesh;
  for (std::size_t v = 0; v < out.vertices_mm.size(); ++v)
    out.vertices_mm[v] =
        mesh.vertices_mm[v] - normalized(normal[v]) * distance_mm(mesh.vertices_mm[v]);
  if (flipped) {
    *flipped = 0;
    for (std::size_t t = 0; t < out.triangles.size(); ++t)
      if (dot(out.triangle_normal(t), mesh.triangle_normal(t)) <= 0.0) ++*flipped;
  }
  return out;
}

std::vector<float> subsample(const std::vector<float>& field, const Grid& grid, int factor,
                             Grid* coarse) {
  coarse->origin_mm = grid.origin_mm;
  coarse->spacing_mm = grid.spacing_mm * factor;
  coarse->nx = (grid.nx - 1) / factor + 1;
  coarse->ny = (grid.ny - 1) / factor + 1;
  coarse->nz = (grid.nz - 1) / factor + 1;
  std::vector<float> out(coarse->size());
  for (int k = 0; k < coarse->nz; ++k)
    for (int j = 0; j < coarse->ny; ++j)
      for (int i = 0; i < coarse->nx; ++i)
        out[coarse->index(i, j, k)] = field[grid.index(i * factor, j * factor, k * factor)];
  return out;
}

anatomy::TriangleMesh reversed(const anatomy::TriangleMesh& mesh) {
  anatomy::TriangleMesh out = mesh;
  for (auto& t : out.triangles)
    std::swap(t[1], t[2]);
  return out;
}

void append(const anatomy::TriangleMesh& part, anatomy::TriangleMesh* to) {
  const int base = static_cast<int>(to->vertices_mm.size());
  to->vertices_mm.insert(to->vertices_mm.end(), part.vertices_mm.begin(), part.vertices_mm.end());
  for (const auto& t : part.triangles)
    to->triangles.push_back({t[0] + base, t[1] + base, t[2] + base});
}

namespace {

// Welds equal positions, drops triangles with two equal corners and pairs of triangles on the
// same three vertices (decimation leaves such folded-flat pairs behind; each pair encloses
// nothing).
anatomy::TriangleMesh cleaned(const anatomy::TriangleMesh& in) {
  anatomy::TriangleMesh out;
  std::map<Key, int> ids;
  std::vector<int> remap(in.vertices_mm.size());
  for (std::size_t v = 0; v < in.vertices_mm.size(); ++v) {
    const Vec3& p = in.vertices_mm[v];
    const auto [it, added] =
        ids.emplace(Key{p.x, p.y, p.z}, static_cast<int>(out.vertices_mm.size()));
    if (added) out.vertices_mm.push_back(p);
    remap[v] = it->second;
  }
  std::map<std::array<int, 3>, std::vector<std::size_t>> by_corners;
  std::vector<std::array<int, 3>> tris;
  for (const auto& t : in.triangles) {
    const std::array<int, 3> r{remap[t[0]], remap[t[1]], remap[t[2]]};
    if (r[0] == r[1] || r[1] == r[2] || r[0] == r[2]) continue;
    std::array<int, 3> key = r;
    std::sort(key.begin(), key.end());
    by_corners[key].push_back(tris.size());
    tris.push_back(r);
  }
  std::vector<char> drop(tris.size(), 0);
  for (const auto& [key, list] : by_corners)
    for (std::size_t i = 0; i + 1 < list.size(); i += 2)
      drop[list[i]] = drop[list[i + 1]] = 1;
  for (std::size_t t = 0; t < tris.size(); ++t)
    if (!drop[t]) out.triangles.push_back(tris[t]);
  return out;
}

bool closed_after_weld(vtkPolyData* poly) {
  const auto c = count_edges(cleaned(from_vtk(poly)));
  return c.closed();
}

vtkSmartPointer<vtkPolyData> copy_of(vtkPolyData* in) {
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->DeepCopy(in);
  return out;
}

}  // namespace

anatomy::TriangleMesh level_set_surface(const std::vector<float>& field, const Grid& grid,
                                        const LevelSetOptions& options) {
  // The box of the inside samples, plus a margin of 2 samples.
  int lo[3] = {grid.nx, grid.ny, grid.nz}, hi[3] = {-1, -1, -1};
  for (int k = 0; k < grid.nz; ++k)
    for (int j = 0; j < grid.ny; ++j)
      for (int i = 0; i < grid.nx; ++i)
        if (field[grid.index(i, j, k)] < 0.0f) {
          lo[0] = std::min(lo[0], i), hi[0] = std::max(hi[0], i);
          lo[1] = std::min(lo[1], j), hi[1] = std::max(hi[1], j);
          lo[2] = std::min(lo[2], k), hi[2] = std::max(hi[2], k);
        }
  if (hi[0] < 0) return {};
  const int n[3] = {grid.nx, grid.ny, grid.nz};
  int dims[3];
  for (int a = 0; a < 3; ++a) {
    lo[a] -= 2;
    hi[a] += 2;
    dims[a] = hi[a] - lo[a] + 1;
  }
  const double h = grid.spacing_mm;
  auto image = vtkSmartPointer<vtkImageData>::New();
  image->SetOrigin(grid.origin_mm.x + lo[0] * h, grid.origin_mm.y + lo[1] * h,
                   grid.origin_mm.z + lo[2] * h);
  image->SetSpacing(h, h, h);
  image->SetDimensions(dims[0], dims[1], dims[2]);
  auto values = vtkSmartPointer<vtkFloatArray>::New();
  values->SetNumberOfTuples(static_cast<vtkIdType>(dims[0]) * dims[1] * dims[2]);
  float* v = values->GetPointer(0);
  const float outside = static_cast<float>(h);
  parallel_for(0, dims[2], 1, [&](std::int64_t k0, std::int64_t k1) {
    for (int kk = static_cast<int>(k0); kk < k1; ++kk)
      for (int jj = 0; jj < dims[1]; ++jj)
        for (int ii = 0; ii < dims[0]; ++ii) {
          const int i = lo[0] + ii, j = lo[1] + jj, k = lo[2] + kk;
          const bool border = ii == 0 || jj == 0 || kk == 0 || ii == dims[0] - 1 ||
                              jj == dims[1] - 1 || kk == dims[2] - 1;
          const bool off_grid = i < 0 || j < 0 || k < 0 || i >= n[0] || j >= n[1] || k >= n[2];
          float f = off_grid ? outside : field[grid.index(i, j, k)];
          // A sample on the level set makes flying edges emit zero-area triangles; nudge it.
          const float eps = static_cast<float>(1e-3 * h);
          if (std::abs(f) < eps) f = f < 0.0f ? -eps : eps;
          v[(static_cast<std::size_t>(kk) * dims[1] + jj) * dims[0] + ii] =
              border ? std::max(f, outside) : f;
        }
  });
  image->GetPointData()->SetScalars(values);
  auto fe = vtkSmartPointer<vtkFlyingEdges3D>::New();
  fe->SetInputData(image);
  fe->SetValue(0, 0.0);
  fe->ComputeNormalsOff();
  fe->ComputeGradientsOff();
  fe->ComputeScalarsOff();
  fe->Update();
  vtkSmartPointer<vtkPolyData> mesh = copy_of(fe->GetOutput());
  if (mesh->GetNumberOfPolys() == 0) return {};
  if (options.smoothing_iterations > 0) {
    auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
    smooth->SetInputData(mesh);
    smooth->SetNumberOfIterations(options.smoothing_iterations);
    smooth->SetPassBand(options.pass_band);
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->NormalizeCoordinatesOn();
    smooth->Update();
    mesh = copy_of(smooth->GetOutput());
  }
  // Topology-preserving decimation first (fast on large surfaces), quadric decimation second;
  // a step is kept only if the surface is still closed after cleaning, and a failed step is
  // retried gentler (a thin sheet pinched by one big step is usually fine after smaller ones).
  double reduction_scale = 1.0;
  for (int attempt = 0; attempt < 12 && mesh->GetNumberOfPolys() > 1.02 * options.target_triangles;
       ++attempt) {
    const double cur = static_cast<double>(mesh->GetNumberOfPolys());
    const double reduction = (1.0 - options.target_triangles / cur) * reduction_scale;
    auto pro = vtkSmartPointer<vtkDecimatePro>::New();
    pro->SetInputData(mesh);
    pro->SetTargetReduction(reduction);
    pro->PreserveTopologyOn();
    pro->SplittingOff();
    pro->BoundaryVertexDeletionOff();
    pro->SetFeatureAngle(60.0);
    pro->Update();
    if (pro->GetOutput()->GetNumberOfPolys() < cur && closed_after_weld(pro->GetOutput())) {
      mesh = copy_of(pro->GetOutput());
      continue;
    }
    auto quadric = vtkSmartPointer<vtkQuadricDecimation>::New();
    quadric->SetInputData(mesh);
    quadric->SetTargetReduction(std::min(0.5, reduction));
    quadric->VolumePreservationOn();
    quadric->Update();
    if (closed_after_weld(quadric->GetOutput())) {
      mesh = copy_of(quadric->GetOutput());
      continue;
    }
    reduction_scale *= 0.5;
  }
  anatomy::TriangleMesh out = cleaned(from_vtk(mesh));
  // Flying edges winds every part consistently (a cavity's wall faces into the cavity); only
  // the overall sense may need turning.
  if (signed_volume_mm3(out) < 0.0) out = reversed(out);
  return out;
}

}  // namespace toxplan::atlas_build::soft
