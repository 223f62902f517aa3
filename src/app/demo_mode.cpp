#include "app/demo_mode.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <filesystem>
#include <set>

#include "app/viewport.h"
#include "base/resources.h"
#include "demo/demo_loading.h"

namespace toxplan::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCloseDemoFirst = "Close the demo first (Demo > Close demo)";

constexpr float kStepListWidth = 340.0f;

ImFont* g_caption_font = nullptr;  // set by load_demo_fonts; nullptr: default font, scaled
ImFont* g_title_font = nullptr;

void go_to(DemoModeState& state, std::size_t step) {
  if (!state.player || state.player->step_count() == 0) return;
  state.step = std::min(step, state.player->step_count() - 1);
  state.step_time_s = 0.0;
}

void next(DemoModeState& state) {
  if (state.player && state.step + 1 < state.player->step_count()) go_to(state, state.step + 1);
}

void previous(DemoModeState& state) {
  if (state.step > 0) go_to(state, state.step - 1);
}

void handle_keys(DemoModeState& state) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl) return;
  // Keys answer an open dialog (Open tour, an error), not the tour behind it.
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, true); };
  // Presentation clickers send Page Down / Page Up (some send the arrows or space).
  if (pressed(GLFW_KEY_RIGHT) || pressed(GLFW_KEY_DOWN) || pressed(GLFW_KEY_PAGE_DOWN) ||
      pressed(GLFW_KEY_SPACE)) {
    next(state);
  }
  if (pressed(GLFW_KEY_LEFT) || pressed(GLFW_KEY_UP) || pressed(GLFW_KEY_PAGE_UP)) previous(state);
  if (ImGui::IsKeyPressed(GLFW_KEY_HOME, false)) go_to(state, 0);
  if (ImGui::IsKeyPressed(GLFW_KEY_END, false) && state.player) {
    go_to(state, state.player->step_count() - 1);
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_P, false)) state.playing = !state.playing;
  if (ImGui::IsKeyPressed(GLFW_KEY_F5, false)) state.audience_view = !state.audience_view;
  if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) state.audience_view = false;
}

void advance_time(DemoModeState& state, double dt) {
  const demo::DemoScript& script = state.player->script();
  const double transition = script.steps[state.step].transition_s;
  // The transition always plays; the step then holds unless auto-play moves on.
  if (state.playing || state.step_time_s < transition) state.step_time_s += dt;
  if (!state.playing) return;
  if (state.step_time_s >= script.step_length_s(state.step)) {
    if (state.step + 1 < script.steps.size()) {
      go_to(state, state.step + 1);
    } else {
      state.playing = false;  // the end of the tour: stay on the last step
      state.step_time_s = script.step_length_s(state.step);
    }
  }
}

// Text in a dark box, wrapped to `wrap` pixels; returns the box height.
float boxed_text(ImDrawList* draw, ImFont* font, float size, ImVec2 at, float wrap,
                 const std::string& text, ImU32 colour, float pad, bool measure_only = false) {
  const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, wrap, text.c_str());
  if (!measure_only) {
    draw->AddRectFilled(ImVec2(at.x - pad, at.y - pad),
                        ImVec2(at.x + extent.x + pad, at.y + extent.y + pad),
                        IM_COL32(8, 10, 18, 205), 6.0f);
    draw->AddText(font, size, at, colour, text.c_str(), nullptr, wrap);
  }
  return extent.y + 2 * pad;
}

void draw_overlay(DemoModeState& state, ImVec2 min, ImVec2 size) {
  const demo::DemoScript& script = state.player->script();
  const demo::DemoStep& step = script.steps[state.step];
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImFont* caption_font = g_caption_font ? g_caption_font : ImGui::GetFont();
  ImFont* title_font = g_title_font ? g_title_font : ImGui::GetFont();
  // Sized to the view so that a projector in a lecture room stays readable.
  const float caption_px = std::clamp(size.y * 0.036f, 16.0f, 44.0f);
  const float title_px = std::clamp(size.y * 0.048f, 20.0f, 58.0f);
  const float small_px = std::clamp(size.y * 0.024f, 13.0f, 28.0f);
  const float margin = std::round(size.y * 0.03f);
  const float pad = std::round(caption_px * 0.45f);

  const float title_h =
      boxed_text(draw, title_font, title_px, ImVec2(min.x + margin, min.y + margin), size.x * 0.7f,
                 step.title, IM_COL32(255, 255, 255, 255), pad);
  const std::string counter = "Step " + std::to_string(state.step + 1) + " / " +
                              std::to_string(script.steps.size()) +
                              (state.playing ? "  (playing)" : "");
  const ImVec2 counter_size = caption_font->CalcTextSizeA(small_px, FLT_MAX, 0, counter.c_str());
  boxed_text(draw, caption_font, small_px,
             ImVec2(min.x + size.x - margin - counter_size.x, min.y + margin), 0.0f, counter,
             IM_COL32(200, 210, 230, 255), pad * 0.6f);
  if (!state.player->spread_ready(state.step)) {
    const std::string busy = "Computing the spread...";
    const ImVec2 busy_size = caption_font->CalcTextSizeA(small_px, FLT_MAX, 0, busy.c_str());
    boxed_text(draw, caption_font, small_px,
               ImVec2(min.x + size.x - margin - busy_size.x, min.y + margin + small_px * 2.2f),
               0.0f, busy, IM_COL32(255, 210, 120, 255), pad * 0.6f);
  }
  if (!step.caption.empty()) {
    const float wrap = size.x - 2 * margin - 2 * pad;
    const float h =
        boxed_text(draw, caption_font, caption_px, ImVec2(0, 0), wrap, step.caption, 0, pad, true);
    boxed_text(draw, caption_font, caption_px,
               ImVec2(min.x + margin + pad, min.y + size.y - margin - h + pad), wrap, step.caption,
               IM_COL32(245, 247, 255, 255), pad);
  }
  if (step.spread_fraction > 0.0) {
    const std::string note = "Spread: model estimate for teaching, not a prediction for a patient";
    draw->AddText(caption_font, small_px * 0.85f,
                  ImVec2(min.x + margin, min.y + margin + title_h + pad),
                  IM_COL32(190, 200, 220, 230), note.c_str());
  }
}

