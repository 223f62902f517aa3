#include "render/shader_safe_mapper.h"

#include <map>

#include <vtkActor.h>
#include <vtkObjectFactory.h>
#include <vtkOpenGLHelper.h>
#include <vtkOpenGLRenderWindow.h>
#include <vtkOpenGLShaderCache.h>
#include <vtkOpenGLShaderProperty.h>
#include <vtkRenderer.h>
#include <vtkShader.h>
#include <vtkUniforms.h>

#include "render/shader_library.h"

namespace toxplan::render {

void ShaderSafeMapper::UpdateShaders(vtkOpenGLHelper& cellBO, vtkRenderer* renderer,
                                     vtkActor* actor) {
  auto* property = vtkOpenGLShaderProperty::SafeDownCast(actor->GetShaderProperty());
  auto* window = vtkOpenGLRenderWindow::SafeDownCast(renderer->GetRenderWindow());
  // GetNeedToRebuildShaders records what it compared (ShaderChangeValue): restored, so that the
  // superclass's own call below sees the same change and rebuilds too.
  const unsigned int change_value = cellBO.ShaderChangeValue;
  // What the superclass sets before it asks (GetNeedToRebuildShaders reads it).
  this->LastBoundBO = &cellBO;
  if (property != nullptr && window != nullptr && !property->GetAllShaderReplacements().empty() &&
      GetNeedToRebuildShaders(cellBO, renderer, actor)) {
    cellBO.ShaderChangeValue = change_value;
    std::map<vtkShader::Type, vtkShader*> shaders;
    for (vtkShader::Type type : {vtkShader::Vertex, vtkShader::Geometry, vtkShader::Fragment}) {
      shaders[type] = vtkShader::New();
      shaders[type]->SetType(type);
    }
    BuildShaders(shaders, renderer, actor);
    // Compiled and cached: the superclass finds this program again by its source.
    const vtkShaderProgram* program = window->GetShaderCache()->ReadyShaderProgram(shaders);
    for (auto& [type, shader] : shaders)
      shader->Delete();
    if (program == nullptr) {
      property->ClearAllShaderReplacements();
      property->GetFragmentCustomUniforms()->RemoveAllUniforms();
      property->GetVertexCustomUniforms()->RemoveAllUniforms();
      note_shader_failure();
    }
  }
  Superclass::UpdateShaders(cellBO, renderer, actor);
}

// Last in the file: the macro's definition takes no semicolon, which clang-format cannot tell.
vtkStandardNewMacro(ShaderSafeMapper)

}  // namespace toxplan::render
