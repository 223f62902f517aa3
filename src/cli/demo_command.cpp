#include "cli/demo_command.h"

#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <vector>

#include "anatomy/atlas.h"
#include "cli/image_size_option.h"
#include "cli/render_command.h"
#include "demo/demo_loading.h"
#include "render/demo_player.h"
#include "render/scene.h"
#include "render/snapshot.h"

namespace toxplan::cli {

namespace fs = std::filesystem;

namespace {

std::string numbered(const std::string& prefix, int n, int width) {
  std::ostringstream name;
  name << prefix << std::setw(width) << std::setfill('0') << n << ".png";
  return name.str();
}

void print_steps(const demo::DemoScript& script, double fps, std::ostream& out) {
  out << script.title << " (" << script.steps.size() << " steps, " << std::fixed
      << std::setprecision(1) << script.total_length_s() << " s)\n";
  for (std::size_t i = 0; i < script.steps.size(); ++i) {
    const demo::DemoStep& s = script.steps[i];
    out << std::setw(3) << i + 1 << ". " << s.title << "  [" << std::setprecision(1)
        << script.step_start_s(i) << " s, transition " << s.transition_s << " s + "
        << script.step_duration_s(i) << " s";
    if (fps > 0) {
      out << ", frames " << demo_frame_count(script.step_start_s(i), fps) << "-"
          << demo_frame_count(script.step_start_s(i + 1), fps) - 1;
    }
    out << "]";
    if (!s.plan.empty()) {
      out << "  plan " << s.plan;
      if (!s.sites.empty()) out << " (" << s.sites.size() << " sites)";
      if (s.spread_fraction > 0) out << ", spread " << s.spread_fraction;
    }
    out << "\n";
  }
}

}  // namespace

int demo_frame_count(double total_length_s, double fps) {
  return static_cast<int>(std::lround(total_length_s * fps));
}

int run_demo(const DemoOptions& options, std::ostream& out, std::ostream& err) {
  int width = 0;
  int height = 0;
  if (auto error = read_image_size("demo", "--size", options.size, &width, &height)) {
    err << *error << "\n";
    return 2;
  }
  if (!(options.fps > 0.0) || options.fps > 120.0) {
    err << "demo: --fps must be above 0 and at most 120, got " << options.fps << "\n";
    return 2;
  }
  if (!options.list && options.frames_dir.empty()) {
    err << "demo: give --frames DIR (where the PNG frames go), or --list\n";
    return 2;
  }
  const std::string atlas_dir =
      options.atlas_dir.empty() ? anatomy::Atlas::default_dir() : options.atlas_dir;
  Findings atlas_findings;
  std::unique_ptr<anatomy::Atlas> atlas = anatomy::Atlas::load(atlas_dir, &atlas_findings);
  if (!atlas) {
    for (const Finding& f : atlas_findings)
      err << f.message << "\n";
    err << "demo: cannot load the atlas in " << atlas_dir << "\n";
    return 2;
  }
  demo::DemoLoadResult loaded = demo::load_demo_for_atlas(options.script_path, *atlas);
  for (const Finding& f : loaded.findings)
    err << severity_name(f.severity) << " " << f.code << ": " << f.message << "\n";
  if (!loaded.script || loaded.script->steps.empty()) {
    err << "demo: nothing to play in " << options.script_path << "\n";
    return 2;
  }
  const demo::DemoScript& script = *loaded.script;
  if (options.list) {
    print_steps(script, options.fps, out);
    return 0;
  }

  std::error_code ec;
  fs::create_directories(options.frames_dir, ec);
  if (ec || !fs::is_directory(options.frames_dir)) {
    err << "demo: cannot create the folder " << options.frames_dir << "\n";
    return 2;
  }
  if (auto no_display = render::missing_display_message()) {
    err << "demo: " << *no_display << "\n";
    return 2;
  }
  render::Scene scene(*atlas);
  render::DemoPlayer player(scene, script);
  player.set_frame_size(width, height);
  player.start_simulations();

  // One off-screen window for the whole tour: making a GL context per frame would cost more
  // than rendering the frame.
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetAlphaBitPlanes(1);  // depth peeling needs destination alpha
  window->AddRenderer(scene.renderer());
  window->SetSize(width, height);
  vtkNew<vtkUnsignedCharArray> pixels;
  auto write_frame = [&](const std::string& path) {
    window->Render();
    if (scene.fall_back_if_shaders_failed()) window->Render();
    window->GetPixelData(0, 0, width - 1, height - 1, /*front=*/0, pixels);
    return render::write_rgb_png(pixels->GetPointer(0), width, height, path);
  };

  int written = 0;
  if (options.stills) {
    for (std::size_t i = 0; i < script.steps.size(); ++i) {
      player.wait_for_spread(i);
      player.show(i, script.step_length_s(i));
      const std::string path =
          (fs::path(options.frames_dir) / numbered("step_", static_cast<int>(i + 1), 2)).string();
      if (auto error = write_frame(path)) {
        err << "demo: " << *error << "\n";
        window->RemoveRenderer(scene.renderer());
        return 1;
      }
      ++written;
    }
  } else {
    const int frames = demo_frame_count(script.total_length_s(), options.fps);
    std::size_t waited = ~std::size_t{0};
    for (int k = 0; k < frames; ++k) {
      const double t = k / options.fps;
      const std::size_t step = script.step_at(t);
      if (step != waited) {
        player.wait_for_spread(step);  // frames show finished results, never a half-solved plan
        waited = step;
      }
      player.show(step, t - script.step_start_s(step));
      const std::string path = (fs::path(options.frames_dir) / numbered("frame_", k, 5)).string();
      if (auto error = write_frame(path)) {
        err << "demo: " << *error << "\n";
        window->RemoveRenderer(scene.renderer());
        return 1;
      }
      ++written;
    }
  }
  window->RemoveRenderer(scene.renderer());
  for (const std::string& m : player.simulation_messages())
    err << "demo: " << m << "\n";
  out << "wrote " << written << (options.stills ? " stills" : " frames") << " (" << width << "x"
      << height;
  if (!options.stills) out << ", " << options.fps << " fps, " << script.total_length_s() << " s";
  out << ") of \"" << script.title << "\" to " << options.frames_dir << "\n";
  return has_errors(loaded.findings) ? 1 : 0;
}

void add_demo_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Play a guided demo script headless and write it as numbered PNG frames (for slides or "
      "video); frames = round(total seconds x fps)");
  cmd->add_option("script", options->script_path, "Demo script (assets/demos/*.json)")->required();
  cmd->add_option("--atlas", options->atlas_dir, "Atlas folder (default: the built-in atlas)");
  cmd->add_option("--frames", options->frames_dir,
                  "Folder for the frames (frame_00000.png, ...); created if missing");
  cmd->add_option("--size", options->size, "Frame size WIDTHxHEIGHT (default 1280x720)");
  cmd->add_option("--fps", options->fps, "Frames per second of the tour (default 10)");
  cmd->add_flag("--stills", options->stills,
                "One picture per step (step_01.png, ...) at the end of the step, for slides");
  cmd->add_flag("--list", options->list, "Print the steps and their timing; write nothing");
  cmd->callback([options, &exit_code]() { exit_code = run_demo(*options, std::cout, std::cerr); });
}

}  // namespace toxplan::cli
