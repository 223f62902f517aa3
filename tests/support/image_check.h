// Image tests in the F3D manner: compare with a baseline PNG under a tolerance, and write the
// actual image next to the build whenever the baseline is missing or the comparison fails, so a
// new baseline can be reviewed and copied into tests/baselines.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "render/image_compare.h"
#include "support/test_paths.h"

namespace toxplan::test {

inline std::string baseline_path(const std::string& name) {
  return fixtures_dir() + "/../baselines/" + name + ".png";
}

inline std::string output_path(const std::string& name) {
  std::filesystem::create_directories("test-output");
  return (std::filesystem::current_path() / "test-output" / (name + ".png")).string();
}

// Mean absolute difference (0-255) and the share of clearly different pixels allowed between
// llvmpipe runs on different machines.
inline constexpr double kMaxMeanDifference = 6.0;
inline constexpr double kMaxDifferingFraction = 0.03;

inline void expect_matches_baseline(const std::string& actual, const std::string& name) {
  const std::string baseline = baseline_path(name);
  if (!std::filesystem::exists(baseline)) {
    ADD_FAILURE() << "no baseline " << baseline << "; review " << actual
                  << " and copy it there if it is right";
    return;
  }
  std::string error;
  const auto diff = render::compare_png_files(actual, baseline, &error);
  ASSERT_TRUE(diff.has_value()) << error;
  EXPECT_LE(diff->mean_abs_difference, kMaxMeanDifference)
      << name << ": actual image " << actual << " differs from " << baseline;
  EXPECT_LE(diff->fraction_pixels_differing, kMaxDifferingFraction)
      << name << ": actual image " << actual << " differs from " << baseline;
}

}  // namespace toxplan::test
