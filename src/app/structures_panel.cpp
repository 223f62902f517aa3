// Structures panel: visibility and opacity per display group (skin, fat, muscles, bones,
// danger structures, other) and per structure.
#include <imgui.h>

#include <string>

#include <map>
#include <vector>

#include "app/ui_state.h"

namespace toxplan::app {

namespace {

const char* display_group(const anatomy::Structure& s) {
  if (s.danger) return "Danger structures";
  switch (s.kind) {
    case anatomy::StructureKind::Skin:
      return "Skin";
    case anatomy::StructureKind::Fat:
      return "Subcutaneous fat";
    case anatomy::StructureKind::Muscle:
      return "Muscles";
    case anatomy::StructureKind::Bone:
      return "Bones";
    default:
      return "Other";
  }
}

}  // namespace

void draw_structures_panel(session::Planner& planner, float x, float y, float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("Structures", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  render::Scene& scene = planner.scene();
  const char* order[] = {"Skin", "Subcutaneous fat", "Muscles", "Danger structures", "Bones",
                         "Other"};
  // Opacity sliders on the right, names wrapped before them: no name runs under a slider
  // ("Sternocleidomastoid (left)" is wider than the space the sliders used to leave).
  const float slider_width = ImGui::CalcTextSize("0.00").x * 2.5f;
  const float slider_x = ImGui::GetWindowContentRegionMax().x - slider_width;
  std::map<std::string, std::vector<const anatomy::Structure*>> groups;
  for (const anatomy::Structure& s : planner.atlas().structures()) {
    groups[display_group(s)].push_back(&s);
  }
  for (const char* name : order) {
    auto it = groups.find(name);
    if (it == groups.end()) continue;
    const auto& members = it->second;
    ImGui::PushID(name);
    bool all_visible = true;
    float mean_opacity = 0.0f;
    for (const anatomy::Structure* s : members) {
      all_visible = all_visible && scene.structure_visible(s->id);
      mean_opacity += static_cast<float>(scene.structure_opacity(s->id)) / members.size();
    }
    if (ImGui::Checkbox("##all", &all_visible)) {
      for (const anatomy::Structure* s : members)
        scene.set_structure_visible(s->id, all_visible);
    }
    ImGui::SameLine();
    const bool open = ImGui::TreeNode(name);
    ImGui::SameLine(slider_x);
    ImGui::SetNextItemWidth(slider_width);
    if (ImGui::SliderFloat("##opacity", &mean_opacity, 0.0f, 1.0f, "%.2f")) {
      for (const anatomy::Structure* s : members)
        scene.set_structure_opacity(s->id, mean_opacity);
    }
    if (open) {
      for (const anatomy::Structure* s : members) {
        ImGui::PushID(s->id.c_str());
        bool visible = scene.structure_visible(s->id);
        if (ImGui::Checkbox("##visible", &visible)) scene.set_structure_visible(s->id, visible);
        ImGui::SameLine();
        ImGui::PushTextWrapPos(slider_x - ImGui::GetStyle().ItemSpacing.x);
        // A derived structure (no segmented mesh) says so next to its name, always.
        const std::string label = s->derived() ? s->name + " (derived)" : s->name;
        ImGui::TextUnformatted(label.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemHovered() && (s->danger || s->derived())) {
          std::string tip;
          if (s->danger) tip = "Danger structure: " + s->adverse_effect;
          if (s->derived()) {
            tip += (tip.empty() ? "" : "\n") + std::string("Derived, not segmented: ") +
                   s->derived_method;
          }
          ImGui::SetTooltip("%s", tip.c_str());
        }
        float opacity = static_cast<float>(scene.structure_opacity(s->id));
        ImGui::SameLine(slider_x);
        ImGui::SetNextItemWidth(slider_width);
        if (ImGui::SliderFloat("##o", &opacity, 0.0f, 1.0f, "%.2f")) {
          scene.set_structure_opacity(s->id, opacity);
        }
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::End();
}

}  // namespace toxplan::app
