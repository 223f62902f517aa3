// The mesh the window draws: a decimated copy of a structure's full mesh, so that rotating the
// real anatomy stays fluid under software OpenGL. Containment and spread use the full mesh.
#pragma once

#include "anatomy/triangle_mesh.h"

namespace toxplan::atlas_build {

// Quadric decimation (volume preserving) to about `target_triangles`; the source itself when it
// has no more than that.
anatomy::TriangleMesh decimate_for_display(const anatomy::TriangleMesh& full, int target_triangles);

}  // namespace toxplan::atlas_build
