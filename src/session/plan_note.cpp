#include "session/plan_note.h"

#include <filesystem>

namespace toxplan::session {

std::string plan_after_error_note(const Planner& planner) {
  const bool dirty = planner.editor().dirty();
  if (planner.path().empty() && planner.plan().sites.empty() && !dirty) {
    return "No plan is open: the window shows a new, empty plan.";
  }
  const std::string name = planner.path().empty()
                               ? std::string("not saved yet")
                               : std::filesystem::path(planner.path()).filename().string();
  return "The plan in the window (" + name + ") is as it was" +
         (dirty ? ", unsaved changes included." : ".");
}

}  // namespace toxplan::session
