// `toxplan render PLAN [--atlas DIR] [--view NAME] [--size WxH] [--no-spread] --out FILE.png`:
// the plan's sites and spread surfaces on the atlas, rendered headless to a PNG.
#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace toxplan::cli {

struct RenderOptions {
  std::string plan_path;  // empty: the atlas alone
  std::string atlas_dir;
  std::string view = "anterior";
  std::string size = "1280x800";
  std::string out_path;
  bool spread = true;
  bool landmarks = false;
};

int run_render(const RenderOptions& options, std::ostream& out, std::ostream& err);
void add_render_command(CLI::App& app, int& exit_code);

}  // namespace toxplan::cli
