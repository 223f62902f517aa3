#include "app/save_flow.h"

#include "app/plan_replacement.h"

namespace toxplan::app {

void save_or_ask_for_path(Planner& planner, UiState& ui) {
  if (planner.path().empty()) {
    ui.save_as_dialog = true;
    return;
  }
  report_save(ui, planner.save(), planner.path());
}

void report_save(UiState& ui, const std::string& error, const std::string& path) {
  if (!error.empty()) {
    ui.error_message = error;
    ui.quit_requested = false;
    finish_pending_replacement(ui, /*saved=*/false);
    return;
  }
  ui.status_message = "Saved " + path;
  // A quit or another plan waiting for this save (the unsaved-changes prompt's Save).
  finish_pending_replacement(ui, /*saved=*/true);
}

}  // namespace toxplan::app
