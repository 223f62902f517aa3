// Point normals of a triangle mesh taken from its triangles' own winding. The atlas orients every
// surface piece outward itself (structure_index.cpp); vtkPolyDataNormals' automatic orientation
// would flip the inner side of a shell (skin, fat), so it is turned off and normals are only
// averaged.
#pragma once

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

namespace toxplan::anatomy {

vtkSmartPointer<vtkPolyData> with_winding_point_normals(vtkPolyData* mesh);

}  // namespace toxplan::anatomy
