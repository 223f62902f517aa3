// Toxplan's own shaders (the GLSL files of shaders/, embedded at build time): which text each
// name stands for, and whether VTK managed to compile what the scene asked for.
//
// A shader is never required for a picture: when one is missing, fails to compile or to link,
// the actors that used it go back to VTK's default shading and the program says so once on
// stderr (Scene::fall_back_if_shaders_failed). A broken shader must not give a black view.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace toxplan::render {

// The text of shaders/<name>, or nullopt if no such shader was embedded.
std::optional<std::string> shader_source(std::string_view name);

// Tests only: makes shader_source(name) return `source` instead (nullopt: "missing"), to prove
// that a failing shader falls back. Reset with reset_shader_sources_for_testing().
void override_shader_source_for_testing(std::string name, std::optional<std::string> source);
void reset_shader_sources_for_testing();

// Shader compile and link errors VTK has reported since the program started. VTK reports them
// only as error text (vtkShaderProgram, through vtkOutputWindow), so a watcher installed on the
// output window counts them and passes every message on unchanged.
void watch_shader_errors();
long shader_error_count();
std::string last_shader_error();  // first lines of the last one, for the warning

// Shaders of Toxplan's that failed and were taken off their actor (render/shader_safe_mapper.h
// counts them as it meets them).
void note_shader_failure();
long shader_failure_count();

}  // namespace toxplan::render
