// Where a 3D label may be drawn so that the camera sees what it names. A label is drawn over
// the picture (never hidden by the model), so its anchor must itself be in sight: an anchor
// that a surface drawn opaque hides from the camera would point at something the viewer cannot
// see. Tested by casting the segment from the camera to the anchor against the atlas surfaces.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "anatomy/atlas.h"
#include "render/occlusion.h"

namespace toxplan::render {

// Does a structure hide what lies behind it (drawn, and opaque enough that what is behind
// does not show)?
using Occludes = std::function<bool(const anatomy::Structure&)>;

// The last stretch of the segment where a crossing is the anchor's own surface, not a cover.
inline constexpr double kAnchorSurfaceToleranceMm = 1.0;

// How deep under the surface in front of it a landmark may lie and still be labelled there. On
// the default atlas, seen from outside along the line from mid-tragion, the bony landmarks of the
// head lie at most 21 mm under the first surface (the coronoid process under the masseter; the
// mastoid tips 16 mm, the supraorbital notches 13 mm), while one on the far side of the head lies
// 60 mm or more behind the near surface.
inline constexpr double kLandmarkUnderSurfaceMaxMm = 25.0;

// True when no occluding surface crosses the segment from `eye_mm` to `anchor_mm` (apart from
// the last kAnchorSurfaceToleranceMm).
bool anchor_visible(const anatomy::Atlas& atlas, const Vec3& eye_mm, const Vec3& anchor_mm,
                    const Occludes& occludes);

// The point a label for structure or landmark `id` is anchored at, seen from `eye_mm`. What it
// names must be in sight: not behind a surface that `opaque` says hides what is behind it
// (see-through skin does not). Candidates:
// - a structure: the skin over its centroid, else the point of its own surface nearest its
//   centroid that is in sight; nothing when no part of it is in sight (the label is not drawn);
// - a landmark: the landmark when in sight, else the first surface in front of it on the line
//   of sight (the spot in the picture under which it lies) when that surface is at most
//   kLandmarkUnderSurfaceMaxMm in front of it; a landmark deeper than that lies on the far side
//   of the body from the camera (the mastoid seen from the front), and gets no label.
// The anchor is then brought in front of every surface drawn on the line of sight (`drawn`),
// see-through ones included, so that nothing at all lies between the camera and the anchor: the
// label sits on the picture over what it names.
std::optional<Vec3> visible_label_anchor(const anatomy::Atlas& atlas, const std::string& id,
                                         const Vec3& eye_mm, const Occludes& opaque,
                                         const Occludes& drawn);

}  // namespace toxplan::render