void draw_view(DemoModeState& state, Viewport& viewport, float x, float y, float w, float h) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("Demo view", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                   ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoBringToFrontOnFocus);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const unsigned int texture =
      viewport.render(static_cast<int>(avail.x), static_cast<int>(avail.y));
  const ImVec2 min = ImGui::GetCursorScreenPos();
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture)), avail, ImVec2(0, 1),
               ImVec2(1, 0));
  // Dragging turns the model during a still step; the next step's transition starts from there.
  ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) state.pressed = true;
  if (state.pressed && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
    viewport.rotate(io.MouseDelta.x, io.MouseDelta.y);
  }
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) state.pressed = false;
  if (ImGui::IsItemHovered() && io.MouseWheel != 0.0f) {
    viewport.zoom(io.MouseWheel > 0 ? 1.1 : 1.0 / 1.1);
  }
  draw_overlay(state, min, avail);
  ImGui::End();
  ImGui::PopStyleVar();
}

void draw_step_list(session::Planner& planner, DemoModeState& state, float x, float y, float w,
                    float h) {
  const demo::DemoScript& script = state.player->script();
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::Begin("Demo", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  ImGui::TextWrapped("%s", script.title.c_str());
  ImGui::Separator();
  if (ImGui::Button("< Prev")) previous(state);
  ImGui::SameLine();
  if (ImGui::Button(state.playing ? "Pause" : "Play", ImVec2(70, 0))) {
    state.playing = !state.playing;
  }
  ImGui::SameLine();
  if (ImGui::Button("Next >")) next(state);
  ImGui::SameLine();
  if (ImGui::Button("Audience (F5)")) state.audience_view = true;
  const double length = script.step_length_s(state.step);
  ImGui::ProgressBar(length > 0 ? static_cast<float>(state.step_time_s / length) : 1.0f,
                     ImVec2(-1, 4), "");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped(
      "Next: Right, Down, Page Down, Space. Back: Left, Up, Page Up. "
      "P: play / pause. F5: audience view, Esc: back.");
  ImGui::PopStyleColor();

  ImGui::BeginChild("steps", ImVec2(0, h * 0.55f), true);
  for (std::size_t i = 0; i < script.steps.size(); ++i) {
    const std::string label = std::to_string(i + 1) + ". " + script.steps[i].title;
    if (ImGui::Selectable(label.c_str(), i == state.step)) go_to(state, i);
    if (i == state.step && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
  }
  ImGui::EndChild();

  if (!state.findings.empty()) {
    const std::string header =
        "Script problems (" + std::to_string(state.findings.size()) + ")###problems";
    if (ImGui::CollapsingHeader(header.c_str())) {
      for (const Finding& f : state.findings) {
        ImGui::PushStyleColor(ImGuiCol_Text, f.severity == Severity::Error
                                                 ? ImVec4(1.0f, 0.55f, 0.5f, 1.0f)
                                                 : ImVec4(1.0f, 0.85f, 0.45f, 1.0f));
        ImGui::TextWrapped("%s", f.message.c_str());
        ImGui::PopStyleColor();
      }
    }
  }
  ImGui::Separator();
  if (ImGui::Button("Close demo")) close_demo(planner, state);
  ImGui::End();
}

void draw_open_dialog(session::Planner& planner, DemoModeState& state) {
  if (state.open_dialog) {
    ImGui::OpenPopup("Open tour");
    state.open_dialog = false;
  }
  ImGui::SetNextWindowSize(ImVec2(620, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Open tour", nullptr)) return;
  ImGui::TextUnformatted("Shipped tours:");
  std::error_code ec;
  std::vector<fs::path> tours;
  for (const auto& entry : fs::directory_iterator(shipped_demos_dir(), ec)) {
    if (entry.path().extension() == ".json") tours.push_back(entry.path());
  }
  std::sort(tours.begin(), tours.end());
  for (const fs::path& p : tours) {
    if (ImGui::Selectable(p.filename().string().c_str())) state.dialog_path = p.string();
  }
  ImGui::Separator();
  ImGui::SetNextItemWidth(-1);
  char buffer[1024];
  const std::size_t n = std::min(state.dialog_path.size(), sizeof(buffer) - 1);
  state.dialog_path.copy(buffer, n);
  buffer[n] = '\0';
  if (ImGui::InputText("##tour", buffer, sizeof(buffer))) state.dialog_path = buffer;
  if (!state.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.55f, 0.5f, 1.0f));
    ImGui::TextWrapped("%s", state.error.c_str());
    ImGui::PopStyleColor();
  }
  if (ImGui::Button("Open", ImVec2(100, 0))) {
    state.error = open_demo(planner, state, state.dialog_path);
    if (state.error.empty()) ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(100, 0))) {
    state.error.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

std::string shipped_demos_dir() {
  return resource_path("assets/demos");
}

std::string open_demo(session::Planner& planner, DemoModeState& state, const std::string& path) {
  demo::DemoLoadResult loaded = demo::load_demo_for_atlas(path, planner.atlas());
  if (!loaded.script || loaded.script->steps.empty()) {
    std::string message = "Cannot play " + path + ":";
    for (const Finding& f : loaded.findings)
      message += "\n- " + f.message;
    return message;
  }
  if (state.active) close_demo(planner, state);
  // The tour covers the plan without replacing it, and the window does not autosave while it
  // plays: unsaved work is written to the recovery file now.
  if (planner.editor().dirty()) planner.recovery().write_now(planner.plan(), planner.path());
  state.player.reset();
  state.player = std::make_unique<render::DemoPlayer>(planner.scene(), std::move(*loaded.script),
                                                      render::DemoPlayerOptions{false});
  state.player->start_simulations();
  planner.pin_atlas(kCloseDemoFirst);  // the player draws on this scene until the demo closes
  state.findings = std::move(loaded.findings);
  state.script_path = path;
  state.active = true;
  state.playing = false;
  go_to(state, 0);
  return "";
}

void close_demo(session::Planner& planner, DemoModeState& state) {
  if (state.player) state.player->restore_scene();
  state.player.reset();
  planner.pin_atlas("");
  state.active = false;
  state.audience_view = false;
  state.playing = false;
  planner.invalidate_scene();  // redraw the plan the demo covered up
}

void load_demo_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.Fonts->Fonts.empty()) io.Fonts->AddFontDefault();  // the UI keeps its default font
  // Latin-1, dashes and quotes, arrows, <= and >=: what captions use.
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0x2190,
                                   0x2193, 0x2264, 0x2265, 0};
  const char* regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  const char* bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  std::error_code ec;
  if (fs::exists(regular, ec))
    g_caption_font = io.Fonts->AddFontFromFileTTF(regular, 32, nullptr, ranges);
  if (fs::exists(bold, ec)) g_title_font = io.Fonts->AddFontFromFileTTF(bold, 40, nullptr, ranges);
  if (!g_title_font) g_title_font = g_caption_font;
}

