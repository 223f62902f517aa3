#include "anatomy/winding_normals.h"

#include <vtkPolyDataNormals.h>

namespace toxplan::anatomy {

vtkSmartPointer<vtkPolyData> with_winding_point_normals(vtkPolyData* mesh) {
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(mesh);
  normals->ConsistencyOff();
  normals->AutoOrientNormalsOff();
  normals->SplittingOff();
  normals->ComputePointNormalsOn();
  normals->ComputeCellNormalsOff();
  normals->Update();
  return normals->GetOutput();
}

}  // namespace toxplan::anatomy
