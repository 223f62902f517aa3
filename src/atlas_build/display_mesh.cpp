#include "atlas_build/display_mesh.h"

#include <vtkCellArray.h>
#include <vtkIdList.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkQuadricDecimation.h>
#include <vtkSmartPointer.h>

#include <algorithm>

namespace toxplan::atlas_build {

anatomy::TriangleMesh decimate_for_display(const anatomy::TriangleMesh& full,
                                           int target_triangles) {
  const auto n = static_cast<long long>(full.triangles.size());
  if (target_triangles <= 0 || n <= target_triangles) {
    return full;
  }
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(static_cast<vtkIdType>(full.vertices_mm.size()));
  for (std::size_t i = 0; i < full.vertices_mm.size(); ++i) {
    const Vec3& p = full.vertices_mm[i];
    points->SetPoint(static_cast<vtkIdType>(i), p.x, p.y, p.z);
  }
  auto polys = vtkSmartPointer<vtkCellArray>::New();
  polys->AllocateExact(n, 3 * n);
  for (const auto& tri : full.triangles) {
    const vtkIdType ids[3] = {tri[0], tri[1], tri[2]};
    polys->InsertNextCell(3, ids);
  }
  auto input = vtkSmartPointer<vtkPolyData>::New();
  input->SetPoints(points);
  input->SetPolys(polys);

  // Edge collapse keeps each surface's topology and winding (a shell keeps both sides, a thin
  // sheet does not fold), which spatial clustering did not (render/interaction_lod.h). Volume
  // preservation keeps thin muscles from shrinking. Single-threaded and free of randomness, so
  // the same input always gives the same copy (the atlas build is byte-reproducible).
  auto decimate = vtkSmartPointer<vtkQuadricDecimation>::New();
  decimate->SetInputData(input);
  decimate->SetTargetReduction(1.0 -
                               static_cast<double>(target_triangles) / static_cast<double>(n));
  decimate->VolumePreservationOn();
  decimate->AttributeErrorMetricOff();
  decimate->Update();
  vtkPolyData* out = decimate->GetOutput();

  anatomy::TriangleMesh coarse;
  coarse.vertices_mm.resize(static_cast<std::size_t>(out->GetNumberOfPoints()));
  for (vtkIdType i = 0; i < out->GetNumberOfPoints(); ++i) {
    double p[3];
    out->GetPoint(i, p);
    coarse.vertices_mm[static_cast<std::size_t>(i)] = {p[0], p[1], p[2]};
  }
  coarse.triangles.reserve(static_cast<std::size_t>(out->GetNumberOfPolys()));
  auto ids = vtkSmartPointer<vtkIdList>::New();
  vtkCellArray* cells = out->GetPolys();
  for (cells->InitTraversal(); cells->GetNextCell(ids);) {
    if (ids->GetNumberOfIds() != 3) continue;
    const int a = static_cast<int>(ids->GetId(0));
    const int b = static_cast<int>(ids->GetId(1));
    const int c = static_cast<int>(ids->GetId(2));
    if (a == b || b == c || a == c) continue;  // collapsed: not a surface
    coarse.triangles.push_back({a, b, c});
  }
  // Vertices no triangle uses any more are left out, so that the copy's bounds are its surface's.
  std::vector<int> remap(coarse.vertices_mm.size(), -1);
  std::vector<Vec3> used;
  for (auto& tri : coarse.triangles) {
    for (int& v : tri) {
      if (remap[v] < 0) {
        remap[v] = static_cast<int>(used.size());
        used.push_back(coarse.vertices_mm[v]);
      }
      v = remap[v];
    }
  }
  coarse.vertices_mm = std::move(used);
  return coarse;
}

}  // namespace toxplan::atlas_build
