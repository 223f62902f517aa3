// Every action that replaces the open plan (new, open, open recent, recover, start practice) and
// quitting go through one place: with unsaved changes the action is held until the user answers
// Save / Discard / Cancel, like closing a document in any editor. Save runs it once the save has
// succeeded (through the one save flow, save_flow.h); Discard keeps a copy of the discarded plan
// in the state folder first (Recovery::keep_discarded); Cancel drops it.
#pragma once

#include <functional>
#include <string>

#include "app/ui_state.h"

namespace toxplan::app {

// Runs `replace` now when the plan has no unsaved changes; otherwise holds it and shows the
// prompt. `what` completes "Save them before ...?" ("opening plan.toxplan.json"). While another
// replacement is held, a new request is refused (the user answers the first one).
void replace_plan_or_ask(session::Planner& planner, UiState& ui, std::string what,
                         std::function<void()> replace);

// The actions that replace the plan, each through replace_plan_or_ask: File > New (Ctrl+N),
// File > Open / the Open dialog / Open recent.
void new_plan_or_ask(session::Planner& planner, UiState& ui);
void open_plan_or_ask(session::Planner& planner, UiState& ui, const std::string& path);
// File > New plan on atlas: another atlas, with a new empty plan on it.
void open_atlas_or_ask(session::Planner& planner, UiState& ui, const std::string& dir);

// The outcome of a save the held replacement waits for: runs it after a successful save, drops
// it after a failed or cancelled one. Nothing happens when no replacement waits for a save.
void finish_pending_replacement(UiState& ui, bool saved);

// The "Unsaved changes" prompt, and the end of a held replacement whose save was abandoned
// (its dialog closed without saving). Call once per frame with the other dialogs.
void draw_unsaved_changes_prompt(session::Planner& planner, UiState& ui);

// True while a modal dialog is open or about to open (the prompt, recover, open, save as,
// export, practice start, help, an error): keyboard shortcuts must not act on the plan behind
// it. The one check handle_shortcuts makes.
bool modal_dialog_open(const UiState& ui);

}  // namespace toxplan::app
