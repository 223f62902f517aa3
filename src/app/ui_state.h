// Window-level UI state that is not part of the plan: dialogs, modes, hover text.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>

#include "app/practice_mode.h"
#include "render/view_preset.h"
#include "session/planner.h"

namespace toxplan::app {

// A save waiting for the user's answer because the plan has error findings (save_flow.h).
struct PendingSave {
  std::string path;
  std::string question;  // "This plan has N errors: <first>"
};

// An action that replaces the open plan (or quits), held while the user answers the
// unsaved-changes prompt (plan_replacement.h).
struct PendingReplacement {
  std::string what;  // completes "Save them before ...?"
  std::function<void()> replace;
  bool awaiting_save = false;     // Save was chosen: runs once the save has succeeded
  int frames_without_dialog = 0;  // waiting for a save with no dialog open: it was abandoned
};

struct UiState {
  bool show_help = false;
  bool show_about = false;  // Help > About: the atlas, its licence and credit
  bool click_adds_sites = true;
  bool quit_requested = false;    // the user asked to quit: becomes a pending replacement
  bool quit_confirmed = false;    // leave the main loop
  bool focus_dose_field = false;  // keyboard shortcut D: jump to the selected site's dose
  std::string open_dialog_path;   // text of the Open dialog; dialog shown when open_dialog
  bool open_dialog = false;
  bool save_as_dialog = false;
  std::string save_as_path;
  std::string error_message;  // shown in a modal until dismissed
  // Where that modal was drawn this frame, x, y, width, height (screenshots describe it).
  std::optional<std::array<float, 4>> error_dialog_rect;
  std::string status_message;      // shown in the status bar
  std::string hover_text;          // site or structure under the mouse
  std::string screenshot_request;  // write the next frame to this PNG
  bool recovery_offer_checked = false;
  std::optional<PendingSave> pending_save;  // "Save anyway / Cancel" is asked while set
  std::optional<session::RecoveredPlan>
      recovery_offer;  // shown until the user recovers or discards it
  std::optional<PendingReplacement> pending_replacement;
  PracticeState practice;
};

// Panels, each drawing one part of the window from the planner's state.
void draw_menu_bar(session::Planner& planner, UiState& ui);
void handle_shortcuts(session::Planner& planner, UiState& ui);
void draw_structures_panel(session::Planner& planner, float x, float y, float width, float height);
void draw_plan_panel(session::Planner& planner, UiState& ui, float x, float y, float width,
                     float height);
void draw_findings_panel(session::Planner& planner, UiState& ui, float x, float y, float width,
                         float height);
void draw_status_bar(session::Planner& planner, UiState& ui, float y, float width, float height);
void draw_dialogs(session::Planner& planner, UiState& ui);
// Help > About (about_dialog.cpp).
void draw_about(const session::Planner& planner, UiState& ui);

}  // namespace toxplan::app
