#include "app/plan_replacement.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <filesystem>

#include "app/save_flow.h"

namespace toxplan::app {

namespace {

constexpr const char* kPromptTitle = "Unsaved changes";

bool any_popup_open() {
  return ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
}

void discard_and_replace(session::Planner& planner, UiState& ui) {
  // The discarded plan stays on disk, so that a wrong answer is not the end of the work.
  const std::string copy = planner.recovery().keep_discarded(planner.plan(), planner.path());
  ui.status_message = copy.empty()
                          ? "Discarded the unsaved changes"
                          : "Discarded the unsaved changes (a copy is kept in " + copy + ")";
  PendingReplacement pending = std::move(*ui.pending_replacement);
  ui.pending_replacement.reset();
  pending.replace();
}

}  // namespace

void replace_plan_or_ask(session::Planner& planner, UiState& ui, std::string what,
                         std::function<void()> replace) {
  if (ui.pending_replacement) {
    ui.status_message = "Answer the unsaved-changes prompt first";
    return;
  }
  if (!planner.editor().dirty()) {
    replace();
    return;
  }
  ui.pending_replacement = PendingReplacement{std::move(what), std::move(replace)};
}

void new_plan_or_ask(session::Planner& planner, UiState& ui) {
  replace_plan_or_ask(planner, ui, "starting a new plan", [&planner, &ui] {
    planner.new_plan();
    ui.status_message = "New plan";
  });
}

void open_plan_or_ask(session::Planner& planner, UiState& ui, const std::string& path) {
  replace_plan_or_ask(planner, ui, "opening " + std::filesystem::path(path).filename().string(),
                      [&planner, &ui, path] {
                        // A file that cannot be opened leaves the plan as it is (Planner::open).
                        const std::string error = planner.open(path);
                        if (error.empty()) {
                          ui.status_message = "Opened " + path;
                        } else {
                          ui.error_message = error;
                        }
                      });
}

void open_atlas_or_ask(session::Planner& planner, UiState& ui, const std::string& dir) {
  const std::string name = std::filesystem::path(dir).filename().string();
  replace_plan_or_ask(planner, ui, "starting a new plan on atlas " + name, [&planner, &ui, dir] {
    // An atlas that does not load leaves the atlas and the plan as they are.
    const std::string error = planner.open_atlas(dir);
    if (error.empty()) {
      ui.status_message = "New plan on atlas " + planner.atlas().id();
    } else {
      ui.error_message = error;
    }
  });
}

void finish_pending_replacement(UiState& ui, bool saved) {
  if (!ui.pending_replacement || !ui.pending_replacement->awaiting_save) return;
  PendingReplacement pending = std::move(*ui.pending_replacement);
  ui.pending_replacement.reset();
  if (saved) pending.replace();
}

void draw_unsaved_changes_prompt(session::Planner& planner, UiState& ui) {
  if (!ui.pending_replacement) return;
  if (ui.pending_replacement->awaiting_save) {
    // Save chose Save As (or another dialog of the save); once no dialog is left open for two
    // frames without the save having succeeded, it was cancelled: so is the replacement, and a
    // later Ctrl+S never replaces the plan by surprise.
    if (any_popup_open() || ui.save_as_dialog || ui.pending_save) {
      ui.pending_replacement->frames_without_dialog = 0;
    } else if (++ui.pending_replacement->frames_without_dialog > 1) {
      ui.pending_replacement.reset();
    }
    return;
  }
  // Opened when no other dialog is: opening it over one would close that one.
  if (!ImGui::IsPopupOpen(kPromptTitle)) {
    if (any_popup_open()) return;
    ImGui::OpenPopup(kPromptTitle);
  }
  if (!ImGui::BeginPopupModal(kPromptTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const std::string file = planner.path().empty()
                               ? std::string("never saved")
                               : std::filesystem::path(planner.path()).filename().string();
  ImGui::Text("The plan (%s) has unsaved changes.", file.c_str());
  ImGui::Text("Save them before %s?", ui.pending_replacement->what.c_str());
  ImGui::TextDisabled("Discard keeps a copy of the plan in Toxplan's state folder.");
  // Keys answer too, but not in the frame the prompt appears: the Enter that confirmed the
  // Open dialog must not also answer Save here.
  const bool keys = !ImGui::IsWindowAppearing();
  const auto key = [keys](int k) { return keys && ImGui::IsKeyPressed(k, false); };
  if (ImGui::Button("Save (Enter)") || key(GLFW_KEY_ENTER)) {
    ui.pending_replacement->awaiting_save = true;
    ImGui::CloseCurrentPopup();
    save_or_ask_for_path(planner, ui);
  } else {
    ImGui::SameLine();
    if (ImGui::Button("Discard changes (D)") || key(GLFW_KEY_D)) {
      ImGui::CloseCurrentPopup();
      discard_and_replace(planner, ui);
    } else {
      ImGui::SameLine();
      if (ImGui::Button("Cancel (Esc)") || key(GLFW_KEY_ESCAPE)) {
        ui.pending_replacement.reset();
        ui.status_message = "Cancelled: the plan is as it was";
        ImGui::CloseCurrentPopup();
      }
    }
  }
  ImGui::EndPopup();
}

bool modal_dialog_open(const UiState& ui) {
  return any_popup_open() || ui.pending_replacement || ui.pending_save || ui.recovery_offer ||
         ui.open_dialog || ui.save_as_dialog || !ui.error_message.empty() || ui.show_help ||
         ui.show_about || ui.practice.setup_open;
}

}  // namespace toxplan::app
