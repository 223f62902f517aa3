#include "app/event_player.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>

namespace toxplan::app {

EventPlayer::EventPlayer(EventScript script, Projector project)
    : script_(std::move(script)), project_(std::move(project)) {
  std::stable_sort(
      script_.events.begin(), script_.events.end(),
      [](const ScriptedEvent& a, const ScriptedEvent& b) { return a.frame < b.frame; });
  for (const ScriptedEvent& e : script_.events)
    last_frame_ = std::max(last_frame_, e.frame + 12);
}

EventPlayer::Step EventPlayer::step(int frame, Step::Kind kind, double x, double y, int code,
                                    bool ctrl, bool shift) {
  Step s;
  s.frame = frame;
  s.kind = kind;
  s.x = x;
  s.y = y;
  s.code = code;
  s.ctrl = ctrl;
  s.shift = shift;
  return s;
}

void EventPlayer::expand(const ScriptedEvent& e) {
  using K = Step::Kind;
  const int f = e.frame;
  switch (e.type) {
    case ScriptedEvent::Type::MouseMove:
      steps_.push_back(step(f, K::Move, e.x, e.y));
      break;
    case ScriptedEvent::Type::MouseDown:
      steps_.push_back(step(f, K::Down, 0, 0, e.button));
      break;
    case ScriptedEvent::Type::MouseUp:
      steps_.push_back(step(f, K::Up, 0, 0, e.button));
      break;
    case ScriptedEvent::Type::Click:
    case ScriptedEvent::Type::ClickAtWorld: {
      double x = e.x;
      double y = e.y;
      // The camera is read when the click happens, so a script can rotate first.
      if (e.type == ScriptedEvent::Type::ClickAtWorld && !project_(e.world_mm, &x, &y)) break;
      steps_.push_back(step(f, K::Move, x, y));
      steps_.push_back(step(f + 1, K::Down, 0, 0, e.button));
      steps_.push_back(step(f + 2, K::Up, 0, 0, e.button));
      break;
    }
    case ScriptedEvent::Type::Drag: {
      steps_.push_back(step(f, K::Move, e.x, e.y));
      steps_.push_back(step(f + 1, K::Down, 0, 0, e.button));
      for (int i = 1; i <= e.steps; ++i) {
        steps_.push_back(
            step(f + 1 + i, K::Move, e.x + e.dx * i / e.steps, e.y + e.dy * i / e.steps));
      }
      steps_.push_back(step(f + 2 + e.steps, K::Up, 0, 0, e.button));
      break;
    }
    case ScriptedEvent::Type::Key:
      steps_.push_back(step(f, K::KeyDown, 0, 0, e.key, e.ctrl, e.shift));
      steps_.push_back(step(f + 1, K::KeyUp, 0, 0, e.key, false, false));
      break;
    case ScriptedEvent::Type::Text: {
      Step s = step(f, K::Text);
      s.text = e.text;
      steps_.push_back(s);
      break;
    }
    case ScriptedEvent::Type::Wheel: {
      steps_.push_back(step(f, K::Move, e.x, e.y));
      Step s = step(f + 1, K::Wheel);
      s.wheel = e.wheel;
      steps_.push_back(s);
      break;
    }
  }
}

void EventPlayer::apply(int frame, ImGuiIO& io) {
  while (next_event_ < script_.events.size() && script_.events[next_event_].frame <= frame) {
    expand(script_.events[next_event_++]);
  }
  double wheel = 0.0;
  for (auto it = steps_.begin(); it != steps_.end();) {
    if (it->frame > frame) {
      ++it;
      continue;
    }
    switch (it->kind) {
      case Step::Kind::Move:
        mouse_x_ = it->x;
        mouse_y_ = it->y;
        break;
      case Step::Kind::Down:
        buttons_[std::clamp(it->code, 0, 2)] = true;
        break;
      case Step::Kind::Up:
        buttons_[std::clamp(it->code, 0, 2)] = false;
        break;
      case Step::Kind::KeyDown:
        keys_.insert(it->code);
        ctrl_ = it->ctrl;
        shift_ = it->shift;
        break;
      case Step::Kind::KeyUp:
        keys_.erase(it->code);
        ctrl_ = shift_ = false;
        break;
      case Step::Kind::Text:
        io.AddInputCharactersUTF8(it->text.c_str());
        break;
      case Step::Kind::Wheel:
        wheel += it->wheel;
        break;
    }
    it = steps_.erase(it);
  }
  io.MousePos = ImVec2(static_cast<float>(mouse_x_), static_cast<float>(mouse_y_));
  for (int b = 0; b < 3; ++b)
    io.MouseDown[b] = buttons_[b];
  for (int k = 0; k < 512; ++k)
    io.KeysDown[k] = keys_.count(k) > 0;
  io.KeyCtrl = ctrl_;
  io.KeyShift = shift_;
  io.MouseWheel += static_cast<float>(wheel);
}

bool EventPlayer::finished(int frame) const {
  return next_event_ >= script_.events.size() && steps_.empty() && frame > last_frame_;
}

}  // namespace toxplan::app
