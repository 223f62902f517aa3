// Saving from the window, the same way from the menu, Ctrl+S, the Save As dialog and the
// unsaved-changes prompt: report the result, and quit or replace the plan afterwards when the
// prompt asked for the save.
#pragma once

#include <string>

#include "app/planner.h"
#include "app/ui_state.h"

namespace toxplan::app {

// Saves to the plan's file, or opens Save As when the plan has none yet.
void save_or_ask_for_path(Planner& planner, UiState& ui);

// Shows the outcome of a save to `path` (`error` empty on success). A successful save runs the
// quit or plan replacement that waited for it (plan_replacement.h); a failed one cancels it, so
// that the user stays with the unsaved plan and the message.
void report_save(UiState& ui, const std::string& error, const std::string& path);

}  // namespace toxplan::app
