// Running the real window from a test: a fresh folder per test, a scripted input sequence
// (docs/event-script.md) written there, and `toxplan` started on it under the test's display.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "base/vec3.h"
#include "support/test_paths.h"

namespace toxplan::test {

inline std::filesystem::path fresh_window_dir(const std::string& name) {
  std::filesystem::path d = std::filesystem::temp_directory_path() /
                            ("toxplan_window_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

// Runs `toxplan ARGS`; returns its exit code (-1 if it did not exit normally).
inline int run_toxplan(const std::string& args) {
  const std::string command = toxplan_binary() + " " + args;
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Writes {"events": events} to DIR/events.json and returns the path.
inline std::string write_events(const std::filesystem::path& dir, const nlohmann::json& events) {
  const std::filesystem::path path = dir / "events.json";
  std::ofstream(path) << nlohmann::json{{"events", events}}.dump(2);
  return path.string();
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline nlohmann::json key_event(int frame, const std::string& key, bool ctrl = false,
                                bool shift = false) {
  return {{"frame", frame}, {"type", "key"}, {"key", key}, {"ctrl", ctrl}, {"shift", shift}};
}

inline nlohmann::json text_event(int frame, const std::string& text) {
  return {{"frame", frame}, {"type", "text"}, {"text", text}};
}

inline nlohmann::json click_at_world_event(int frame, const Vec3& p) {
  return {{"frame", frame}, {"type", "click_at_world"}, {"point", {p.x, p.y, p.z}}};
}

}  // namespace toxplan::test
