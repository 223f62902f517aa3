// The planner window: GLFW + Dear ImGui over the VTK scene.
#pragma once

#include "session/window_options.h"

namespace toxplan::app {

// Opens the planner window; returns the process exit code.
int run_app(const session::WindowOptions& options);

}  // namespace toxplan::app
