// Modal dialogs: open and save-as (a path field with the plans folder and recent files),
// errors, the quit prompt for unsaved changes, the crash-recovery offer, and the help window.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <filesystem>

#include "app/export_dialog.h"
#include "app/path_field.h"
#include "app/save_flow.h"
#include "app/ui_state.h"
#include "core/source_tree.h"

namespace toxplan::app {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> plan_files_in(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > 13 && name.substr(name.size() - 13) == ".toxplan.json") {
      files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

void draw_open_dialog(Planner& planner, UiState& ui) {
  if (ui.open_dialog) {
    ImGui::OpenPopup("Open plan");
    ui.open_dialog = false;
  }
  ImGui::SetNextWindowSize(ImVec2(640, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Open plan", nullptr)) return;
  const bool enter = path_field("Plan file (*.toxplan.json):", &ui.open_dialog_path);
  ImGui::TextDisabled("Example plans and recent files:");
  std::vector<std::string> choices =
      plan_files_in((fs::path(core::source_tree_dir()) / "plans").string());
  choices.insert(choices.end(), planner.recent_files().begin(), planner.recent_files().end());
  ImGui::BeginChild("choices", ImVec2(0, 180), true);
  for (const std::string& c : choices) {
    if (ImGui::Selectable(c.c_str(), c == ui.open_dialog_path)) ui.open_dialog_path = c;
  }
  ImGui::EndChild();
  if (ImGui::Button("Open") || enter) {
    const std::string error = planner.open(ui.open_dialog_path);
    if (error.empty()) {
      ui.status_message = "Opened " + ui.open_dialog_path;
      ImGui::CloseCurrentPopup();
    } else {
      ui.error_message = error;
      ImGui::CloseCurrentPopup();
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void draw_save_as_dialog(Planner& planner, UiState& ui) {
  if (ui.save_as_dialog) {
    ImGui::OpenPopup("Save plan as");
    ui.save_as_dialog = false;
    if (ui.save_as_path.empty()) {
      ui.save_as_path = planner.path().empty() ? "plan.toxplan.json" : planner.path();
    }
  }
  ImGui::SetNextWindowSize(ImVec2(640, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Save plan as", nullptr)) return;
  const bool enter = path_field("File name (*.toxplan.json):", &ui.save_as_path);
  if (ImGui::Button("Save") || enter) {
    save_to_path(planner, ui, ui.save_as_path);
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) {
    ui.quit_requested = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_error(UiState& ui) {
  if (!ui.error_message.empty() && !ImGui::IsPopupOpen("Problem")) ImGui::OpenPopup("Problem");
  ImGui::SetNextWindowSize(ImVec2(720, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Problem", nullptr)) return;
  ImGui::PushTextWrapPos(700);
  ImGui::TextUnformatted(ui.error_message.c_str());
  ImGui::PopTextWrapPos();
  ImGui::TextDisabled("Your open plan was not changed.");
  if (ImGui::Button("OK") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
    ui.error_message.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_quit_prompt(Planner& planner, UiState& ui) {
  if (!ui.quit_requested || ui.quit_confirmed || ui.pending_save) return;
  if (!planner.editor().dirty()) {
    ui.quit_confirmed = true;
    return;
  }
  if (!ImGui::IsPopupOpen("Unsaved changes")) ImGui::OpenPopup("Unsaved changes");
  if (!ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    return;
  }
  ImGui::TextUnformatted("The plan has unsaved changes. Save them before quitting?");
  if (ImGui::Button("Save")) {
    save_or_ask_for_path(planner, ui);
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Discard changes")) {
    ui.quit_confirmed = true;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) {
    ui.quit_requested = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_recovery_offer(Planner& planner, UiState& ui) {
  static std::optional<RecoveredPlan> offer;
  if (!ui.recovery_offer_checked) {
    ui.recovery_offer_checked = true;
    offer = planner.recovery().pending();
    if (offer) ImGui::OpenPopup("Recover unsaved work?");
  }
  if (!ImGui::BeginPopupModal("Recover unsaved work?", nullptr,
                              ImGuiWindowFlags_AlwaysAutoResize)) {
    return;
  }
  if (offer) {
    ImGui::Text("Toxplan did not close normally. A recovery copy from %s was found",
                offer->saved_at.c_str());
    ImGui::Text("(%zu sites%s%s).", offer->plan.sites.size(),
                offer->original_path.empty() ? "" : ", from ", offer->original_path.c_str());
    if (ImGui::Button("Recover")) {
      planner.editor().reset(planner.plan());  // keep the file's plan as the saved state
      planner.editor().apply("Recover unsaved work", offer->plan);
      ui.status_message = "Recovered unsaved work: review and save it";
      offer.reset();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Discard it")) {
      planner.recovery().clear();
      offer.reset();
      ImGui::CloseCurrentPopup();
    }
  }
  ImGui::EndPopup();
}

void draw_help(UiState& ui) {
  if (!ui.show_help) return;
  ImGui::SetNextWindowSize(ImVec2(520, 0), ImGuiCond_Appearing);
  ImGui::Begin("Keyboard and mouse", &ui.show_help);
  const char* rows[][2] = {
      {"Left drag", "rotate"},
      {"Right or middle drag", "pan"},
      {"Wheel", "zoom"},
      {"Click on skin", "add a site (toggle with A); the tip goes mid-muscle"},
      {"Click on a needle", "select the site; Ctrl+click adds to the selection"},
      {"Shift+drag a selected site", "move it over the skin"},
      {"D", "edit the selected site's dose"},
      {"M", "mirror selected sites to the other side"},
      {"K", "practice mode: check the attempt"},
      {"Del", "delete selected sites"},
      {"Esc", "clear the selection"},
      {"1-6", "anterior, posterior, left, right, superior, oblique view"},
      {"R", "reset the view"},
      {"L / S", "landmark labels / spread surfaces"},
      {"Ctrl+Z, Ctrl+Shift+Z (Ctrl+Y)", "undo, redo"},
      {"Ctrl+N, Ctrl+O, Ctrl+S, Ctrl+Shift+S", "new, open, save, save as"},
      {"F12", "screenshot (toxplan-screenshot.png)"},
      {"File > Export", "3D Slicer markups, CSV of sites, printable injection chart"},
      {"Ctrl+Q", "quit"},
      {"Green / amber / red", "spread within the target / beyond it / reaching a danger structure"},
      {"Violet needles (practice)", "the reference sites, with white lines to your sites"},
  };
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
    for (const auto& r : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r[0]);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r[1]);
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace

void draw_dialogs(Planner& planner, UiState& ui) {
  draw_recovery_offer(planner, ui);
  draw_open_dialog(planner, ui);
  draw_save_as_dialog(planner, ui);
  draw_export_dialog(planner, ui.status_message, ui.error_message);
  draw_quit_prompt(planner, ui);
  draw_save_prompt(planner, ui);
  draw_error(ui);
  draw_help(ui);
}

}  // namespace toxplan::app
