// The GLSL files of shaders/, compiled into the program (cmake/EmbedShaders.cmake writes the
// definition at build time), so that a copied binary needs no shader files beside it.
#pragma once

#include <span>
#include <string_view>

namespace toxplan::render {

struct EmbeddedShader {
  const char* name;    // file name in shaders/, e.g. "skin_xray.frag.glsl"
  const char* source;  // its text
};

std::span<const EmbeddedShader> embedded_shaders();

}  // namespace toxplan::render
