#include "app/recovery.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/plan_io.h"
#include "core/plan_json.h"

namespace toxplan::app {

namespace fs = std::filesystem;

std::string default_state_dir() {
  fs::path base;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = fs::path(home) / ".local" / "state";
  } else {
    base = fs::temp_directory_path();
  }
  return (base / "toxplan").string();
}

Recovery::Recovery(std::string state_dir) : dir_(std::move(state_dir)) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  plan_path_ = (fs::path(dir_) / "recovery.toxplan.json").string();
  note_path_ = (fs::path(dir_) / "recovery.note.json").string();
}

void Recovery::maybe_autosave(const core::Plan& plan, std::uint64_t revision,
                              const std::string& original_path) {
  const auto now = std::chrono::steady_clock::now();
  if (revision == last_revision_ || now - last_write_ < kAutosaveInterval) return;
  write_now(plan, original_path);
  last_revision_ = revision;
}

void Recovery::write_now(const core::Plan& plan, const std::string& original_path) {
  const std::time_t t = std::time(nullptr);
  char when[64];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
  const nlohmann::json note = {{"original_path", original_path}, {"saved_at", when}};
  // Plan first, then the note: a note always refers to a complete recovery plan.
  if (!core::save_plan_file(plan, plan_path_)) {
    core::write_file_atomically(note_path_, note.dump(2) + "\n");
  }
  last_write_ = std::chrono::steady_clock::now();
}

void Recovery::clear() {
  std::error_code ec;
  fs::remove(note_path_, ec);
  fs::remove(plan_path_, ec);
  fs::remove(plan_path_ + ".bak", ec);
}

std::optional<RecoveredPlan> Recovery::pending() const {
  std::error_code ec;
  if (!fs::exists(note_path_, ec) || !fs::exists(plan_path_, ec)) return std::nullopt;
  const core::PlanLoadResult loaded = core::load_plan_file(plan_path_);
  if (!loaded.plan) return std::nullopt;
  RecoveredPlan r;
  r.plan = *loaded.plan;
  std::string error;
  if (const auto text = core::read_text_file(note_path_, &error)) {
    const auto note = nlohmann::json::parse(*text, nullptr, false);
    if (note.is_object()) {
      r.original_path = note.value("original_path", std::string());
      r.saved_at = note.value("saved_at", std::string());
    }
  }
  return r;
}

}  // namespace toxplan::app
