#include "protocol/protocol_placement.h"

#include <algorithm>

#include "base/format.h"

namespace toxplan::protocol {

namespace {

// How far outside the placement point the skin search starts: beyond any soft tissue.
constexpr double kSkinSearchStartMm = 60.0;
// Keep the tip this far short of the needle's full length (the hub needs some skin contact).
constexpr double kNeedleMarginMm = 0.5;
// "Superficial" injections: this far past the muscle's surface, the loss of resistance after
// the needle crosses the fascia (BOTOX SmPC: intramuscular; neurologyresidents.com practical note).
constexpr double kSuperficialMm = 2.0;
// How deep along the needle line structures are looked for (beyond any needle in use).
constexpr double kMaxNeedleSearchMm = 60.0;

// Direction the needle travels in (from the outside toward the body) for an approach.
Vec3 approach_direction(const std::string& approach, const std::string& side) {
  if (approach == "posterior") return {0, 1, 0};
  if (approach == "superior") return {0, 0, -1};
  if (approach == "lateral") return {side == "L" ? 1.0 : -1.0, 0, 0};  // L is at -x in RAS
  return {0, -1, 0};                                                   // anterior
}

const anatomy::Landmark* need_landmark(const anatomy::Atlas& atlas, const std::string& id,
                                       Findings* findings) {
  const anatomy::Landmark* l = atlas.landmark(id);
  if (!l) {
    findings->push_back(
        {"LANDMARK_MISSING", Severity::Error, "", "", 0,
         "atlas " + atlas.id() + " has no landmark \"" + id + "\" that the protocol needs"});
  }
  return l;
}

}  // namespace

bool placement_point(const PlacementRule& rule, const std::string& side,
                     const anatomy::Atlas& atlas, Vec3* point_mm, Findings* findings) {
  Vec3 p;
  if (!rule.anchor.empty()) {
    const anatomy::Landmark* a = need_landmark(atlas, rule.anchor, findings);
    if (!a) return false;
    p = a->position_mm;
  } else {
    const anatomy::Landmark* a = need_landmark(atlas, rule.between_a, findings);
    const anatomy::Landmark* b = need_landmark(atlas, rule.between_b, findings);
    if (!a || !b) return false;
    p = a->position_mm + (b->position_mm - a->position_mm) * rule.fraction;
  }
  const double lateral_sign = side == "L" ? -1.0 : (side == "R" ? 1.0 : 0.0);
  p.x += lateral_sign * rule.lateral_mm;
  p.y += rule.anterior_mm;
  p.z += rule.superior_mm;
  *point_mm = p;
  return true;
}

ProtocolApplication apply_protocol(const Protocol& protocol, const anatomy::Atlas& atlas,
                                   bool with_optional, const std::vector<std::string>& only) {
  ProtocolApplication out;
  plan::Plan& plan = out.plan;
  plan.title = protocol.name;
  plan.product = protocol.product;
  plan.dilution = protocol.dilution;
  plan.atlas_id = atlas.id();
  plan.atlas_version = atlas.version();
  plan.protocol_id = protocol.id;
  plan.indication = protocol.indication;
  plan.notes = "Made by `toxplan protocol apply " + protocol.id +
               "`. Site offsets marked approximate follow sourced safety margins, not verified "
               "protocol measurements (docs/protocol-format.md).";

  for (const ExpandedSite& e : expand_sites(protocol, with_optional, only)) {
    const double needle_mm =
        e.site.needle_length_mm > 0.0 ? e.site.needle_length_mm : protocol.needle_length_mm;
    const double reach_mm = needle_mm - kNeedleMarginMm;
    Vec3 point;
    if (!placement_point(e.site.placement, e.side, atlas, &point, &out.findings)) continue;
    const Vec3 dir = approach_direction(e.site.placement.approach, e.side);
    const auto hit = atlas.cast_to_skin(point - dir * kSkinSearchStartMm, dir);
    if (!hit) {
      out.findings.push_back({"SKIN_NOT_FOUND", Severity::Error, e.site.id, "", 0,
                              "site " + e.site.id + ": no skin found from the " +
                                  e.site.placement.approach + " near the placement point"});
      continue;
    }
    plan::Site site;
    site.id = e.site.id;
    site.label = e.site.label;
    site.entry_point_mm = hit->point_mm;
    site.needle_direction = normalized(-hit->outward_normal);
    site.dose_units = e.site.dose_units;
    site.volume_ml = e.site.volume_ml;
    // The plan records the needle the protocol assumes (a 1-inch needle for the cervical
    // dystonia template), so the simulator's NEEDLE_TOO_SHORT check uses it.
    site.needle_length_mm = needle_mm;

    // The first acceptable target along the needle, with the tip mid-muscle but within reach.
    const std::vector<anatomy::NeedleSegment> segments =
        atlas.along_needle(site.entry_point_mm, site.needle_direction, kMaxNeedleSearchMm);
    const anatomy::NeedleSegment* chosen = nullptr;
    const anatomy::NeedleSegment* first_muscle = nullptr;
    for (const anatomy::NeedleSegment& seg : segments) {
      const anatomy::Structure* s = atlas.by_label(seg.label);
      if (!s) continue;
      if (s->kind == anatomy::StructureKind::Bone) break;
      if (s->kind == anatomy::StructureKind::Muscle && !first_muscle) first_muscle = &seg;
      if (std::find(e.site.targets.begin(), e.site.targets.end(), s->id) != e.site.targets.end() &&
          seg.entry_depth_mm < reach_mm) {
        chosen = &seg;
        break;
      }
    }
    if (chosen) {
      site.target_structure_id = atlas.by_label(chosen->label)->id;
      site.depth_mm = std::min(0.5 * (chosen->entry_depth_mm + chosen->exit_depth_mm), reach_mm);
    } else {
      site.target_structure_id = e.site.targets.empty() ? "" : e.site.targets.front();
      site.depth_mm =
          first_muscle
              ? std::min(0.5 * (first_muscle->entry_depth_mm + first_muscle->exit_depth_mm),
                         reach_mm)
              : std::min(5.0, reach_mm);
      out.findings.push_back({"TARGET_NOT_REACHED", Severity::Warning, site.id, "", 0,
                              "site " + site.id + ": the " + format_number(needle_mm, 1) +
                                  " mm needle does not reach " + site.target_structure_id +
                                  " from this entry point on atlas " + atlas.id() +
                                  "; adjust the site"});
    }
    plan.sites.push_back(site);
  }
  return out;
}

}  // namespace toxplan::protocol