void draw_demo_menu(session::Planner& planner, DemoModeState& state) {
  if (ImGui::BeginMainMenuBar()) {
    if (ImGui::BeginMenu("Demo")) {
      if (ImGui::MenuItem("Open tour...")) {
        state.open_dialog = true;
        if (state.dialog_path.empty()) state.dialog_path = shipped_demos_dir() + "/";
      }
      if (ImGui::MenuItem("Audience view", "F5", state.audience_view, state.active)) {
        state.audience_view = !state.audience_view;
      }
      if (ImGui::MenuItem(state.playing ? "Pause" : "Play", "P", false, state.active)) {
        state.playing = !state.playing;
      }
      if (ImGui::MenuItem("Close demo", nullptr, false, state.active)) close_demo(planner, state);
      ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
  }
  draw_open_dialog(planner, state);
}

void draw_demo_mode(session::Planner& planner, DemoModeState& state, Viewport& viewport, float x,
                    float y, float width, float height) {
  if (!state.active || !state.player || state.player->step_count() == 0) return;
  handle_keys(state);
  advance_time(state, ImGui::GetIO().DeltaTime);
  state.player->show(state.step, state.step_time_s);
  if (state.audience_view) {
    draw_view(state, viewport, x, y, width, height);
  } else {
    draw_step_list(planner, state, x, y, kStepListWidth, height);
    if (state.active)
      draw_view(state, viewport, x + kStepListWidth, y, width - kStepListWidth, height);
  }
}

}  // namespace toxplan::app
