// `toxplan render PLAN [--atlas DIR] [--view NAME] [--size WxH] [--no-spread | --spread-field]
// --out FILE.png
// [--about FILE.json]`: the plan's sites and spread surfaces on the atlas, rendered headless to
// a PNG (and, for image tests, where each site lands in it).
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
  std::string about_path;   // also describe the picture (render/image_about.h) for image tests
  std::string meshes_path;  // --meshes: every surface drawn, merged into one PLY
  bool spread = true;
  bool spread_field = false;  // --spread-field: the field view (nested levels, legend)
  bool plan_field = false;    // --plan-field: the plan's combined field, same levels
  bool landmarks = false;
};

int run_render(const RenderOptions& options, std::ostream& out, std::ostream& err);
void add_render_command(CLI::App& app, int& exit_code);

}  // namespace toxplan::cli
