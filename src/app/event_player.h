// Replays an EventScript into ImGui's input state, frame by frame.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "app/event_script.h"

struct ImGuiIO;

namespace toxplan::app {

class EventPlayer {
 public:
  // `project` maps a world point (mm) to window pixels (top-left origin); false if off screen.
  using Projector = std::function<bool(const Vec3&, double* x, double* y)>;

  EventPlayer(EventScript script, Projector project);

  // Call after the platform backend's NewFrame and before ImGui::NewFrame.
  void apply(int frame, ImGuiIO& io);
  bool finished(int frame) const;

 private:
  struct Step {
    int frame = 0;
    enum class Kind { Move, Down, Up, KeyDown, KeyUp, Text, Wheel } kind = Kind::Move;
    double x = 0, y = 0;
    int code = 0;  // button or key
    bool ctrl = false, shift = false;
    std::string text;
    double wheel = 0;
  };
  static Step step(int frame, Step::Kind kind, double x = 0, double y = 0, int code = 0,
                   bool ctrl = false, bool shift = false);
  void expand(const ScriptedEvent& e);

  EventScript script_;
  Projector project_;
  std::vector<Step> steps_;
  std::size_t next_event_ = 0;
  double mouse_x_ = -1, mouse_y_ = -1;
  bool buttons_[3] = {false, false, false};
  std::set<int> keys_;
  bool ctrl_ = false, shift_ = false;
  int last_frame_ = 0;
};

}  // namespace toxplan::app
