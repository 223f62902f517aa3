// The x-ray look of the skin and the subcutaneous fat: opacity that rises toward the silhouette
// (shaders/skin_xray.frag.glsl), so the outline of the face and neck reads while the muscles
// under a thin skin stay sharp.
#pragma once

class vtkActor;

namespace toxplan::render {

inline constexpr const char* kSkinXrayShader = "skin_xray.frag.glsl";

// Display choices, not measurements. With the skin at its default opacity of 0.30, the skin
// facing the viewer is drawn at 0.30 x 0.35 = 0.1 (the muscles under it keep their contrast)
// and its silhouette at up to 0.30 x 3 = 0.9 (the outline reads); the power 2 keeps the rim a
// thin band rather than a halo.
struct XrayParameters {
  float centre_scale = 0.35f;  // opacity multiplier where the skin faces the viewer
  float rim_scale = 3.0f;      // opacity multiplier at the silhouette (alpha clamped to 1)
  float rim_power = 2.0f;      // how fast the rim rises: (1 - |n.v|)^power
};

// Puts the shader on `actor` (a fragment replacement after VTK's lighting, with its uniforms).
// False, and the actor unchanged, if the shader is not available.
bool apply_xray_shading(vtkActor* actor, const XrayParameters& parameters = {});
// Back to VTK's default shading.
void remove_xray_shading(vtkActor* actor);

}  // namespace toxplan::render
