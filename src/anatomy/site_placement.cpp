#include "anatomy/site_placement.h"

namespace toxplan::anatomy {

PlacedSite place_site(const Atlas& atlas, const SkinHit& hit) {
  PlacedSite placed;
  placed.entry_mm = hit.point_mm;
  placed.direction = normalized(-hit.outward_normal);
  placed.depth_mm = kFallbackDepthMm;
  for (const NeedleSegment& seg :
       atlas.along_needle(hit.point_mm, placed.direction, kMaxPlacementDepthMm)) {
    const Structure* s = atlas.by_label(seg.label);
    if (!s) continue;
    if (s->kind == StructureKind::Muscle) {
      placed.depth_mm = 0.5 * (seg.entry_depth_mm + seg.exit_depth_mm);
      placed.target_structure_id = s->id;
      placed.muscle_thickness_mm = seg.exit_depth_mm - seg.entry_depth_mm;
      break;
    }
    if (s->kind == StructureKind::Bone) break;  // the needle stops at bone
  }
  return placed;
}

std::optional<PlacedSite> place_site_along_ray(const Atlas& atlas, const Vec3& origin_mm,
                                               const Vec3& direction) {
  const auto hit = atlas.cast_to_skin(origin_mm, direction);
  if (!hit) return std::nullopt;
  return place_site(atlas, *hit);
}

}  // namespace toxplan::anatomy
