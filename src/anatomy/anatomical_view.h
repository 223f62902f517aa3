// Named views of the atlas frame (RAS: +x patient's right, +y anterior, +z superior): where the
// eye is and which way is up. Plain data, so that demo scripts and plans can name views without
// knowing VTK; render/view_preset points a camera along them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/vec3.h"

namespace toxplan::anatomy {

enum class ViewPreset { Anterior, Posterior, Left, Right, Superior, Oblique };

const std::vector<ViewPreset>& all_view_presets();
const char* view_name(ViewPreset view);  // "anterior"
std::optional<ViewPreset> view_from_name(const std::string& name);

// Unit direction from the focal point toward the eye, and the view-up direction.
Vec3 view_eye_direction(ViewPreset view);
Vec3 view_up_direction(ViewPreset view);

}  // namespace toxplan::anatomy
