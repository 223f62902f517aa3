// The planner window: GLFW window and OpenGL context, Dear ImGui panels around a VTK viewport,
// the main loop, scripted input for tests, and screenshots.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <vector>

#include "app/app_main.h"
#include "app/demo_mode.h"
#include "app/event_player.h"
#include "app/frame_phase_timing.h"
#include "app/ui_state.h"
#include "app/viewport.h"
#include "render/image_about.h"
#include "render/snapshot.h"
#include "session/planner.h"

namespace toxplan::app {

namespace {

constexpr float kLeftPanelWidth = 300.0f;
constexpr float kRightPanelWidth = 440.0f;
constexpr float kStatusBarHeight = 30.0f;
constexpr float kFindingsHeightFraction = 0.30f;
// A press and release closer than this is a click (add / select), farther is a drag (rotate).
constexpr float kClickSlopPx = 4.0f;

struct ViewportInput {
  ImVec2 image_min{0, 0};
  ImVec2 image_size{0, 0};
  bool pressed_inside = false;
  bool dragging_site = false;
  int hover_frame = 0;
};

render::Ray ray_at(session::Planner& planner, const ViewportInput& in, ImVec2 mouse) {
  const double x = mouse.x - in.image_min.x;
  const double y = in.image_size.y - (mouse.y - in.image_min.y);
  // Always in the view's full size: VTK may be rendering a smaller image while the camera moves.
  return planner.scene().display_ray(x, y, in.image_size.x, in.image_size.y);
}

void draw_viewport(session::Planner& planner, UiState& ui, Viewport& viewport, ViewportInput& in,
                   FramePhaseTiming& timing, ViewWork* work, float x, float y, float width,
                   float height) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("3D view", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                   ImGuiWindowFlags_NoTitleBar);
  viewport.follow(planner.scene());  // a plan of another atlas replaces the scene
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  in.image_min = ImGui::GetCursorScreenPos();
  in.image_size = avail;
  // Input is handled before the view is drawn, so that the picture of this frame already shows
  // this frame's camera, in the level of detail that matches what the camera is doing.
  const bool hovered = ImGui::IsWindowHovered() &&
                       ImGui::IsMouseHoveringRect(in.image_min, ImVec2(in.image_min.x + avail.x,
                                                                       in.image_min.y + avail.y));
  ImGuiIO& io = ImGui::GetIO();

  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    in.pressed_inside = true;
    const std::string near = planner.site_near_ray(ray_at(planner, in, io.MousePos));
    in.dragging_site = io.KeyShift && !near.empty() && planner.selection().count(near);
  }
  const bool left_drag =
      in.pressed_inside && ImGui::IsMouseDragging(ImGuiMouseButton_Left, kClickSlopPx);
  if (left_drag) {
    if (in.dragging_site) {
      planner.move_site_to_ray(*planner.selection().begin(), ray_at(planner, in, io.MousePos),
                               "drag-site");
    } else {
      viewport.rotate(io.MouseDelta.x, io.MouseDelta.y);
    }
  }
  if (in.pressed_inside && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    // A click only if the pointer never went farther than the slop: a drag that turns the head
    // and comes back to where it started is still a drag, not a click that adds a site.
    if (io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] <= kClickSlopPx * kClickSlopPx) {
      const render::Ray ray = ray_at(planner, in, io.MousePos);
      const std::string near = planner.site_near_ray(ray);
      if (!near.empty()) {
        if (io.KeyCtrl) {
          planner.selection().insert(near);
        } else {
          planner.select_only(near);
        }
      } else if (ui.click_adds_sites) {
        const std::string id = planner.add_site_at_ray(ray);
        ui.status_message = id.empty() ? "No skin under the cursor" : "Added site " + id;
      } else {
        planner.selection().clear();
      }
    }
    planner.editor().end_merge();
    in.pressed_inside = false;
    in.dragging_site = false;
  }
  const bool pan_drag = hovered && (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 1.0f) ||
                                    ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 1.0f));
  if (pan_drag) viewport.pan(io.MouseDelta.x, io.MouseDelta.y);
  const bool wheel = hovered && io.MouseWheel != 0.0f;
  if (wheel) viewport.zoom(io.MouseWheel > 0 ? 1.1 : 1.0 / 1.1);
  // The moving picture (coarse meshes, fewer pixels) only while something is dragged or the
  // wheel turns; a press that may still become a click keeps the still picture, and the frame
  // of the release is drawn in full again.
  planner.scene().set_interacting(left_drag || pan_drag || wheel);

  timing.end_phase(FramePhase::Panels);
  const unsigned int texture =
      viewport.render(static_cast<int>(avail.x), static_cast<int>(avail.y));
  timing.end_phase(FramePhase::View3d);
  if (viewport.drew_last_call()) {
    *work = planner.scene().interacting() ? ViewWork::Moving : ViewWork::Still;
    if (timing.enabled()) {
      const render::Scene::DrawnCounts drawn = planner.scene().drawn_counts();
      timing.note_drawn(*work, drawn.actors, drawn.triangles);
    }
  }
  // VTK's framebuffer is bottom-up; ImGui's images are top-down: flip V.
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture)), avail, ImVec2(0, 1),
               ImVec2(1, 0));

  // Naming the site or structure under the cursor costs ray queries; a few times a second is
  // enough.
  if (hovered && ++in.hover_frame % 4 == 0) {
    ui.hover_text = planner.hover_text(ray_at(planner, in, io.MousePos));
  }
  if (!hovered) ui.hover_text.clear();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 corner(in.image_min.x + 10, in.image_min.y + 8);
  std::string overlay = ui.hover_text;
  if (ui.click_adds_sites) overlay += overlay.empty() ? "Click the skin to add a site" : "";
  draw->AddText(corner, IM_COL32(235, 240, 255, 255), overlay.c_str());
  ImGui::End();
  ImGui::PopStyleVar();
}

