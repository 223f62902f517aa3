#include "cli/render_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "anatomy/atlas.h"
#include "cli/atlas_loading.h"
#include "cli/image_size_option.h"
#include "cli/plan_scene.h"
#include "cli/simulation_refusal.h"
#include "plan/plan_io.h"
#include "render/image_about.h"
#include "render/scene_meshes.h"
#include "render/snapshot.h"

namespace toxplan::cli {

int run_render(const RenderOptions& options, std::ostream& out, std::ostream& err) {
  int width = 0;
  int height = 0;
  if (auto error = read_image_size("render", "--size", options.size, &width, &height)) {
    err << *error << "\n";
    return 2;
  }
  const auto view = anatomy::view_from_name(options.view);
  if (!view) {
    err << "render: unknown --view \"" << options.view
        << "\"; use anterior, posterior, left, right, superior or oblique\n";
    return 2;
  }
  if (auto no_display = render::missing_display_message()) {  // before any slow work
    err << "render: " << *no_display << "\n";
    return 2;
  }
  std::optional<plan::Plan> plan;
  if (!options.plan_path.empty()) {
    plan::PlanLoadResult loaded = plan::load_plan_file(options.plan_path);
    if (!loaded.plan) {
      for (const Finding& f : loaded.findings)
        err << f.message << "\n";
      return 2;
    }
    if (options.spread) {
      if (auto refusal =
              simulation_refusal("render", options.plan_path, *loaded.plan, loaded.findings)) {
        err << *refusal << "render: nothing written; --no-spread renders the sites alone\n";
        return 1;
      }
    }
    plan = std::move(loaded.plan);
  }
  // The atlas the plan was made on (the default atlas when there is no plan).
  const auto atlas =
      load_plan_atlas_or_explain(options.atlas_dir, plan ? plan->atlas_id : "", "render", err);
  if (!atlas) return 2;
  render::Scene scene(*atlas);
  if (options.spread_field) scene.set_spread_colouring(render::Scene::SpreadColouring::ByField);
  if (options.plan_field) scene.set_spread_colouring(render::Scene::SpreadColouring::PlanField);
  if (plan) show_plan(scene, *plan, atlas, options.spread);
  scene.set_landmarks_visible(options.landmarks);
  scene.set_view(*view);
  if (auto error = render::render_png(scene, width, height, options.out_path)) {
    err << "render: " << *error << "\n";
    return 1;
  }
  if (!options.meshes_path.empty()) {
    if (auto error = render::write_scene_meshes_ply(scene, options.meshes_path)) {
      err << "render: " << *error << "\n";
      return 1;
    }
  }
  if (!options.about_path.empty()) {
    const auto about = render::describe_scene(scene, {0, 0, width, height}, width, height);
    if (auto error = render::write_image_about(about, options.about_path)) {
      err << "render: " << *error << "\n";
      return 1;
    }
  }
  out << "wrote " << options.out_path << " (" << width << "x" << height << ", " << options.view
      << " view)\n";
  return 0;
}

void add_render_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RenderOptions>();
  CLI::App* cmd = app.add_subcommand(
      "render", "Render a plan (sites and spread surfaces) on the atlas to a PNG, headless");
  cmd->add_option("plan", options->plan_path, "Plan file; omit to render the atlas alone");
  cmd->add_option("--atlas", options->atlas_dir,
                  "Atlas folder (default: the shipped atlas the plan names)");
  cmd->add_option("--view", options->view, "anterior, posterior, left, right, superior or oblique");
  cmd->add_option("--size", options->size, "Image size, WIDTHxHEIGHT (default 1280x800)");
  cmd->add_option("--out", options->out_path, "PNG file to write")->required();
  cmd->add_option("--about", options->about_path,
                  "Also write where each site lands in the picture (JSON, for image tests)");
  cmd->add_option("--meshes", options->meshes_path,
                  "Also write every surface drawn, placed and merged into one binary PLY with its "
                  "colours (to draw the same picture in another viewer)");
  cmd->add_flag("!--no-spread", options->spread, "Do not simulate or draw spread surfaces");
  cmd->add_flag("--spread-field", options->spread_field,
                "Draw the spread as a field: surfaces at 1, 2 and 4 times the threshold coloured "
                "by bound toxin, with a legend in U/cm3");
  cmd->add_flag("--plan-field", options->plan_field,
                "Draw the plan's combined field (the sites' fields summed, so that overlapping "
                "sites add up) at 1, 2 and 4 times the threshold, with a legend in U/cm3");
  cmd->add_flag("--landmarks", options->landmarks, "Show landmark labels");
  cmd->callback(
      [options, &exit_code]() { exit_code = run_render(*options, std::cout, std::cerr); });
}

}  // namespace toxplan::cli
