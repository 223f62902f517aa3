#include "app/event_script.h"

#include <GLFW/glfw3.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/plan_io.h"

namespace toxplan::app {

namespace {

// Key names a script may use besides single letters and digits.
int key_code(const std::string& name) {
  static const std::map<std::string, int> named = {{"enter", GLFW_KEY_ENTER},
                                                   {"escape", GLFW_KEY_ESCAPE},
                                                   {"delete", GLFW_KEY_DELETE},
                                                   {"tab", GLFW_KEY_TAB},
                                                   {"backspace", GLFW_KEY_BACKSPACE},
                                                   {"left", GLFW_KEY_LEFT},
                                                   {"right", GLFW_KEY_RIGHT},
                                                   {"up", GLFW_KEY_UP},
                                                   {"down", GLFW_KEY_DOWN},
                                                   {"page_up", GLFW_KEY_PAGE_UP},
                                                   {"page_down", GLFW_KEY_PAGE_DOWN},
                                                   {"space", GLFW_KEY_SPACE},
                                                   {"f1", GLFW_KEY_F1},
                                                   {"f5", GLFW_KEY_F5},
                                                   {"f12", GLFW_KEY_F12},
                                                   {"home", GLFW_KEY_HOME},
                                                   {"end", GLFW_KEY_END}};
  auto it = named.find(name);
  if (it != named.end()) return it->second;
  if (name.size() == 1) {
    const char c = name[0];
    if (c >= 'a' && c <= 'z') return c - 'a' + 'A';
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return c;
  }
  return 0;
}

}  // namespace

std::optional<EventScript> load_event_script(const std::string& path, core::Findings* findings) {
  std::string error;
  const auto text = core::read_text_file(path, &error);
  auto fail = [&](const std::string& field, const std::string& message) {
    findings->push_back({"SCRIPT_INVALID", core::Severity::Error, "", field, 0,
                         path + ": " + (field.empty() ? "" : field + ": ") + message});
  };
  if (!text) {
    fail("", error);
    return std::nullopt;
  }
  const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("events") ||
      !doc["events"].is_array()) {
    fail("", "expected a JSON object with an \"events\" array");
    return std::nullopt;
  }
  static const std::map<std::string, ScriptedEvent::Type> types = {
      {"mouse_move", ScriptedEvent::Type::MouseMove},
      {"mouse_down", ScriptedEvent::Type::MouseDown},
      {"mouse_up", ScriptedEvent::Type::MouseUp},
      {"click", ScriptedEvent::Type::Click},
      {"click_at_world", ScriptedEvent::Type::ClickAtWorld},
      {"drag", ScriptedEvent::Type::Drag},
      {"key", ScriptedEvent::Type::Key},
      {"text", ScriptedEvent::Type::Text},
      {"wheel", ScriptedEvent::Type::Wheel}};
  EventScript script;
  for (std::size_t i = 0; i < doc["events"].size(); ++i) {
    const nlohmann::json& e = doc["events"][i];
    const std::string where = "/events/" + std::to_string(i);
    if (!e.is_object() || !e.contains("type") || !e["type"].is_string() ||
        !types.count(e["type"].get<std::string>())) {
      fail(where + "/type", "unknown or missing event type");
      continue;
    }
    ScriptedEvent ev;
    ev.type = types.at(e["type"].get<std::string>());
    ev.frame = e.value("frame", 0);
    ev.x = e.value("x", 0.0);
    ev.y = e.value("y", 0.0);
    ev.dx = e.value("dx", 0.0);
    ev.dy = e.value("dy", 0.0);
    ev.button = e.value("button", 0);
    ev.steps = e.value("steps", 8);
    if (ev.type == ScriptedEvent::Type::Drag && (ev.steps < 1 || ev.steps > 100000)) {
      fail(where + "/steps", "a drag moves over 1 to 100000 frames (\"steps\")");
      continue;
    }
    ev.ctrl = e.value("ctrl", false);
    ev.shift = e.value("shift", false);
    ev.text = e.value("text", std::string());
    ev.wheel = e.value("wheel", 0.0);
    if (ev.type == ScriptedEvent::Type::ClickAtWorld) {
      const auto& p = e.value("point", nlohmann::json::array());
      if (!p.is_array() || p.size() != 3) {
        fail(where + "/point", "click_at_world needs \"point\": [x, y, z] in mm");
        continue;
      }
      ev.world_mm = {p[0].get<double>(), p[1].get<double>(), p[2].get<double>()};
    }
    if (ev.type == ScriptedEvent::Type::Key) {
      ev.key = key_code(e.value("key", std::string()));
      if (ev.key == 0) {
        fail(where + "/key", "unknown key name");
        continue;
      }
    }
    script.events.push_back(ev);
  }
  // A test driven by a half-understood script would pass or fail for the wrong reason.
  if (!findings->empty()) return std::nullopt;
  return script;
}

}  // namespace toxplan::app
