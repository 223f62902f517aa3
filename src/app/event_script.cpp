#include "app/event_script.h"

#include <GLFW/glfw3.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "base/format.h"
#include "plan/plan_io.h"

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

std::optional<EventScript> load_event_script(const std::string& path, Findings* findings) {
  std::string error;
  const auto text = plan::read_text_file(path, &error);
  auto fail = [&](const std::string& field, const std::string& message) {
    findings->push_back({"SCRIPT_INVALID", Severity::Error, "", field, 0,
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
    // Every field is read with its type checked: a string where a number belongs is a finding
    // naming the field, never an exception that ends the window.
    bool ok = true;
    auto number = [&](const char* name, double fallback, double min, double max) {
      if (!e.contains(name)) return fallback;
      const nlohmann::json& v = e[name];
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < min ||
          v.get<double>() > max) {
        fail(where + "/" + name,
             "must be a number from " + format_number(min, 0) + " to " + format_number(max, 0));
        ok = false;
        return fallback;
      }
      return v.get<double>();
    };
    auto flag = [&](const char* name) {
      if (!e.contains(name)) return false;
      if (!e[name].is_boolean()) {
        fail(where + "/" + name, "must be true or false");
        ok = false;
        return false;
      }
      return e[name].get<bool>();
    };
    auto string = [&](const char* name) {
      if (!e.contains(name)) return std::string();
      if (!e[name].is_string()) {
        fail(where + "/" + name, "must be a string");
        ok = false;
        return std::string();
      }
      return e[name].get<std::string>();
    };
    constexpr double kMaxFrame = 10'000'000;  // hours of frames: more is a typing error
    constexpr double kMaxPixels = 100'000;
    ScriptedEvent ev;
    ev.type = types.at(e["type"].get<std::string>());
    ev.frame = static_cast<int>(number("frame", 0, 0, kMaxFrame));
    ev.x = number("x", 0.0, -kMaxPixels, kMaxPixels);
    ev.y = number("y", 0.0, -kMaxPixels, kMaxPixels);
    ev.dx = number("dx", 0.0, -kMaxPixels, kMaxPixels);
    ev.dy = number("dy", 0.0, -kMaxPixels, kMaxPixels);
    ev.button = static_cast<int>(number("button", 0, 0, 2));
    ev.steps = static_cast<int>(number("steps", 8, 1, 100000));
    ev.ctrl = flag("ctrl");
    ev.shift = flag("shift");
    ev.text = string("text");
    ev.wheel = number("wheel", 0.0, -1000, 1000);
    // Read with the others, so that a key of the wrong type is one finding, not also "unknown".
    const std::string key_name = ev.type == ScriptedEvent::Type::Key ? string("key") : "";
    if (!ok) continue;
    if (ev.type == ScriptedEvent::Type::ClickAtWorld) {
      const nlohmann::json p = e.contains("point") ? e["point"] : nlohmann::json();
      if (!p.is_array() || p.size() != 3 || !p[0].is_number() || !p[1].is_number() ||
          !p[2].is_number()) {
        fail(where + "/point", "click_at_world needs \"point\": [x, y, z] in mm");
        continue;
      }
      ev.world_mm = {p[0].get<double>(), p[1].get<double>(), p[2].get<double>()};
    }
    if (ev.type == ScriptedEvent::Type::Key) {
      ev.key = key_code(key_name);
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
