// Entry point of the `toxplan` binary's command line.
#pragma once

#include <functional>

#include "session/window_options.h"

namespace toxplan::cli {

// Opens the planner window. main.cpp passes app::run_app; cli itself never links the window, so
// the headless commands, their tests and the benchmarks carry no ImGui, GLFW or GL.
using WindowLauncher = std::function<int(const session::WindowOptions&)>;

// Parses the command line and runs the command, or, with no command, hands the window options to
// open_window. Returns the process exit code.
int run(int argc, char** argv, const WindowLauncher& open_window);

}  // namespace toxplan::cli
