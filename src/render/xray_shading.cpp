#include "render/xray_shading.h"

#include <vtkActor.h>
#include <vtkShaderProperty.h>
#include <vtkUniforms.h>

#include "render/shader_library.h"

namespace toxplan::render {

namespace {
// The shader's text starts with this tag, so VTK's lighting code stays where it was.
constexpr const char* kAfterLighting = "//VTK::Light::Impl";
}  // namespace

bool apply_xray_shading(vtkActor* actor, const XrayParameters& parameters) {
  const std::optional<std::string> source = shader_source(kSkinXrayShader);
  if (!source) return false;
  vtkShaderProperty* shader = actor->GetShaderProperty();
  shader->ClearFragmentShaderReplacement(kAfterLighting, true);
  shader->AddFragmentShaderReplacement(kAfterLighting, true, *source, false);
  vtkUniforms* uniforms = shader->GetFragmentCustomUniforms();
  uniforms->SetUniformf("xrayCentreScale", parameters.centre_scale);
  uniforms->SetUniformf("xrayRimScale", parameters.rim_scale);
  uniforms->SetUniformf("xrayRimPower", parameters.rim_power);
  return true;
}

void remove_xray_shading(vtkActor* actor) {
  vtkShaderProperty* shader = actor->GetShaderProperty();
  shader->ClearFragmentShaderReplacement(kAfterLighting, true);
  vtkUniforms* uniforms = shader->GetFragmentCustomUniforms();
  uniforms->RemoveUniform("xrayCentreScale");
  uniforms->RemoveUniform("xrayRimScale");
  uniforms->RemoveUniform("xrayRimPower");
}

}  // namespace toxplan::render
