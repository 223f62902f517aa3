// What a mesh is like: open edges, enclosed volume, distance between two surfaces. The numbers
// the atlas build reports per structure (docs/atlas-build.md).
#pragma once

#include "anatomy/triangle_mesh.h"

namespace toxplan::atlas_build {

struct OpenEdges {
  int boundary_edges = 0;      // edges used by one triangle
  int non_manifold_edges = 0;  // edges used by three or more triangles
  bool closed() const { return boundary_edges == 0 && non_manifold_edges == 0; }
};

// Counted after welding coincident vertices (positions equal within 1e-6 mm), the way
// BodyParts3D's quality figures are counted (docs/atlas-build.md).
OpenEdges count_open_edges(const anatomy::TriangleMesh& mesh);

// The mesh with coincident vertices (within `tolerance_mm`, 1e-6 mm by default) merged into the
// first of them and the triangles that became degenerate (two equal corners) dropped. Vertices
// keep their first-seen order, so the result depends only on the input. count_open_edges and
// close_surface work on this.
anatomy::TriangleMesh weld_vertices(const anatomy::TriangleMesh& mesh, double tolerance_mm = 1e-6);

// Volume enclosed by the surface (divergence theorem, absolute value), mm^3. Meaningful for a
// closed surface only.
double enclosed_volume_mm3(const anatomy::TriangleMesh& mesh);

struct SurfaceDistance {
  double max_mm = 0.0;   // the largest distance found
  double mean_mm = 0.0;  // mean over the samples
};

// Distance from the surface `from` to the surface `to`: sampled at every vertex, edge midpoint
// and triangle centroid of `from`, each measured to the nearest point of `to`'s triangles.
SurfaceDistance surface_distance(const anatomy::TriangleMesh& from,
                                 const anatomy::TriangleMesh& to);

// Symmetric Hausdorff distance: the larger of the two one-sided distances.
double hausdorff_mm(const anatomy::TriangleMesh& a, const anatomy::TriangleMesh& b);

}  // namespace toxplan::atlas_build
