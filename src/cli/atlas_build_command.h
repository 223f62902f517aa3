// `toxplan atlas build RECIPE --sources DIR --out DIR`: builds an atlas from segmented meshes
// (docs/atlas-build.md), showing each step, then checks what it wrote like `atlas check`.
#pragma once

#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace toxplan::cli {

// Exit code 0 when the atlas was built and checks without errors, 1 when the build or the
// check found errors (each printed with the recipe entry it concerns), 2 when the recipe
// cannot be read.
int run_atlas_build(const std::string& recipe_path, const std::string& sources_dir,
                    const std::string& out_dir, std::ostream& out, std::ostream& err);

void add_atlas_build_command(CLI::App& atlas, int& exit_code);

}  // namespace toxplan::cli
