#include "app/save_flow.h"

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
    return;
  }
  ui.status_message = "Saved " + path;
  if (ui.quit_requested) ui.quit_confirmed = true;
}

}  // namespace toxplan::app
