#include "session/recovery.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "plan/plan_io.h"
#include "plan/plan_json.h"

namespace toxplan::session {

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

void Recovery::maybe_autosave(const plan::Plan& plan, std::uint64_t revision,
                              const std::string& original_path) {
  const auto now = std::chrono::steady_clock::now();
  if (revision == last_revision_ || now - last_write_ < kAutosaveInterval) return;
  write_now(plan, original_path);
  last_revision_ = revision;
}

void Recovery::write_now(const plan::Plan& plan, const std::string& original_path) {
  const std::time_t t = std::time(nullptr);
  char when[64];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
  const nlohmann::json note = {{"original_path", original_path}, {"saved_at", when}};
  // Plan first, then the note: a note always refers to a complete recovery plan.
  if (!plan::save_plan_file(plan, plan_path_)) {
    plan::write_file_atomically(note_path_, note.dump(2) + "\n");
  }
  last_write_ = std::chrono::steady_clock::now();
}

void Recovery::clear() {
  std::error_code ec;
  fs::remove(note_path_, ec);
  fs::remove(plan_path_, ec);
  fs::remove(plan_path_ + ".bak", ec);
}

std::string Recovery::discarded_dir() const {
  return (fs::path(dir_) / "discarded").string();
}

std::string Recovery::keep_discarded(const plan::Plan& plan,
                                     const std::string& original_path) const {
  std::error_code ec;
  const fs::path folder = discarded_dir();
  fs::create_directories(folder, ec);
  const std::time_t t = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y%m%d-%H%M%S", std::localtime(&t));
  std::string stem =
      original_path.empty() ? "unsaved" : fs::path(original_path).filename().string();
  const std::string suffix = ".toxplan.json";
  if (stem.size() > suffix.size() &&
      stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0) {
    stem.resize(stem.size() - suffix.size());
  }
  fs::path path = folder / (stem + "-" + when + suffix);
  for (int n = 2; fs::exists(path, ec); ++n) {
    path = folder / (stem + "-" + when + "-" + std::to_string(n) + suffix);
  }
  if (plan::save_plan_file(plan, path.string())) return "";
  // Oldest first by modification time; only plan files of this folder are ever removed.
  std::vector<fs::path> copies;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      copies.push_back(e.path());
    }
  }
  std::sort(copies.begin(), copies.end(), [](const fs::path& a, const fs::path& b) {
    std::error_code e1;
    std::error_code e2;
    return fs::last_write_time(a, e1) < fs::last_write_time(b, e2);
  });
  for (std::size_t i = 0; i + kMaxDiscardedCopies < copies.size(); ++i) {
    fs::remove(copies[i], ec);
    fs::remove(copies[i].string() + ".bak", ec);
  }
  return path.string();
}

std::optional<RecoveredPlan> Recovery::pending() const {
  std::error_code ec;
  if (!fs::exists(note_path_, ec) || !fs::exists(plan_path_, ec)) return std::nullopt;
  const plan::PlanLoadResult loaded = plan::load_plan_file(plan_path_);
  if (!loaded.plan) return std::nullopt;
  RecoveredPlan r;
  r.plan = *loaded.plan;
  std::string error;
  if (const auto text = plan::read_text_file(note_path_, &error)) {
    const auto note = nlohmann::json::parse(*text, nullptr, false);
    if (note.is_object()) {
      r.original_path = note.value("original_path", std::string());
      r.saved_at = note.value("saved_at", std::string());
    }
  }
  return r;
}

}  // namespace toxplan::session
