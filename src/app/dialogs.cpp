// Modal dialogs: open and save-as (a path field with the plans folder and recent files),
// errors, the crash-recovery offer and the help window. The unsaved-changes prompt, which quit
// and every action replacing the plan share, is in plan_replacement.cpp.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

#include "app/export_dialog.h"
#include "app/path_field.h"
#include "app/plan_replacement.h"
#include "app/save_flow.h"
#include "app/ui_state.h"
#include "base/resources.h"
#include "session/plan_note.h"

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

void draw_open_dialog(session::Planner& planner, UiState& ui) {
  if (ui.open_dialog) {
    ImGui::OpenPopup("Open plan");
    ui.open_dialog = false;
  }
  ImGui::SetNextWindowSize(ImVec2(640, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Open plan", nullptr)) return;
  const bool enter = path_field("Plan file (*.toxplan.json):", &ui.open_dialog_path);
  ImGui::TextDisabled("Example plans and recent files:");
  std::vector<std::string> choices = plan_files_in(resource_path("plans"));
  choices.insert(choices.end(), planner.recent_files().begin(), planner.recent_files().end());
  ImGui::BeginChild("choices", ImVec2(0, 180), true);
  for (const std::string& c : choices) {
    if (ImGui::Selectable(c.c_str(), c == ui.open_dialog_path)) ui.open_dialog_path = c;
  }
  ImGui::EndChild();
  if (ImGui::Button("Open") || enter) {
    ImGui::CloseCurrentPopup();
    open_plan_or_ask(planner, ui, ui.open_dialog_path);
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void draw_save_as_dialog(session::Planner& planner, UiState& ui) {
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
    finish_pending_replacement(ui, /*saved=*/false);  // a quit or open waiting for this save
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_error(session::Planner& planner, UiState& ui) {
  // Opened when no other dialog is: opening it over one would close that one.
  if (!ui.error_message.empty() && !ImGui::IsPopupOpen("Problem") &&
      !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) {
    ImGui::OpenPopup("Problem");
  }
  ImGui::SetNextWindowSize(ImVec2(720, 0), ImGuiCond_Appearing);
  ui.error_dialog_rect.reset();
  if (!ImGui::BeginPopupModal("Problem", nullptr)) return;
  const ImVec2 pos = ImGui::GetWindowPos();
  const ImVec2 size = ImGui::GetWindowSize();
  ui.error_dialog_rect = std::array<float, 4>{pos.x, pos.y, size.x, size.y};
  ImGui::PushTextWrapPos(700);
  ImGui::TextUnformatted(ui.error_message.c_str());
  ImGui::PopTextWrapPos();
  // What the window holds now, said truthfully.
  ImGui::TextDisabled("%s", session::plan_after_error_note(planner).c_str());
  // Not the Enter of the frame it appears in (the one that confirmed a dialog that failed).
  if (ImGui::Button("OK") ||
      (!ImGui::IsWindowAppearing() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))) {
    ui.error_message.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_recovery_offer(session::Planner& planner, UiState& ui) {
  constexpr const char* kTitle = "Recover unsaved work?";
  if (!ui.recovery_offer_checked) {
    ui.recovery_offer_checked = true;
    ui.recovery_offer = planner.recovery().pending();
  }
  // Shown until answered: another dialog (an error at start) may take its place for a while.
  if (!ui.recovery_offer) return;
  if (!ImGui::IsPopupOpen(kTitle)) {
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel) ||
        ui.pending_replacement) {
      return;
    }
    ImGui::OpenPopup(kTitle);
  }
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const session::RecoveredPlan& offer = *ui.recovery_offer;
  ImGui::Text("Toxplan did not close normally. A recovery copy from %s was found",
              offer.saved_at.c_str());
  ImGui::Text("(%zu sites%s%s).", offer.plan.sites.size(),
              offer.original_path.empty() ? "" : ", from ", offer.original_path.c_str());
  if (ImGui::Button("Recover")) {
    ImGui::CloseCurrentPopup();
    const plan::Plan recovered = offer.plan;
    // The offer stays until the recovery is done: cancelling the unsaved-changes prompt brings
    // it back.
    replace_plan_or_ask(planner, ui, "recovering the unsaved work", [&planner, &ui, recovered] {
      // The open file's plan stays the saved state, so that undo goes back to it.
      planner.editor().reset(planner.editor().saved_plan());
      planner.editor().apply("Recover unsaved work", recovered);
      ui.recovery_offer.reset();
      ui.status_message = "Recovered unsaved work: review and save it";
    });
  } else {
    ImGui::SameLine();
    if (ImGui::Button("Discard it")) {
      planner.recovery().clear();
      ui.recovery_offer.reset();
      ImGui::CloseCurrentPopup();
    }
  }
  ImGui::EndPopup();
}

void draw_help(UiState& ui) {
  constexpr const char* kTitle = "Keyboard and mouse";
  if (!ui.show_help) return;
  // A modal like the other dialogs: no shortcut acts on the plan behind it (F1 or Esc closes).
  if (!ImGui::IsPopupOpen(kTitle)) {
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
    ImGui::OpenPopup(kTitle);
  }
  // Wide enough for both columns at the default 1280 x 800 window; the right column wraps.
  ImGui::SetNextWindowSize(ImVec2(760, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kTitle, &ui.show_help)) return;
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
      {"L / S / X", "landmark labels / spread surfaces / x-ray skin"},
      {"F", "spread coloured by flag, as each site's dose field, as the plan's summed field"},
      {"Ctrl+Z, Ctrl+Shift+Z (Ctrl+Y)", "undo, redo"},
      {"Ctrl+N, Ctrl+O, Ctrl+S, Ctrl+Shift+S", "new, open, save, save as"},
      {"F12", "screenshot (toxplan-screenshot.png)"},
      {"File > Export", "3D Slicer markups, CSV of sites, printable injection chart"},
      {"Ctrl+Q", "quit"},
      {"Green / amber / red", "spread within the target / beyond it / reaching a danger structure"},
      {"Violet needles (practice)", "the reference sites, with white lines to your sites"},
      {"Unsaved-changes prompt", "Enter saves, D discards (a copy is kept), Esc cancels"},
  };
  float key_width = 0.0f;
  for (const auto& r : rows)
    key_width = std::max(key_width, ImGui::CalcTextSize(r[0]).x);
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, key_width);
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& r : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r[0]);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", r[1]);
    }
    ImGui::EndTable();
  }
  const bool keys = !ImGui::IsWindowAppearing();  // not the F1 that opened it
  if (ImGui::Button("Close") || (keys && (ImGui::IsKeyPressed(GLFW_KEY_F1, false) ||
                                          ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)))) {
    ui.show_help = false;
  }
  if (!ui.show_help) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void draw_dialogs(session::Planner& planner, UiState& ui) {
  // Quitting (window closed, Ctrl+Q, File > Quit) asks like every action that drops the plan.
  if (ui.quit_requested) {
    ui.quit_requested = false;
    replace_plan_or_ask(planner, ui, "quitting", [&ui] { ui.quit_confirmed = true; });
  }
  draw_recovery_offer(planner, ui);
  draw_open_dialog(planner, ui);
  draw_save_as_dialog(planner, ui);
  draw_export_dialog(planner, ui.status_message, ui.error_message);
  draw_unsaved_changes_prompt(planner, ui);
  draw_save_prompt(planner, ui);
  draw_error(planner, ui);
  draw_help(ui);
  draw_about(planner, ui);
}

}  // namespace toxplan::app
