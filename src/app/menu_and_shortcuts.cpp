// The menu bar and the keyboard shortcuts (listed in the help window, dialogs.cpp).
#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <nlohmann/json.hpp>

#include "app/export_dialog.h"
#include "app/plan_replacement.h"
#include "app/save_flow.h"
#include "app/ui_state.h"
#include "base/resources.h"
#include "plan/plan_io.h"

namespace toxplan::app {

namespace {

void undo(session::Planner& planner, UiState& ui) {
  if (!planner.editor().can_undo()) return;
  ui.status_message = "Undid: " + planner.editor().undo_label();
  planner.editor().undo();
}

void redo(session::Planner& planner, UiState& ui) {
  if (!planner.editor().can_redo()) return;
  ui.status_message = "Redid: " + planner.editor().redo_label();
  planner.editor().redo();
}

// The shipped atlases (assets/atlas/<id> with an atlas.json), by id, with the name their
// manifest gives (read once: the menu is drawn every frame while open).
struct ShippedAtlas {
  std::string dir, id, name;
};
const std::vector<ShippedAtlas>& shipped_atlases() {
  static const std::vector<ShippedAtlas> atlases = [] {
    std::vector<ShippedAtlas> found;
    std::error_code ec;
    for (const auto& entry :
         std::filesystem::directory_iterator(resource_path("assets/atlas"), ec)) {
      const auto manifest_path = entry.path() / "atlas.json";
      if (!entry.is_directory(ec) || !std::filesystem::exists(manifest_path, ec)) continue;
      ShippedAtlas a{entry.path().string(), entry.path().filename().string(), ""};
      std::string error;
      if (auto text = plan::read_text_file(manifest_path.string(), &error)) {
        const auto j = nlohmann::json::parse(*text, nullptr, false);
        if (j.is_object() && j.contains("name") && j["name"].is_string())
          a.name = j["name"].get<std::string>();
      }
      found.push_back(std::move(a));
    }
    std::sort(found.begin(), found.end(),
              [](const ShippedAtlas& x, const ShippedAtlas& y) { return x.id < y.id; });
    return found;
  }();
  return atlases;
}

// The spread colouring after `scene`'s, in the order of the View menu (F steps through them).
render::Scene::SpreadColouring next_colouring(const render::Scene& scene) {
  using Colouring = render::Scene::SpreadColouring;
  switch (scene.spread_colouring()) {
    case Colouring::ByFlag:
      return Colouring::ByField;
    case Colouring::ByField:
      return Colouring::PlanField;
    case Colouring::PlanField:
      break;
  }
  return Colouring::ByFlag;
}

}  // namespace

void handle_shortcuts(session::Planner& planner, UiState& ui) {
  // The one gate: while a dialog is open (or about to open), keys answer the dialog; none acts
  // on the plan behind it (a Ctrl+S behind "Recover unsaved work?" saved the plan and deleted
  // the recovery copy; a K behind a dialog scored a practice attempt).
  if (modal_dialog_open(ui)) return;
  const ImGuiIO& io = ImGui::GetIO();
  // Typing in a text field must not trigger shortcuts, except the Ctrl ones.
  const bool typing = io.WantTextInput;
  const bool ctrl = io.KeyCtrl;
  const bool shift = io.KeyShift;
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };

  if (ctrl && pressed('Z')) {
    shift ? redo(planner, ui) : undo(planner, ui);
  } else if (ctrl && pressed('Y')) {
    redo(planner, ui);
  } else if (ctrl && pressed('S')) {
    if (shift) {
      ui.save_as_dialog = true;
    } else {
      save_or_ask_for_path(planner, ui);
    }
  } else if (ctrl && pressed('O')) {
    ui.open_dialog = true;
  } else if (ctrl && pressed('N')) {
    new_plan_or_ask(planner, ui);
  } else if (ctrl && pressed('Q')) {
    ui.quit_requested = true;
  }
  if (typing || ctrl) return;

  if (pressed(GLFW_KEY_DELETE) || pressed(GLFW_KEY_BACKSPACE)) planner.delete_selected();
  if (pressed('M')) planner.mirror_selected();
  if (pressed('K') && ui.practice.active && !ui.practice.checked) {
    check_practice(planner, ui.practice);
  }
  if (pressed('D') && !planner.selection().empty()) ui.focus_dose_field = true;
  if (pressed('A')) ui.click_adds_sites = !ui.click_adds_sites;
  if (pressed('L')) planner.scene().set_landmarks_visible(!planner.scene().landmarks_visible());
  if (pressed('S')) planner.scene().set_spread_visible(!planner.scene().spread_visible());
  if (pressed('X')) planner.scene().set_xray_shading(!planner.scene().xray_shading_enabled());
  if (pressed('F')) planner.scene().set_spread_colouring(next_colouring(planner.scene()));
  if (pressed(GLFW_KEY_ESCAPE)) planner.selection().clear();
  if (pressed(GLFW_KEY_F1)) ui.show_help = !ui.show_help;
  if (pressed(GLFW_KEY_F12)) ui.screenshot_request = "toxplan-screenshot.png";
  const auto& views = anatomy::all_view_presets();
  for (std::size_t i = 0; i < views.size(); ++i) {
    if (pressed('1' + static_cast<int>(i))) planner.scene().set_view(views[i]);
  }
  if (pressed('R')) planner.scene().set_view(anatomy::ViewPreset::Anterior);
}

