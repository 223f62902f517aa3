#include "atlas_build/plane_cut.h"

#include <vtkCellArray.h>
#include <vtkClipClosedSurface.h>
#include <vtkIdList.h>
#include <vtkNew.h>
#include <vtkPlane.h>
#include <vtkPlaneCollection.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkTriangleFilter.h>

namespace toxplan::atlas_build {

anatomy::TriangleMesh cut_below(const anatomy::TriangleMesh& closed, double cut_z_mm) {
  return cut_to_slab(closed, cut_z_mm, std::nullopt);
}

anatomy::TriangleMesh cut_to_slab(const anatomy::TriangleMesh& closed, double below_z_mm,
                                  std::optional<double> above_z_mm) {
  const anatomy::Box box = closed.bounds();
  const bool cut_low = box.min_mm.z < below_z_mm;
  const bool cut_high = above_z_mm && box.max_mm.z > *above_z_mm;
  if (closed.triangles.empty() || (!cut_low && !cut_high)) return closed;
  if (box.max_mm.z <= below_z_mm || (above_z_mm && box.min_mm.z >= *above_z_mm)) return {};
  vtkNew<vtkPoints> points;
  points->SetDataTypeToDouble();
  for (const Vec3& v : closed.vertices_mm)
    points->InsertNextPoint(v.x, v.y, v.z);
  vtkNew<vtkCellArray> polys;
  for (const auto& t : closed.triangles) {
    const vtkIdType ids[3] = {t[0], t[1], t[2]};
    polys->InsertNextCell(3, ids);
  }
  vtkNew<vtkPolyData> input;
  input->SetPoints(points);
  input->SetPolys(polys);

  // Each plane keeps the side its normal points to.
  vtkNew<vtkPlaneCollection> planes;
  if (cut_low) {
    vtkNew<vtkPlane> plane;
    plane->SetOrigin(0, 0, below_z_mm);
    plane->SetNormal(0, 0, 1);
    planes->AddItem(plane);
  }
  if (cut_high) {
    vtkNew<vtkPlane> plane;
    plane->SetOrigin(0, 0, *above_z_mm);
    plane->SetNormal(0, 0, -1);
    planes->AddItem(plane);
  }
  vtkNew<vtkClipClosedSurface> clip;
  clip->SetInputData(input);
  clip->SetClippingPlanes(planes);
  clip->GenerateFacesOn();
  clip->TriangulationErrorDisplayOff();
  vtkNew<vtkTriangleFilter> triangles;  // the caps come out as polygons
  triangles->SetInputConnection(clip->GetOutputPort());
  triangles->PassLinesOff();
  triangles->PassVertsOff();
  triangles->Update();
  vtkPolyData* out = triangles->GetOutput();

  anatomy::TriangleMesh mesh;
  mesh.vertices_mm.reserve(static_cast<std::size_t>(out->GetNumberOfPoints()));
  for (vtkIdType i = 0; i < out->GetNumberOfPoints(); ++i) {
    double p[3];
    out->GetPoint(i, p);
    mesh.vertices_mm.push_back({p[0], p[1], p[2]});
  }
  vtkNew<vtkIdList> ids;
  for (vtkIdType c = 0; c < out->GetNumberOfCells(); ++c) {
    out->GetCellPoints(c, ids);
    if (ids->GetNumberOfIds() != 3) continue;
    mesh.triangles.push_back({static_cast<int>(ids->GetId(0)), static_cast<int>(ids->GetId(1)),
                              static_cast<int>(ids->GetId(2))});
  }
  return mesh;
}

}  // namespace toxplan::atlas_build
