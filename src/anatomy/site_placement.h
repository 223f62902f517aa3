// Where a new injection site goes when the user clicks the skin: the needle follows the inward
// normal, the tip sits mid-thickness in the first muscle under the point, and that muscle is
// the target.
#pragma once

#include <optional>
#include <string>

#include "anatomy/atlas.h"

namespace toxplan::anatomy {

struct PlacedSite {
  Vec3 entry_mm;
  Vec3 direction;  // unit, into the body
  double depth_mm = 0.0;
  std::string target_structure_id;  // empty when no muscle lies under the point
  double muscle_thickness_mm = 0.0;
};

// Deepest muscle entry considered: beyond a 1-inch needle plus margin nothing is a click target.
inline constexpr double kMaxPlacementDepthMm = 40.0;
// Depth used when no muscle lies under the point: just under the skin and fat.
inline constexpr double kFallbackDepthMm = 5.0;

PlacedSite place_site(const Atlas& atlas, const SkinHit& hit);

// Re-aims an existing entry point (after a drag): same rules as a new site.
std::optional<PlacedSite> place_site_along_ray(const Atlas& atlas, const Vec3& origin_mm,
                                               const Vec3& direction);

}  // namespace toxplan::anatomy
