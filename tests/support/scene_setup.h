// Setting up a scene for a picture test: which structures it draws.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "render/scene.h"

namespace toxplan::test {

// Draws only the structures in `shown` (none: the sites and surfaces alone, over the background).
inline void show_only(render::Scene& scene, const std::vector<std::string>& shown = {}) {
  for (const anatomy::Structure& s : scene.atlas().structures()) {
    scene.set_structure_visible(s.id, std::find(shown.begin(), shown.end(), s.id) != shown.end());
  }
}

}  // namespace toxplan::test
