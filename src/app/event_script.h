// Scripted input for driving the real window in tests and demos: mouse moves, clicks (also at
// a 3D point, projected through the current camera), keys with modifiers and typed text, each
// at a frame number. Events are fed into ImGui's input state exactly where GLFW's would be.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/finding.h"
#include "base/vec3.h"

namespace toxplan::app {

struct ScriptedEvent {
  enum class Type { MouseMove, MouseDown, MouseUp, Click, ClickAtWorld, Drag, Key, Text, Wheel };
  int frame = 0;
  Type type = Type::MouseMove;
  double x = 0.0;  // window pixels, from the top-left
  double y = 0.0;
  double dx = 0.0;  // Drag: movement in pixels
  double dy = 0.0;
  int steps = 8;   // Drag: frames the movement is spread over (a held drag: many)
  int button = 0;  // 0 left, 1 right, 2 middle
  Vec3 world_mm;   // ClickAtWorld
  int key = 0;     // GLFW key code ('Z', GLFW_KEY_ENTER, ...)
  bool ctrl = false;
  bool shift = false;
  std::string text;
  double wheel = 0.0;
};

struct EventScript {
  std::vector<ScriptedEvent> events;
};

// Reads a script file (docs/event-script.md). Problems are findings naming the event index.
std::optional<EventScript> load_event_script(const std::string& path, Findings* findings);

}  // namespace toxplan::app
