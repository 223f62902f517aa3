// Demo mode of the window: an educator plays a guided tour (demo/demo_script.h) in front of a
// class. A step list with play controls (presenter view) or the 3D view alone (audience view,
// F5), captions in large type over the 3D view, keyboard and presentation-clicker control:
//   Right, Down, Page Down, Space: next step      Left, Up, Page Up: previous step
//   Home / End: first / last step   P: play / pause (auto-advance)   F5: audience view
//   Escape: leave the audience view
// While a demo is active the main loop calls draw_demo_mode instead of the editing panels; the
// plan being edited is left untouched and is shown again when the demo closes.
#pragma once

#include <memory>
#include <string>

#include "base/finding.h"
#include "render/demo_player.h"
#include "session/planner.h"

namespace toxplan::app {

class Viewport;

struct DemoModeState {
  bool active = false;
  bool audience_view = false;
  bool playing = false;      // auto-advance after each step's duration
  bool open_dialog = false;  // the "Open tour" dialog is shown
  std::string dialog_path;   // its text field
  std::string script_path;
  std::unique_ptr<render::DemoPlayer> player;
  Findings findings;  // problems found in the script (step, field, line)
  std::size_t step = 0;
  double step_time_s = 0.0;  // time into the current step
  std::string error;         // why the last open failed; shown in the dialog
  bool pressed = false;      // mouse pressed inside the 3D view (drag rotates)
};

// Loads the script for the planner's atlas and enters demo mode at step 1. Returns "" or an
// error message; a script with bad steps still opens (its problems are in state.findings).
std::string open_demo(session::Planner& planner, DemoModeState& state, const std::string& path);
// Leaves demo mode and gives the scene back to the plan.
void close_demo(session::Planner& planner, DemoModeState& state);

// Larger fonts for captions. Call once after the ImGui backends are initialised and before the
// first frame; without it captions use the default font scaled up.
void load_demo_fonts();

// The "Demo" menu (appended to the main menu bar) and the "Open tour" dialog.
void draw_demo_menu(session::Planner& planner, DemoModeState& state);

// Handles the keys, advances time, shows the step on the scene and draws the demo UI in the
// rectangle (the whole window body: no editing panels). Call only when state.active.
void draw_demo_mode(session::Planner& planner, DemoModeState& state, Viewport& viewport, float x,
                    float y, float width, float height);

// Folder of the shipped tours (assets/demos).
std::string shipped_demos_dir();

}  // namespace toxplan::app
