#include "cli/cli_main.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/atlas_command.h"
#include "cli/demo_command.h"
#include "cli/export_command.h"
#include "cli/image_size_option.h"
#include "cli/protocol_command.h"
#include "cli/render_command.h"
#include "cli/score_command.h"
#include "cli/simulate_command.h"
#include "cli/validate_command.h"

namespace toxplan::cli {

namespace {
// --frames of the window: a scripted run (tests, docs) takes seconds per 100 frames; a million
// would run for hours with nothing to show for it.
constexpr int kMaxWindowFrames = 100000;
}  // namespace

int run(int argc, char** argv, const WindowLauncher& open_window) {
  CLI::App app{
      "Toxplan: plan botulinum toxin injections in 3D. Results are planning and "
      "teaching estimates, not a substitute for clinical judgement.\n"
      "With no command it opens the planner window (optionally on PLAN)."};
  app.require_subcommand(0, 1);
  int exit_code = 0;
  add_validate_command(app, exit_code);
  add_atlas_command(app, exit_code);
  add_simulate_command(app, exit_code);
  add_render_command(app, exit_code);
  add_protocol_command(app, exit_code);
  add_score_command(app, exit_code);
  add_demo_command(app, exit_code);
  add_export_command(app, exit_code);

  // No command: the window.
  session::WindowOptions window;
  std::string size = "1280x800";
  app.add_option("plan", window.plan_path, "Plan to open in the window");
  app.add_option("--atlas", window.atlas_dir, "Atlas folder for the window");
  app.add_option("--screenshot", window.screenshot_path,
                 "Write a PNG of the window after --frames frames, then exit");
  app.add_option("--about", window.about_path,
                 "With --screenshot: also write where each site lands in it (JSON, for tests)");
  app.add_option("--frames", window.frames, "Render this many frames, then exit")
      ->check(CLI::Range(1, kMaxWindowFrames));
  app.add_option("--size", size, "Window size WIDTHxHEIGHT (default 1280x800)");
  app.add_option("--practice", window.practice_protocol,
                 "Start in practice mode on this protocol (e.g. preempt-155)");
  app.add_option("--trainee", window.trainee, "Trainee name for --practice (history file)");
  app.add_option("--demo", window.demo_path,
                 "Open a guided demo script (assets/demos/*.json) in demo mode");
  app.add_option("--events", window.events_path, "Replay scripted input events (tests)");
  app.add_flag("--report-timing", window.report_timing,
               "Print the time to the first frame and frame-time statistics at exit");
  app.add_option("--state-dir", window.state_dir,
                 "Folder for autosave and recent files (default $XDG_STATE_HOME/toxplan)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (app.get_subcommands().empty()) {
    if (auto error = read_image_size("toxplan", "--size", size, &window.width, &window.height)) {
      std::cerr << *error << "\n";
      return 2;
    }
    if (!window.screenshot_path.empty() && window.frames <= 0) window.frames = 30;
    return open_window(window);
  }
  return exit_code;
}

}  // namespace toxplan::cli
