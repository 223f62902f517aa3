// `toxplan atlas build`: runs a recipe (recipe.h) over a folder of source meshes and writes a
// Toxplan atlas (docs/atlas-format.md) with its build report (docs/atlas-build.md).
#pragma once

#include <functional>
#include <string>

#include "atlas_build/recipe.h"
#include "base/finding.h"

namespace toxplan::atlas_build {

struct BuildOptions {
  std::string sources_dir;
  std::string out_dir;
  // Called as each step starts ("read sources", "frame and landmarks", ...), with the step's
  // number and the count of steps, and as each structure of a long step is done (detail = its
  // id). From the builder's thread only.
  std::function<void(int step, int steps, const std::string& what, const std::string& detail)>
      progress;
};

// Writes the atlas into out_dir (created; files of an earlier build there are replaced, other
// files are left alone). False, with error findings naming the recipe entry, when a source is
// missing or unreadable, a structure cannot be closed within tolerance, or its side is wrong.
// Never throws for bad input.
bool build_atlas(const Recipe& recipe, const BuildOptions& options, Findings* findings);

}  // namespace toxplan::atlas_build
