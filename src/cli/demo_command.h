// `toxplan demo SCRIPT [--atlas DIR] --frames DIR [--size WxH] [--fps N] [--stills] [--list]`:
// plays a guided demo script headless and writes it as numbered PNG frames (frame_00000.png,
// ...), transitions included, for slides or video.
//
// Frame count: round(total * fps), where total is the sum over steps of transition_s +
// duration_s (the script's default duration when a step gives none); frame k shows time k / fps.
// --stills writes one picture per step instead (step_01.png, ...), each at the end of its step.
#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace toxplan::cli {

struct DemoOptions {
  std::string script_path;
  std::string atlas_dir;  // empty: the default atlas
  std::string frames_dir;
  std::string size = "1280x720";
  double fps = 10.0;
  bool stills = false;
  bool list = false;  // print the steps and their timing, write nothing
};

// Number of frames `toxplan demo` writes for a script of this length.
int demo_frame_count(double total_length_s, double fps);

int run_demo(const DemoOptions& options, std::ostream& out, std::ostream& err);
void add_demo_command(CLI::App& app, int& exit_code);

}  // namespace toxplan::cli
