// Turns an implicit structure into a closed, outward-oriented, decimated triangle mesh.
#pragma once

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "structure_def.h"

namespace atlas_gen {

struct MeshStats {
  long triangles = 0;
  long open_edges = 0;  // boundary + non-manifold edges; 0 means closed
  double volume_cm3 = 0.0;
};

vtkSmartPointer<vtkPolyData> mesh_structure(const StructureDef& def);
vtkSmartPointer<vtkPolyData> mirror_mesh(vtkPolyData* right);
MeshStats mesh_stats(vtkPolyData* mesh);

}  // namespace atlas_gen
