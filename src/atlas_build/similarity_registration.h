// Registering one release of BodyParts3D onto another: the 3.0 face muscles were modelled on
// the 3.0 skull, and 4.0 remodelled the head. A similarity (rotation, uniform scale,
// translation) is refined by trimmed ICP from an initial guess (docs/atlas-build-landmarks.md).
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "anatomy/triangle_mesh.h"
#include "base/vec3.h"

namespace toxplan::atlas_build {

struct Similarity {
  double scale = 1.0;
  std::array<double, 9> rotation{1, 0, 0, 0, 1, 0, 0, 0, 1};  // row-major, proper rotation
  Vec3 translation;
  Vec3 apply(const Vec3& p) const;  // scale * R * p + t
};

struct RegistrationOptions {
  int max_iterations = 50;
  // Only the closest fraction of the point pairs counts in each step: the moving points that
  // belong on the fixed surface (a muscle's deep face on its bone), not the ones that lie away
  // from it (its superficial face).
  double inlier_fraction = 0.5;
  double max_pair_distance_mm = 15.0;  // pairs farther apart never count
};

struct RegistrationResult {
  Similarity transform;
  double median_residual_before_mm = 0.0;  // of the inlier pairs, with the initial guess
  double median_residual_mm = 0.0;         // after
  double p90_residual_mm = 0.0;            // after, 90th percentile of the inlier pairs
  int iterations = 0;
  std::size_t pairs_used = 0;
};

RegistrationResult register_similarity(const std::vector<Vec3>& moving_points,
                                       const anatomy::TriangleMesh& fixed_surface,
                                       const Similarity& initial,
                                       const RegistrationOptions& options = {});

// Regional refinement: after one similarity for all the muscles, each point set (a muscle, or a
// left/right pair) is registered on its own from `global`. A set's own fit is kept only when it
// moves none of the set's points more than max_shift_mm from where `global` put them and
// changes the scale by at most max_scale_change (relative); otherwise the set keeps `global`
// (`refined` false), because a lone muscle can slide along its bone or grow into a neighbour.
struct RefinementBounds {
  double max_shift_mm = 3.0;
  double max_scale_change = 0.03;
};

struct RegionalResult {
  RegistrationResult result;  // the set's own fit (whether kept or not)
  Similarity transform;       // what to use: the own fit if kept, else global
  double max_shift_mm = 0.0;  // of the own fit against global, over the set's points
  bool refined = false;
};

std::vector<RegionalResult> refine_each(const std::vector<std::vector<Vec3>>& point_sets,
                                        const anatomy::TriangleMesh& fixed_surface,
                                        const Similarity& global,
                                        const RegistrationOptions& options = {},
                                        const RefinementBounds& bounds = {});

}  // namespace toxplan::atlas_build
