// Saving from the window, the same way from the menu, Ctrl+S, the Save As dialog and the quit
// prompt: report the result, and close the window afterwards when quitting asked for the save.
#pragma once

#include <string>

#include "app/planner.h"
#include "app/ui_state.h"

namespace toxplan::app {

// Saves to the plan's file, or opens Save As when the plan has none yet.
void save_or_ask_for_path(Planner& planner, UiState& ui);

// Shows the outcome of a save to `path` (`error` empty on success). A failed save cancels a
// pending quit, so that the user stays with the unsaved plan and the message.
void report_save(UiState& ui, const std::string& error, const std::string& path);

}  // namespace toxplan::app
