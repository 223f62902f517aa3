#include "render/moving_batch.h"

#include <vtkCellArray.h>
#include <vtkCellArrayIterator.h>
#include <vtkDataArray.h>
#include <vtkFloatArray.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>

#include "anatomy/winding_normals.h"

namespace toxplan::render {

namespace {

unsigned char channel(double c) {
  return static_cast<unsigned char>(std::lround(255.0 * std::clamp(c, 0.0, 1.0)));
}

}  // namespace

vtkSmartPointer<vtkPolyData> merge_coloured(const std::vector<BatchPiece>& pieces) {
  // Inputs with their normals (computed from the winding where a mesh has none).
  std::vector<vtkSmartPointer<vtkPolyData>> meshes;
  vtkIdType point_count = 0;
  vtkIdType triangle_count = 0;
  for (const BatchPiece& piece : pieces) {
    vtkSmartPointer<vtkPolyData> mesh = piece.mesh;
    if (mesh && mesh->GetNumberOfPolys() > 0 && !mesh->GetPointData()->GetNormals()) {
      mesh = anatomy::with_winding_point_normals(mesh);
    }
    meshes.push_back(mesh);
    if (!mesh || mesh->GetNumberOfPolys() == 0) continue;
    point_count += mesh->GetNumberOfPoints();
    triangle_count += mesh->GetNumberOfPolys();
  }

  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToFloat();
  points->SetNumberOfPoints(point_count);
  auto normals = vtkSmartPointer<vtkFloatArray>::New();
  normals->SetName("Normals");
  normals->SetNumberOfComponents(3);
  normals->SetNumberOfTuples(point_count);
  auto colours = vtkSmartPointer<vtkUnsignedCharArray>::New();
  colours->SetName("colour");
  colours->SetNumberOfComponents(3);
  colours->SetNumberOfTuples(point_count);
  auto polys = vtkSmartPointer<vtkCellArray>::New();
  polys->AllocateExact(triangle_count, 3 * triangle_count);

  vtkIdType offset = 0;
  for (std::size_t m = 0; m < pieces.size(); ++m) {
    vtkPolyData* mesh = meshes[m];
    if (!mesh || mesh->GetNumberOfPolys() == 0) continue;
    const BatchPiece& piece = pieces[m];
    const unsigned char rgb[3] = {channel(piece.colour[0]), channel(piece.colour[1]),
                                  channel(piece.colour[2])};
    vtkDataArray* in_normals = mesh->GetPointData()->GetNormals();
    const vtkIdType n = mesh->GetNumberOfPoints();
    for (vtkIdType i = 0; i < n; ++i) {
      double p[4] = {0, 0, 0, 1};
      mesh->GetPoint(i, p);
      double q[3];
      in_normals->GetTuple(i, q);
      if (piece.matrix) {
        double moved[4];
        piece.matrix->MultiplyPoint(p, moved);
        std::copy(moved, moved + 3, p);
        double turned[3] = {0, 0, 0};
        for (int r = 0; r < 3; ++r) {
          for (int c = 0; c < 3; ++c)
            turned[r] += piece.matrix->GetElement(r, c) * q[c];
        }
        const double length =
            std::sqrt(turned[0] * turned[0] + turned[1] * turned[1] + turned[2] * turned[2]);
        for (int r = 0; r < 3; ++r)
          q[r] = length > 0.0 ? turned[r] / length : 0.0;
      }
      points->SetPoint(offset + i, p);
      normals->SetTuple(offset + i, q);
      colours->SetTypedTuple(offset + i, rgb);
    }
    auto cells = vtk::TakeSmartPointer(mesh->GetPolys()->NewIterator());
    for (cells->GoToFirstCell(); !cells->IsDoneWithTraversal(); cells->GoToNextCell()) {
      vtkIdType size = 0;
      const vtkIdType* ids = nullptr;
      cells->GetCurrentCell(size, ids);
      if (size != 3) continue;  // the scene's meshes are triangles
      const vtkIdType moved[3] = {ids[0] + offset, ids[1] + offset, ids[2] + offset};
      polys->InsertNextCell(3, moved);
    }
    offset += n;
  }

  auto merged = vtkSmartPointer<vtkPolyData>::New();
  merged->SetPoints(points);
  merged->SetPolys(polys);
  merged->GetPointData()->SetNormals(normals);
  merged->GetPointData()->SetScalars(colours);
  return merged;
}

}  // namespace toxplan::render
