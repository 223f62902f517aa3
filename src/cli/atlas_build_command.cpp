#include "cli/atlas_build_command.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "atlas_build/atlas_builder.h"
#include "atlas_build/recipe.h"
#include "cli/atlas_command.h"

namespace toxplan::cli {

namespace {

void print_findings(const Findings& findings, std::ostream& err) {
  for (const Finding& f : findings) {
    err << (f.severity == Severity::Error ? "error " : "warning ") << f.code << ": " << f.message
        << "\n";
  }
}

}  // namespace

int run_atlas_build(const std::string& recipe_path, const std::string& sources_dir,
                    const std::string& out_dir, std::ostream& out, std::ostream& err) {
  Findings findings;
  const std::optional<atlas_build::Recipe> recipe =
      atlas_build::read_recipe(recipe_path, &findings);
  if (!recipe) {
    print_findings(findings, err);
    return 2;
  }
  atlas_build::BuildOptions options;
  options.sources_dir = sources_dir;
  options.out_dir = out_dir;
  const auto start = std::chrono::steady_clock::now();
  auto last_step = std::make_shared<int>(0);
  options.progress = [&out, start, last_step](int step, int steps, const std::string& what,
                                              const std::string& detail) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (step != *last_step || detail.empty()) {
      out << "[" << step << "/" << steps << "] " << what << "  (" << std::fixed
          << std::setprecision(1) << seconds << " s)\n";
      *last_step = step;
    }
    if (!detail.empty()) out << "      " << detail << "\n";
    out.flush();
  };
  const bool built = atlas_build::build_atlas(*recipe, options, &findings);
  print_findings(findings, err);
  if (!built) {
    err << "atlas build failed: nothing usable was written to " << out_dir << "\n";
    return 1;
  }
  out << "built " << out_dir << "; checking it:\n";
  return run_atlas_check(out_dir, out, err) == 0 ? 0 : 1;
}

void add_atlas_build_command(CLI::App& atlas, int& exit_code) {
  struct Options {
    std::string recipe, sources, out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* build = atlas.add_subcommand(
      "build",
      "Build an atlas from segmented meshes (BodyParts3D) with a recipe (docs/atlas-build.md)");
  build->add_option("recipe", options->recipe, "Recipe file (JSON)")->required();
  build->add_option("--sources", options->sources, "Folder of source meshes (searched recursively)")
      ->required();
  build->add_option("--out", options->out, "Atlas folder to write")->required();
  build->callback([options, &exit_code]() {
    exit_code =
        run_atlas_build(options->recipe, options->sources, options->out, std::cout, std::cerr);
  });
}

}  // namespace toxplan::cli
