// The one checker of every image test (registered by toxplan_add_image_test in
// cmake/ToxplanImageTests.cmake, or called from a GoogleTest): the picture must show what its
// description says (support/image_content.h: each visible site's glyph, each spread surface,
// nothing where the plan has no site), the description must agree with the plan (how many
// sites, visible, with spread), and the picture must match its baseline in tests/baselines
// within a tight tolerance. On failure the actual image stays in the build's test-output folder
// so that a new baseline can be reviewed and copied.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "render/image_about.h"

namespace toxplan::test {

// llvmpipe on the same Debian draws the same pixels run after run (measured: mean 0.0 against
// the baselines for the atlas and PREEMPT renders; 0.07 and 0.07% of pixels for the window,
// whose status line shows the plan's path as given). The allowance is for that and another Mesa
// patch release, never for a missing site or surface, which the content checks catch anyway.
inline constexpr double kMaxMeanDifference = 0.5;       // 0..255, averaged over the image
inline constexpr double kMaxDifferingFraction = 0.002;  // pixels with a channel off by > 40

struct ImageExpectation {
  std::string baseline;  // name in tests/baselines (without .png); empty: no baseline
  std::optional<int> sites;
  std::optional<int> visible_sites;
  std::optional<int> sites_with_spread;
  double max_mean_difference = kMaxMeanDifference;
  double max_differing_fraction = kMaxDifferingFraction;
};

std::string baseline_path(const std::string& name);
// test-output/NAME.png under the current folder (created).
std::string output_path(const std::string& name);

// Every way `png` (described by `about`) fails `expected`; empty when it passes. `summary`
// (optional) receives what was measured.
std::vector<std::string> image_problems(const std::string& png, const render::ImageAbout& about,
                                        const ImageExpectation& expected,
                                        std::string* summary = nullptr);

// The same for a GoogleTest: each problem is a failure.
void expect_image(const std::string& png, const render::ImageAbout& about,
                  const ImageExpectation& expected);
// Reads the description written beside the picture (--about FILE).
void expect_image(const std::string& png, const std::string& about_path,
                  const ImageExpectation& expected);

}  // namespace toxplan::test
