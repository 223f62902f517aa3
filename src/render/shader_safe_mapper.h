// A surface mapper that tries an actor's shader replacements (Toxplan's shaders/) before VTK
// relies on them.
//
// Why: when a replaced shader fails to compile or link, VTK 9.1's vtkOpenGLPolyDataMapper::
// UpdateShaders dereferences the null program it got back and the process ends. This mapper
// builds and compiles the actor's shaders itself first; if they fail it removes the actor's
// replacements and custom uniforms, counts the failure (shader_library.h), and lets VTK build its
// default shaders, so the frame is drawn with default shading instead of not at all.
#pragma once

#include <vtkOpenGLPolyDataMapper.h>

namespace toxplan::render {

class ShaderSafeMapper : public vtkOpenGLPolyDataMapper {
 public:
  static ShaderSafeMapper* New();
  // The macro takes no semicolon (-Wpedantic calls one extra), which clang-format cannot tell.
  // clang-format off
  vtkTypeMacro(ShaderSafeMapper, vtkOpenGLPolyDataMapper)

 protected:
  ShaderSafeMapper() = default;
  // clang-format on
  ~ShaderSafeMapper() override = default;
  void UpdateShaders(vtkOpenGLHelper& cellBO, vtkRenderer* renderer, vtkActor* actor) override;

 private:
  ShaderSafeMapper(const ShaderSafeMapper&) = delete;
  void operator=(const ShaderSafeMapper&) = delete;
};

}  // namespace toxplan::render
