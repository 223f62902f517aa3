// Findings panel: errors and warnings of validation, limits and the spread model, worst first,
// and the information notes collapsed under a counted header. Clicking one selects its site.
#include <imgui.h>

#include "app/ui_state.h"

namespace toxplan::app {

namespace {
// Close enough to see one site and its spread surface, far enough to see the landmarks around.
constexpr double kFocusDistanceMm = 220.0;

ImVec4 severity_colour(Severity s) {
  switch (s) {
    case Severity::Error:
      return {1.0f, 0.42f, 0.35f, 1.0f};
    case Severity::Warning:
      return {1.0f, 0.78f, 0.3f, 1.0f};
    case Severity::Info:
      return {0.6f, 0.8f, 1.0f, 1.0f};
  }
  return {1, 1, 1, 1};
}
}  // namespace

void draw_findings_panel(session::Planner& planner, UiState& /*ui*/, float x, float y, float width,
                         float height) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  const Findings findings = planner.current_findings();
  int errors = 0, warnings = 0;
  for (const Finding& f : findings) {
    errors += f.severity == Severity::Error;
    warnings += f.severity == Severity::Warning;
  }
  const std::string title = "Findings (" + std::to_string(errors) + " error" +
                            (errors == 1 ? "" : "s") + ", " + std::to_string(warnings) +
                            " warning" + (warnings == 1 ? "" : "s") + ")###findings";
  ImGui::Begin(title.c_str(), nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  if (planner.simulation_busy() || !planner.spread_current()) {
    ImGui::TextColored(ImVec4(0.6f, 0.8f, 1.0f, 1.0f), "Simulating spread...");
  }
  if (errors + warnings == 0) ImGui::TextDisabled("No errors or warnings.");
  // Errors and warnings need a decision and are listed; information (known, accepted effects,
  // fascia crossings, overlaps between muscles) stays collapsed under a counted header.
  int index = 0;
  auto draw = [&](const Finding& f) {
    ImGui::PushID(index++);
    ImGui::PushStyleColor(ImGuiCol_Text, severity_colour(f.severity));
    const std::string head = std::string(severity_name(f.severity)) + "  " + f.code;
    if (ImGui::Selectable(head.c_str(), false) && !f.site_id.empty()) {
      planner.select_only(f.site_id);
      if (const plan::Site* s = planner.plan().find_site(f.site_id)) {
        planner.scene().focus_on(s->tip_mm(), kFocusDistanceMm);
      }
    }
    ImGui::PopStyleColor();
    ImGui::Indent();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(f.message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Unindent();
    ImGui::PopID();
  };
  int info_count = 0;
  for (const Finding& f : findings) {
    if (f.severity == Severity::Info) {
      ++info_count;
    } else {
      draw(f);
    }
  }
  if (info_count > 0) {
    const std::string label = std::to_string(info_count) + " information note" +
                              (info_count == 1 ? "" : "s") + "###information";
    if (ImGui::CollapsingHeader(label.c_str())) {  // collapsed until opened
      for (const Finding& f : findings) {
        if (f.severity == Severity::Info) draw(f);
      }
    }
  }
  ImGui::End();
}

void draw_status_bar(session::Planner& planner, UiState& ui, float y, float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(0, y));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin(
      "status", nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.45f, 1.0f),
                     "Planning and teaching estimates - not a substitute for clinical judgement.");
  ImGui::SameLine();
  const std::string file = planner.path().empty() ? "(unsaved plan)" : planner.path();
  // The atlas too: a plan of another atlas opens on that atlas (Planner::open).
  ImGui::TextDisabled("| %s%s | atlas %s | %s", file.c_str(), planner.editor().dirty() ? " *" : "",
                      planner.atlas().id().c_str(), ui.status_message.c_str());
  ImGui::End();
}

}  // namespace toxplan::app
