// Named camera views of the atlas frame (RAS: +x patient's right, +y anterior, +z superior).
#pragma once

#include <optional>
#include <string>
#include <vector>

class vtkRenderer;

namespace toxplan::render {

enum class ViewPreset { Anterior, Posterior, Left, Right, Superior, Oblique };

const std::vector<ViewPreset>& all_view_presets();
const char* view_name(ViewPreset view);  // "anterior"
std::optional<ViewPreset> view_from_name(const std::string& name);

// Points the renderer's camera at its visible props from the preset direction, framing them.
void apply_view(vtkRenderer* renderer, ViewPreset view);

}  // namespace toxplan::render
