// Autosave to a recovery file every few seconds while there are unsaved changes, and the offer
// to recover after a crash. The recovery file is an ordinary plan file plus a small note of
// which file it belongs to.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "plan/plan.h"

namespace toxplan::session {

// How often unsaved work is written to the recovery file.
inline constexpr std::chrono::seconds kAutosaveInterval{5};
// Discarded plans kept (keep_discarded); older copies are deleted.
inline constexpr std::size_t kMaxDiscardedCopies = 20;

struct RecoveredPlan {
  plan::Plan plan;
  std::string original_path;  // empty for a plan never saved
  std::string saved_at;       // local time text, shown in the offer
};

class Recovery {
 public:
  explicit Recovery(std::string state_dir);

  // Writes the plan if `revision` changed since the last write and the interval has passed.
  void maybe_autosave(const plan::Plan& plan, std::uint64_t revision,
                      const std::string& original_path);
  void write_now(const plan::Plan& plan, const std::string& original_path);
  // After a save or a clean quit there is nothing to recover.
  void clear();
  // A recovery file left by a session that did not end cleanly.
  std::optional<RecoveredPlan> pending() const;
  // A plan whose unsaved changes the user chose to discard (to open, start or quit another),
  // kept as an ordinary plan file in the "discarded" folder of the state folder, named after
  // its file and the time: a wrong answer to the prompt can be undone with File > Open.
  // Returns the copy's path, or "" if it could not be written. Keeps the newest
  // kMaxDiscardedCopies.
  std::string keep_discarded(const plan::Plan& plan, const std::string& original_path) const;
  std::string discarded_dir() const;

  const std::string& plan_path() const { return plan_path_; }

 private:
  std::string dir_;
  std::string plan_path_;
  std::string note_path_;
  std::uint64_t last_revision_ = 0;
  std::chrono::steady_clock::time_point last_write_{};
};

// $XDG_STATE_HOME/toxplan, or ~/.local/state/toxplan, created if missing.
std::string default_state_dir();

}  // namespace toxplan::session
