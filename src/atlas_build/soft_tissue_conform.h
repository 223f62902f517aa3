// The skin moved along its normals so that the real bones and muscles lie under it at the
// sourced soft-tissue depth. BodyParts3D's skin was fitted into the 4.0 frame from another
// model, so the gap between it and the real tissue is not a measurement: it is 0-2 mm over the
// frontal bone and 15-25 mm over the trapezius (docs/atlas-build-soft-tissue.md "Conforming
// the skin").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "anatomy/triangle_mesh.h"
#include "atlas_build/soft_tissue_regions.h"

namespace toxplan::atlas_build::soft {

struct ConformedSkin {
  anatomy::TriangleMesh mesh;           // same triangles as the input, vertices moved
  std::vector<double> displacement_mm;  // per vertex, along the outward normal (+ = out)
  double deepest_in_mm = 0.0;           // largest inward move
  double farthest_out_mm = 0.0;         // largest outward move
  int vertices_moved = 0;               // by more than 0.1 mm
  int triangles_flipped = 0;            // turned over by the move (reported, not expected)
};

// Each vertex of the closed `skin` (normals out) is moved along its normal by
// weight * (clamp(d, low, high) - d), where d is its distance to the nearest real bone or
// muscle (negative when that lies outward of it) and the band comes from `band`; the moves are
// smoothed over the mesh (so the surface has no steps) and the whole is repeated `passes` times.
ConformedSkin conform_skin(const anatomy::TriangleMesh& skin,
                           const std::vector<const anatomy::TriangleMesh*>& tissue,
                           const std::function<Regions::CoverBand(const Vec3&)>& band,
                           int passes = 3);

// The move of the skin vertex nearest to `p` (for landmarks placed on the unmoved skin).
Vec3 moved_with_skin(const ConformedSkin& conformed, const anatomy::TriangleMesh& unmoved,
                     const Vec3& p);

}  // namespace toxplan::atlas_build::soft
