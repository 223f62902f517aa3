// Closing an open source surface (BodyParts3D 3.0 face muscles are open: temporalis has about
// 810 boundary edges) so that it can decide "inside", staying within a tolerance of the source.
#pragma once

#include <string>

#include "anatomy/triangle_mesh.h"

namespace toxplan::atlas_build {

struct ClosedSurface {
  anatomy::TriangleMesh mesh;     // closed: count_open_edges(mesh).closed()
  int boundary_edges_before = 0;  // of the source, after welding
  double hausdorff_mm = 0.0;      // symmetric Hausdorff distance, closed mesh <-> source
  double volume_mm3 = 0.0;        // enclosed by the closed mesh
  std::string method;             // one line for the build report: how it was closed
};

// Returns the source itself (hausdorff 0) when it is already closed. Throws std::runtime_error
// with the reason when it cannot produce a closed surface. The caller compares hausdorff_mm
// with the recipe's tolerance (0.5 mm by default) and reports a structure over it as an error.
ClosedSurface close_surface(const anatomy::TriangleMesh& source, double tolerance_mm = 0.5);

}  // namespace toxplan::atlas_build
