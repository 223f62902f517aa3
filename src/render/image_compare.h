// Comparing rendered images with a tolerance (software rendering differs slightly between
// machines, so pixel equality would be a flaky test).
#pragma once

#include <optional>
#include <string>

namespace toxplan::render {

struct ImageDifference {
  int width = 0;
  int height = 0;
  double mean_abs_difference = 0.0;        // 0..255, averaged over pixels and RGB channels
  double fraction_pixels_differing = 0.0;  // pixels whose largest channel difference > 40
};

// Compares two PNG files. Returns nothing (and sets error) if either cannot be read or their
// sizes differ.
std::optional<ImageDifference> compare_png_files(const std::string& a, const std::string& b,
                                                 std::string* error);

}  // namespace toxplan::render
