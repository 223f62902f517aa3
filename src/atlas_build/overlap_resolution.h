// Real segmentations overlap a little: BodyParts3D's trapezius reaches up to 5 mm into the
// clavicle, the platysma up to 7 mm, the SCM 1-2 mm into the temporal bone. A muscle's
// surface is moved out of the bones it enters, so that `atlas check` finds no MUSCLE_IN_BONE
// deeper than 1 mm and containment gives each point one owner.
#pragma once

#include <vector>

#include "anatomy/triangle_mesh.h"

namespace toxplan::atlas_build {

struct OverlapResolution {
  anatomy::TriangleMesh mesh;  // same triangles (topology kept: closed stays closed)
  int vertices_moved = 0;
  double deepest_before_mm = 0.0;  // deepest vertex inside any hard mesh, before
  double deepest_after_mm = 0.0;   // and after (<= the check's 1 mm when it worked)
};

// Moves every vertex of `soft` that lies inside one of `hard` (closed surfaces) to
// `clearance_mm` outside that surface, and smooths the moved region so that it does not fold.
// Throws std::runtime_error naming the hard mesh (1-based) when one is not closed. How it is done
// and what it gives on real data: docs/atlas-build-surfaces.md.
OverlapResolution move_out_of(const anatomy::TriangleMesh& soft,
                              const std::vector<const anatomy::TriangleMesh*>& hard,
                              double clearance_mm);

}  // namespace toxplan::atlas_build
