// How the window was asked to start: parsed by cli/, run by app/ (main.cpp joins the two, so
// that the headless commands never link ImGui, GLFW or GL).
#pragma once

#include <string>

namespace toxplan::session {

struct WindowOptions {
  std::string plan_path;        // opened at start; empty for a new plan
  std::string atlas_dir;        // empty: the default atlas
  std::string screenshot_path;  // written after `frames` frames
  std::string about_path;       // with it: what the screenshot shows (render/image_about.h)
  int frames = 0;               // > 0: render this many frames, then exit (tests, docs)
  int width = 1280;
  int height = 800;
  std::string events_path;        // scripted input events to replay (tests)
  std::string state_dir;          // autosave and recent files; empty: $XDG_STATE_HOME/toxplan
  std::string practice_protocol;  // start in practice mode on this protocol (with trainee)
  std::string trainee;
  std::string demo_path;       // guided demo script opened in demo mode at start
  bool report_timing = false;  // print the time to the first frame and frame-time statistics
};

}  // namespace toxplan::session
