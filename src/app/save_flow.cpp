#include "app/save_flow.h"

#include <imgui.h>

#include "app/plan_replacement.h"

namespace toxplan::app {

namespace {

constexpr const char* kPromptTitle = "Save a plan with errors?";

SaveToPath planner_saver(session::Planner& planner) {
  return [&planner](const std::string& path) {
    return path == planner.path() ? planner.save() : planner.save_as(path);
  };
}

}  // namespace

std::string save_with_errors_question(const Findings& findings) {
  int errors = 0;
  const Finding* first = nullptr;
  for (const Finding& f : findings) {
    if (f.severity != Severity::Error) continue;
    ++errors;
    if (!first) first = &f;
  }
  if (errors == 0) return "";
  return "This plan has " + std::to_string(errors) + (errors == 1 ? " error: " : " errors: ") +
         first->message;
}

void request_save(UiState& ui, const Findings& findings, const std::string& path,
                  const SaveToPath& save) {
  const std::string question = save_with_errors_question(findings);
  if (question.empty()) {
    report_save(ui, save(path), path);
    return;
  }
  ui.pending_save = PendingSave{path, question};
}

void answer_save_prompt(UiState& ui, bool save_anyway, const SaveToPath& save) {
  if (!ui.pending_save) return;
  const std::string path = ui.pending_save->path;
  ui.pending_save.reset();
  if (save_anyway) {
    report_save(ui, save(path), path);
  } else {
    // Not saved: a quit or another plan that waited for this save does not happen either.
    ui.quit_requested = false;
    finish_pending_replacement(ui, /*saved=*/false);
    ui.status_message = "Not saved";
  }
}

void save_or_ask_for_path(session::Planner& planner, UiState& ui) {
  if (planner.path().empty()) {
    ui.save_as_dialog = true;
    return;
  }
  save_to_path(planner, ui, planner.path());
}

void save_to_path(session::Planner& planner, UiState& ui, const std::string& path) {
  request_save(ui, planner.current_findings(), path, planner_saver(planner));
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

void draw_save_prompt(session::Planner& planner, UiState& ui) {
  if (!ui.pending_save) return;
  if (!ImGui::IsPopupOpen(kPromptTitle)) ImGui::OpenPopup(kPromptTitle);
  if (!ImGui::BeginPopupModal(kPromptTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.0f);
  ImGui::TextUnformatted(ui.pending_save->question.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  if (ImGui::Button("Save anyway")) {
    answer_save_prompt(ui, true, planner_saver(planner));
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    answer_save_prompt(ui, false, planner_saver(planner));
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace toxplan::app
