#include "protocol/protocol_placement.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

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

// A tip counts as inside its target only this far from both of the target's surfaces along the
// needle, so that the simulator's containment test (a different discretisation of the same
// surface) agrees.
constexpr double kTipInsideMarginMm = 0.5;
// Needle angles tried when the target is not on the line straight in: clinicians angle the
// needle for thin muscles (corrugator, frontalis, occipitalis); steeper than this and the
// needle runs along the skin.
constexpr double kMaxAngleDeg = 40.0;
constexpr double kAngleStepDeg = 5.0;
constexpr int kAzimuths = 16;
constexpr double kPi = 3.14159265358979323846;

// Neighbouring pieces of one structure along the needle (a surface crossed at a shared edge, a
// mesh of two touching parts) as one segment.
std::vector<anatomy::NeedleSegment> merged_segments(std::vector<anatomy::NeedleSegment> in) {
  std::vector<anatomy::NeedleSegment> out;
  for (const anatomy::NeedleSegment& seg : in) {
    if (!out.empty() && out.back().label == seg.label &&
        seg.entry_depth_mm - out.back().exit_depth_mm < 0.1) {
      out.back().exit_depth_mm = std::max(out.back().exit_depth_mm, seg.exit_depth_mm);
      continue;
    }
    out.push_back(seg);
  }
  return out;
}

struct Aim {
  Vec3 direction;
  std::string target_id;
  double tip_depth_mm = 0.0;
  double angle_deg = 0.0;
  double inside_mm = 0.0;  // distance from the tip to the nearer surface of the target
};

// The first target crossed along `dir` before any bone, with the tip mid-target but within
// reach and at least kTipInsideMarginMm inside it.
std::optional<Aim> target_along(const anatomy::Atlas& atlas, const Vec3& entry, const Vec3& dir,
                                const std::vector<std::string>& targets, double reach_mm) {
  for (const anatomy::NeedleSegment& seg :
       merged_segments(atlas.along_needle(entry, dir, kMaxNeedleSearchMm))) {
    const anatomy::Structure* s = atlas.by_label(seg.label);
    if (!s) continue;
    if (s->kind == anatomy::StructureKind::Bone) break;
    if (std::find(targets.begin(), targets.end(), s->id) == targets.end()) continue;
    const double tip = std::min(0.5 * (seg.entry_depth_mm + seg.exit_depth_mm), reach_mm);
    const double inside = std::min(tip - seg.entry_depth_mm, seg.exit_depth_mm - tip);
    if (inside < kTipInsideMarginMm) return std::nullopt;
    return Aim{dir, s->id, tip, 0.0, inside};
  }
  return std::nullopt;
}

// Straight in along the skin normal if that reaches a target; otherwise the least angle from it
// (in steps, all around) that does, the tip deepest inside the target at that angle.
std::optional<Aim> aim_at_target(const anatomy::Atlas& atlas, const Vec3& entry,
                                 const Vec3& normal_dir, const std::vector<std::string>& targets,
                                 double reach_mm) {
  if (auto straight = target_along(atlas, entry, normal_dir, targets, reach_mm)) return straight;
  // Two directions across the needle.
  const Vec3 helper = std::abs(normal_dir.z) < 0.9 ? Vec3{0, 0, 1} : Vec3{1, 0, 0};
  const Vec3 u = normalized(cross(normal_dir, helper));
  const Vec3 v = cross(normal_dir, u);
  for (double angle = kAngleStepDeg; angle <= kMaxAngleDeg + 1e-9; angle += kAngleStepDeg) {
    const double a = angle * kPi / 180.0;
    std::optional<Aim> best;
    for (int k = 0; k < kAzimuths; ++k) {
      const double phi = 2.0 * kPi * k / kAzimuths;
      const Vec3 dir = normalized(normal_dir * std::cos(a) +
                                  (u * std::cos(phi) + v * std::sin(phi)) * std::sin(a));
      auto aim = target_along(atlas, entry, dir, targets, reach_mm);
      if (aim && (!best || aim->inside_mm > best->inside_mm)) best = aim;
    }
    if (best) {
      best->angle_deg = angle;
      return best;
    }
  }
  return std::nullopt;
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
                                   bool with_optional, const std::vector<std::string>& only,
                                   const std::string& affected_side) {
  ProtocolApplication out;
  if (has_affected_side_sites(protocol) && affected_side != "L" && affected_side != "R") {
    out.findings.push_back(
        {"PROTOCOL_SIDE_NEEDED", Severity::Error, "", "", 0,
         "protocol " + protocol.id +
             " is for one affected side: say which (protocol apply --side L or --side R)"});
    return out;
  }
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

  for (const ExpandedSite& e : expand_sites(protocol, with_optional, only, affected_side)) {
    const double needle_mm =
        e.site.needle_length_mm > 0.0 ? e.site.needle_length_mm : protocol.needle_length_mm;
    const double reach_mm = needle_mm - kNeedleMarginMm;
    Vec3 point;
    if (!placement_point(e.site.placement, e.side, atlas, &point, &out.findings)) continue;
    Vec3 dir = approach_direction(e.site.placement.approach, e.side);
    if (e.site.placement.across_line) {
      const anatomy::Landmark* a = atlas.landmark(e.site.placement.between_a);
      const anatomy::Landmark* b = atlas.landmark(e.site.placement.between_b);
      if (a && b) {
        const Vec3 line = normalized(b->position_mm - a->position_mm);
        const Vec3 square = dir - line * dot(dir, line);
        if (dot(square, square) > 1e-6) dir = normalized(square);
      }
    }
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

    const Vec3 normal_dir = site.needle_direction;
    if (const std::optional<Aim> aim =
            aim_at_target(atlas, site.entry_point_mm, normal_dir, e.site.targets, reach_mm)) {
      site.needle_direction = aim->direction;
      site.target_structure_id = aim->target_id;
      site.depth_mm = aim->tip_depth_mm;
      if (aim->angle_deg > 0.0)
        out.findings.push_back(
            {"NEEDLE_ANGLED", Severity::Info, site.id, "", 0,
             "site " + site.id + ": the needle is angled " + format_number(aim->angle_deg, 0) +
                 " degrees from perpendicular to the skin to reach " + aim->target_id +
                 " (the muscle is thin or off the line "
                 "straight in); check the direction"});
    } else {
      const std::vector<anatomy::NeedleSegment> segments =
          merged_segments(atlas.along_needle(site.entry_point_mm, normal_dir, kMaxNeedleSearchMm));
      const anatomy::NeedleSegment* first_muscle = nullptr;
      for (const anatomy::NeedleSegment& seg : segments) {
        const anatomy::Structure* st = atlas.by_label(seg.label);
        if (!st) continue;
        if (st->kind == anatomy::StructureKind::Bone) break;
        if (st->kind == anatomy::StructureKind::Muscle) {
          first_muscle = &seg;
          break;
        }
      }
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
                                  " (not within " + format_number(kMaxAngleDeg, 0) +
                                  " degrees of perpendicular either); adjust the site"});
    }
    plan.sites.push_back(site);
  }
  return out;
}

}  // namespace toxplan::protocol
