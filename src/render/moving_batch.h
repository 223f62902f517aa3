// The moving picture in a few actors. Under Mesa's software renderer every actor costs a draw
// call with its own state changes and shader uniforms, and the real atlas has about 150
// structures and a 39-site plan as many spread surfaces: drawn one actor each, the per-actor
// cost was a large part of a moving frame. While the camera moves, the scene therefore draws
// the coarse copies of every opaque structure as one mesh coloured per point, and the spread
// surfaces as one mesh per status colour. The still picture keeps one actor per structure.
#pragma once

#include <vector>

#include <vtkSmartPointer.h>

#include "render/display_style.h"

class vtkMatrix4x4;
class vtkPolyData;

namespace toxplan::render {

struct BatchPiece {
  vtkPolyData* mesh = nullptr;  // triangles; its point normals are kept
  Rgb colour{1, 1, 1};
  // Placement of the mesh (a spread surface is in grid index units), or null for none. Must be
  // a rotation times a uniform scale plus a translation: normals are turned by its 3x3 part and
  // re-normalised.
  vtkMatrix4x4* matrix = nullptr;
};

// One mesh holding every piece's triangles, with point normals ("Normals") and point colours
// ("colour", unsigned char RGB, the mapper's direct scalars). Pieces without triangles are
// skipped; a piece without point normals gets them from its winding.
vtkSmartPointer<vtkPolyData> merge_coloured(const std::vector<BatchPiece>& pieces);

}  // namespace toxplan::render