void draw_menu_bar(session::Planner& planner, UiState& ui) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("New plan", "Ctrl+N")) new_plan_or_ask(planner, ui);
    // Not during practice: the attempt is scored against its protocol on this atlas.
    if (ImGui::BeginMenu("New plan on atlas", !ui.practice.active)) {
      for (const ShippedAtlas& a : shipped_atlases()) {
        const std::string label = a.name.empty() ? a.id : a.id + ": " + a.name;
        const bool current = a.id == planner.atlas().id();
        if (ImGui::MenuItem(label.c_str(), nullptr, current)) open_atlas_or_ask(planner, ui, a.dir);
      }
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Open...", "Ctrl+O")) ui.open_dialog = true;
    if (ImGui::BeginMenu("Open recent", !planner.recent_files().empty())) {
      // A copy: opening a file reorders the recent list.
      const std::vector<std::string> recent = planner.recent_files();
      for (const std::string& path : recent) {
        if (ImGui::MenuItem(path.c_str())) open_plan_or_ask(planner, ui, path);
      }
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Save", "Ctrl+S")) save_or_ask_for_path(planner, ui);
    if (ImGui::MenuItem("Save as...", "Ctrl+Shift+S")) ui.save_as_dialog = true;
    ImGui::Separator();
    if (ImGui::BeginMenu("Export")) {
      if (ImGui::MenuItem("3D Slicer markups...")) request_export(ExportKind::Markups, planner);
      if (ImGui::MenuItem("Sites as CSV...")) request_export(ExportKind::Csv, planner);
      if (ImGui::MenuItem("Injection chart (PNG, to print)...")) {
        request_export(ExportKind::Chart, planner);
      }
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Screenshot", "F12")) ui.screenshot_request = "toxplan-screenshot.png";
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) ui.quit_requested = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Edit")) {
    const std::string undo_text = "Undo " + planner.editor().undo_label();
    const std::string redo_text = "Redo " + planner.editor().redo_label();
    if (ImGui::MenuItem(undo_text.c_str(), "Ctrl+Z", false, planner.editor().can_undo())) {
      undo(planner, ui);
    }
    if (ImGui::MenuItem(redo_text.c_str(), "Ctrl+Shift+Z", false, planner.editor().can_redo())) {
      redo(planner, ui);
    }
    ImGui::Separator();
    const bool any = !planner.selection().empty();
    if (ImGui::MenuItem("Delete selected sites", "Del", false, any)) planner.delete_selected();
    if (ImGui::MenuItem("Mirror selected to the other side", "M", false, any)) {
      planner.mirror_selected();
    }
    ImGui::MenuItem("Click on skin adds a site", "A", &ui.click_adds_sites);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    const auto& views = anatomy::all_view_presets();
    for (std::size_t i = 0; i < views.size(); ++i) {
      const std::string key = std::to_string(i + 1);
      if (ImGui::MenuItem(anatomy::view_name(views[i]), key.c_str())) {
        planner.scene().set_view(views[i]);
      }
    }
    if (ImGui::MenuItem("Reset view", "R")) planner.scene().set_view(anatomy::ViewPreset::Anterior);
    ImGui::Separator();
    bool landmarks = planner.scene().landmarks_visible();
    if (ImGui::MenuItem("Landmark labels", "L", &landmarks)) {
      planner.scene().set_landmarks_visible(landmarks);
    }
    bool spread = planner.scene().spread_visible();
    if (ImGui::MenuItem("Spread surfaces", "S", &spread))
      planner.scene().set_spread_visible(spread);
    using Colouring = render::Scene::SpreadColouring;
    const Colouring colouring = planner.scene().spread_colouring();
    for (const auto& [mode, label] :
         {std::pair{Colouring::ByFlag, "Spread coloured by flag"},
          std::pair{Colouring::ByField, "Spread as each site's field"},
          std::pair{Colouring::PlanField, "Spread as the plan's field"}}) {
      // F steps through the three (next_colouring).
      if (ImGui::MenuItem(label, "F", colouring == mode))
        planner.scene().set_spread_colouring(mode);
    }
    bool xray = planner.scene().xray_shading_enabled();
    if (ImGui::MenuItem("X-ray skin", "X", &xray)) planner.scene().set_xray_shading(xray);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Practice")) {
    if (ImGui::MenuItem("Start practice...", nullptr, false, !ui.practice.active)) {
      // Starting replaces the plan with the trainee's empty attempt: ask before the setup
      // dialog, whose Start then replaces it (nothing can be edited while it is open).
      replace_plan_or_ask(planner, ui, "starting practice",
                          [&ui] { ui.practice.setup_open = true; });
    }
    if (ImGui::MenuItem("Check attempt", "K", false, ui.practice.active && !ui.practice.checked)) {
      check_practice(planner, ui.practice);
    }
    if (ImGui::MenuItem("End practice", nullptr, false, ui.practice.active)) {
      end_practice(planner, ui.practice);
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    if (ImGui::MenuItem("Keyboard and mouse", "F1")) ui.show_help = true;
    if (ImGui::MenuItem("About Toxplan")) ui.show_about = true;
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace toxplan::app
