// Help > About: what Toxplan is for (planning and teaching estimates), and the anatomy it shows:
// the atlas, its licence and the credit its source requires (BodyParts3D's CC BY-SA credit line
// for the default atlas), and which of its structures are derived rather than segmented.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "anatomy/atlas.h"
#include "app/ui_state.h"
#include "session/planner.h"

namespace toxplan::app {

void draw_about(const session::Planner& planner, UiState& ui) {
  constexpr const char* kTitle = "About Toxplan";
  if (!ui.show_about) return;
  // A modal like the other dialogs: no shortcut acts on the plan behind it.
  if (!ImGui::IsPopupOpen(kTitle)) {
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
    ImGui::OpenPopup(kTitle);
  }
  ImGui::SetNextWindowSize(ImVec2(720, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kTitle, &ui.show_about)) return;
  ImGui::TextWrapped(
      "Toxplan plans botulinum toxin injections in 3D. Its spread volumes, flags and scores are "
      "planning and teaching estimates, not a substitute for clinical judgement.");
  ImGui::Separator();
  const anatomy::Atlas& atlas = planner.atlas();
  ImGui::Text("Anatomy: %s (atlas %s %s)", atlas.name().c_str(), atlas.id().c_str(),
              atlas.version().c_str());
  if (!atlas.licence().empty()) ImGui::TextWrapped("Licence: %s", atlas.licence().c_str());
  if (!atlas.attribution().empty()) ImGui::TextWrapped("%s", atlas.attribution().c_str());
  int derived = 0;
  std::string names;
  for (const anatomy::Structure& s : atlas.structures()) {
    if (!s.derived()) continue;
    names += (derived++ ? ", " : "") + s.name;
  }
  if (derived > 0) {
    ImGui::TextWrapped(
        "%d structures have no segmented mesh and are derived from the real skin and bones with "
        "sourced outlines and thicknesses (approximate): %s.",
        derived, names.c_str());
  }
  ImGui::TextWrapped("Program code: MIT licence. Every clinical and physical number names its published source in the documentation (docs/).");
  const bool keys = !ImGui::IsWindowAppearing();
  if (ImGui::Button("Close") || (keys && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false))) {
    ui.show_about = false;
  }
  if (!ui.show_about) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace toxplan::app
