// How much smaller the 3D view is rendered while the camera moves, the way ParaView and 3D
// Slicer reduce the image during interaction. Mesa's software renderer (the CI machine, remote
// desktops, machines without a GPU) pays per pixel shaded: the moving picture at 1/2 of the
// width and height costs a quarter of the fragment work, and ImGui stretches it over the view
// with linear filtering, which reads as a slight softness while the head turns. The still picture
// is rendered at full size again as soon as the camera stops, pixel for pixel as before.
#pragma once

#include <algorithm>
#include <cmath>

namespace toxplan::app {

inline constexpr double kInteractiveImageReduction = 2.0;

// The size of the image rendered for a view of `view_px` pixels (at least 16).
inline int interactive_image_size(int view_px) {
  return std::max(16, static_cast<int>(std::lround(view_px / kInteractiveImageReduction)));
}

}  // namespace toxplan::app
