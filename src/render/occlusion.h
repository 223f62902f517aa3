// What counts as hiding what lies behind it, for picking sites (Scene::occluding_depth_mm) and
// for placing labels where the camera sees them (label_anchor.h): one rule for both.
#pragma once

namespace toxplan::render {

// Opacity from which a drawn surface counts as hiding what is behind it: the see-through skin
// (0.3) and the demo's translucent muscles (0.25-0.35) do not.
inline constexpr double kOccludingOpacity = 0.5;

}  // namespace toxplan::render