bool write_framebuffer_png(GLFWwindow* window, const std::string& path) {
  int w = 0;
  int h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  const auto error = render::write_rgb_png(pixels.data(), w, h, path);
  if (error) std::cerr << *error << "\n";
  return !error;
}

// What the screenshot shows, for image tests (render/image_about.h): the sites as they land in
// the 3D view, the status line, and the error the window is showing, if any.
bool write_screenshot_about(session::Planner& planner, const UiState& ui,
                            const ViewportInput& input, int width, int height,
                            const std::string& path) {
  const render::PixelRect view{
      static_cast<int>(input.image_min.x), static_cast<int>(input.image_min.y),
      static_cast<int>(input.image_size.x), static_cast<int>(input.image_size.y)};
  render::ImageAbout about = render::describe_scene(planner.scene(), view, width, height);
  about.messages.push_back("atlas: " + planner.atlas().id());
  about.messages.push_back("status: " + ui.status_message);
  if (!ui.error_message.empty()) about.messages.push_back("error: " + ui.error_message);
  if (const auto& r = ui.error_dialog_rect) {
    about.dialogs.push_back({static_cast<int>((*r)[0]), static_cast<int>((*r)[1]),
                             static_cast<int>((*r)[2]), static_cast<int>((*r)[3])});
  }
  const auto error = render::write_image_about(about, path);
  if (error) std::cerr << *error << "\n";
  return !error;
}

void glfw_error(int code, const char* text) {
  std::cerr << "GLFW error " << code << ": " << text << "\n";
}

// When each step before the first frame was done, in ms after start: where its time goes.
struct StartupTimes {
  double atlas_loaded_ms = 0.0;
  double window_open_ms = 0.0;
  double plan_open_ms = 0.0;  // the planner made, the plan opened, the scene built
};

void print_timing(double first_frame_ms, const StartupTimes& startup,
                  std::vector<double> frame_ms) {
  std::cout << "first frame: " << first_frame_ms << " ms after start (atlas loaded at "
            << startup.atlas_loaded_ms << " ms, window open at " << startup.window_open_ms
            << " ms, plan and scene ready at " << startup.plan_open_ms << " ms)\n";
  if (frame_ms.empty()) return;
  std::sort(frame_ms.begin(), frame_ms.end());
  double sum = 0.0;
  for (double t : frame_ms)
    sum += t;
  const double mean = sum / frame_ms.size();
  const double p95 = frame_ms[std::min(frame_ms.size() - 1, frame_ms.size() * 95 / 100)];
  std::cout << "frames with the solver idle: " << frame_ms.size() << ", mean " << mean << " ms ("
            << 1000.0 / mean << " fps), median " << frame_ms[frame_ms.size() / 2]
            << " ms, 95th percentile " << p95 << " ms\n";
}

}  // namespace

