// Setting up a scene for a picture test and drawing it: which structures it draws, and the
// picture as pixels.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "render/scene.h"
#include "render/snapshot.h"
#include "support/image_check.h"
#include "support/image_content.h"

namespace toxplan::test {

// Draws only the structures in `shown` (none: the sites and surfaces alone, over the background).
inline void show_only(render::Scene& scene, const std::vector<std::string>& shown = {}) {
  for (const anatomy::Structure& s : scene.atlas().structures()) {
    scene.set_structure_visible(s.id, std::find(shown.begin(), shown.end(), s.id) != shown.end());
  }
}

// Renders `scene` headless to test-output/NAME.png and reads it back; a failure is a test
// failure and gives an empty image.
inline RgbImage draw_scene(render::Scene& scene, int width, int height, const std::string& name) {
  const std::string path = output_path(name);
  const auto error = render::render_png(scene, width, height, path);
  EXPECT_FALSE(error.has_value()) << *error;
  std::string read_error;
  auto image = read_png_rgb(path, &read_error);
  EXPECT_TRUE(image) << read_error;
  return image ? *image : RgbImage{};
}

}  // namespace toxplan::test
