// Saving from the window, the same way from the menu, Ctrl+S, the Save As dialog and the
// unsaved-changes prompt: a plan with error findings (a 2000 U plan, a dose over a label maximum)
// is saved only after the user is asked; the result is reported, and the quit or plan
// replacement that asked for the save runs afterwards.
#pragma once

#include <functional>
#include <string>

#include "app/ui_state.h"
#include "base/finding.h"
#include "session/planner.h"

namespace toxplan::app {

// Writes the plan to `path`; returns an error message, empty on success.
using SaveToPath = std::function<std::string(const std::string& path)>;

// Saves to the plan's file, or opens Save As when the plan has none yet.
void save_or_ask_for_path(session::Planner& planner, UiState& ui);
// Saves to `path` (the Save As dialog's answer), asking first when the plan has errors.
void save_to_path(session::Planner& planner, UiState& ui, const std::string& path);

// The question asked before saving a plan with error findings, or "" when it has none:
// "This plan has 2 errors: <the first one's message>."
std::string save_with_errors_question(const Findings& findings);

// The flow itself, without a window: saves at once when `findings` has no error, else sets
// ui.pending_save so that the prompt asks "Save anyway / Cancel".
void request_save(UiState& ui, const Findings& findings, const std::string& path,
                  const SaveToPath& save);
// The answer to that prompt. Cancel also cancels a pending quit: the user stays with the plan.
void answer_save_prompt(UiState& ui, bool save_anyway, const SaveToPath& save);

// Shows the outcome of a save to `path` (`error` empty on success). A successful save runs the
// quit or plan replacement that waited for it (plan_replacement.h); a failed one cancels it, so
// that the user stays with the unsaved plan and the message.
void report_save(UiState& ui, const std::string& error, const std::string& path);

// The "Save a plan with errors?" modal; drawn every frame by draw_dialogs.
void draw_save_prompt(session::Planner& planner, UiState& ui);

}  // namespace toxplan::app