int run_app(const session::WindowOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::cerr << "toxplan: cannot open a window (no display?). Run headless commands instead, "
                 "e.g. `toxplan render PLAN --out plan.png`, or start under xvfb-run.\n";
    return 2;
  }
  Findings atlas_findings;
  // The atlas given, else the one the plan was made on (when shipped), else the default.
  std::string atlas_dir = options.atlas_dir;
  if (atlas_dir.empty() && !options.plan_path.empty())
    atlas_dir = session::shipped_atlas_of_plan(options.plan_path);
  if (atlas_dir.empty()) atlas_dir = anatomy::Atlas::default_dir();
  auto atlas = anatomy::Atlas::load(atlas_dir, &atlas_findings);
  StartupTimes startup;
  auto since_start_ms = [&start] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  };
  startup.atlas_loaded_ms = since_start_ms();
  if (!atlas) {
    for (const Finding& f : atlas_findings)
      std::cerr << f.message << "\n";
    std::cerr << "toxplan: cannot load the atlas in " << atlas_dir << "\n";
    glfwTerminate();
    return 2;
  }

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
  glfwWindowHint(GLFW_ALPHA_BITS, 8);
  glfwWindowHint(GLFW_DEPTH_BITS, 24);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "Toxplan", nullptr, nullptr);
  if (!window) {
    std::cerr << "toxplan: cannot create an OpenGL 3.2 window\n";
    glfwTerminate();
    return 2;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(options.frames > 0 ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // fixed layout: nothing to remember between runs
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 150");
  load_demo_fonts();
  startup.window_open_ms = since_start_ms();

  int exit_code = 0;
  {
    session::Planner planner(std::move(atlas), options.state_dir.empty()
                                                   ? session::default_state_dir()
                                                   : options.state_dir);
    planner.set_follow_plan_atlas(options.atlas_dir.empty());
    UiState ui;
    if (!options.plan_path.empty()) {
      const std::string error = planner.open(options.plan_path);
      if (!error.empty()) ui.error_message = error;
    }
    Viewport viewport(planner.scene());
    startup.plan_open_ms = since_start_ms();
    DemoModeState demo;
    if (!options.practice_protocol.empty()) {
      ui.practice.protocol_id = options.practice_protocol;
      if (!options.trainee.empty()) ui.practice.trainee = options.trainee;
      const std::string error = start_practice(planner, ui.practice);
      if (!error.empty()) {
        // Said in the window and on the terminal that asked for it.
        ui.error_message = error;
        std::cerr << "toxplan: --practice " << options.practice_protocol << ": " << error << "\n";
      }
    }
    if (!options.demo_path.empty()) {
      const std::string error = open_demo(planner, demo, options.demo_path);
      if (!error.empty()) ui.error_message = error;
    }
    ViewportInput input;

    std::unique_ptr<EventPlayer> player;
    if (!options.events_path.empty()) {
      Findings script_findings;
      auto script = load_event_script(options.events_path, &script_findings);
      for (const Finding& f : script_findings)
        std::cerr << f.message << "\n";
      if (!script) {
        exit_code = 2;
      } else {
        player = std::make_unique<EventPlayer>(std::move(*script), [&](const Vec3& p, double* wx,
                                                                       double* wy) {
          double d[2] = {0.0, 0.0};
          if (!planner.scene().world_to_display(p, input.image_size.x, input.image_size.y, &d[0],
                                                &d[1])) {
            return false;
          }
          *wx = input.image_min.x + d[0];
          *wy = input.image_min.y + (input.image_size.y - d[1]);
          return d[0] >= 0 && d[1] >= 0 && d[0] < input.image_size.x && d[1] < input.image_size.y;
        });
        // The script owns the keyboard and mouse. Another window opening on the same X display
        // (tests run side by side under one Xvfb) takes the focus, and ImGui clears every key
        // held on focus loss, which dropped a scripted key press now and then.
        glfwSetWindowFocusCallback(window, nullptr);
      }
    }

    FramePhaseTiming timing(options.report_timing);
    double first_frame_ms = 0.0;
    std::vector<double> frame_ms;
    auto last_swap = start;
    for (int frame = 0; exit_code == 0; ++frame) {
      timing.start_frame();
      ViewWork view_work = ViewWork::Reused;
      glfwPollEvents();
      if (glfwWindowShouldClose(window)) {
        glfwSetWindowShouldClose(window, GLFW_FALSE);  // ask first (unsaved changes)
        ui.quit_requested = true;
      }
      const bool last_frame =
          options.frames > 0 && frame >= options.frames - 1 && (!player || player->finished(frame));
      // Pictures for tests and docs show finished results, not a half-solved plan.
      if (last_frame && demo.active) demo.player->wait_for_spread(demo.step);
      if (last_frame && !demo.active) planner.finish_simulation();
      if (ui.practice.active) collect_practice_score(planner, ui.practice, /*wait=*/last_frame);
      // The demo owns the scene while it plays; the plan is redrawn when it closes.
      if (!demo.active) planner.update(/*allow_simulation=*/frame > 0);

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      if (player) player->apply(frame, io);
      ImGui::NewFrame();
      timing.end_phase(FramePhase::Input);

      int fb_w = 0;
      int fb_h = 0;
      glfwGetFramebufferSize(window, &fb_w, &fb_h);
      const float w = static_cast<float>(fb_w);
      const float h = static_cast<float>(fb_h);
      const float top = ImGui::GetFrameHeight();  // menu bar
      const float body = h - top - kStatusBarHeight;
      if (!demo.active) handle_shortcuts(planner, ui);
      if (!demo.audience_view) {
        draw_menu_bar(planner, ui);
        draw_demo_menu(planner, demo);
      }
      if (demo.active) {
        const float demo_top = demo.audience_view ? 0.0f : top;
        draw_demo_mode(planner, demo, viewport, 0, demo_top, w, h - demo_top);
      } else {
        draw_structures_panel(planner, 0, top, kLeftPanelWidth, body);
        draw_viewport(planner, ui, viewport, input, timing, &view_work, kLeftPanelWidth, top,
                      w - kLeftPanelWidth - kRightPanelWidth, body);
        const float findings_h = body * kFindingsHeightFraction;
        draw_plan_panel(planner, ui, w - kRightPanelWidth, top, kRightPanelWidth,
                        body - findings_h);
        if (ui.practice.active) {
          draw_practice_panel(planner, ui.practice, w - kRightPanelWidth, top + body - findings_h,
                              kRightPanelWidth, findings_h);
        } else {
          draw_findings_panel(planner, ui, w - kRightPanelWidth, top + body - findings_h,
                              kRightPanelWidth, findings_h);
        }
        draw_status_bar(planner, ui, h - kStatusBarHeight, w, kStatusBarHeight);
      }
      draw_dialogs(planner, ui);
      draw_practice_setup(planner, ui.practice);

      timing.end_phase(FramePhase::Panels);
      ImGui::Render();
      viewport.bind_default_framebuffer();
      glViewport(0, 0, fb_w, fb_h);
      glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

      if (!ui.screenshot_request.empty()) {
        if (write_framebuffer_png(window, ui.screenshot_request)) {
          ui.status_message = "Screenshot written to " + ui.screenshot_request;
        }
        ui.screenshot_request.clear();
      }
      if (last_frame && !options.screenshot_path.empty()) {
        if (!write_framebuffer_png(window, options.screenshot_path)) exit_code = 1;
        if (!options.about_path.empty() &&
            !write_screenshot_about(planner, ui, input, fb_w, fb_h, options.about_path)) {
          exit_code = 1;
        }
      }
      timing.end_phase(FramePhase::ImGuiDraw);
      glfwSwapBuffers(window);
      timing.end_phase(FramePhase::Swap);
      const auto now = std::chrono::steady_clock::now();
      const double ms = std::chrono::duration<double, std::milli>(now - last_swap).count();
      if (frame == 0) {
        first_frame_ms = ms;
        // Ray indexes for picking, built beside the UI once the first picture is up: a one-off
        // job on its own thread, since a parallel_for would run on the UI thread too and freeze
        // the window until it ends.
        planner.build_ray_indexes_in_background();
      } else if (!last_frame && !planner.simulation_busy()) {
        // Frame rate of interaction, not of a machine busy solving (the solver has both cores).
        frame_ms.push_back(ms);
      }
      timing.end_frame(view_work, frame != 0 && !last_frame && !planner.simulation_busy());
      last_swap = now;
      if (last_frame || ui.quit_confirmed) break;
    }
    if (options.report_timing) {
      print_timing(first_frame_ms, startup, frame_ms);
      std::cout << timing.report();
    }
    // A clean quit leaves nothing to recover; a crash leaves the last autosave. A recovery
    // offer the user has not answered yet keeps its copy for the next start.
    if ((!planner.editor().dirty() || ui.quit_confirmed) && !ui.recovery_offer) {
      planner.recovery().clear();
    }
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}

}  // namespace toxplan::app
