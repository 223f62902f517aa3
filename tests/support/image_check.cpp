#include "support/image_check.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "render/image_compare.h"
#include "support/image_content.h"
#include "support/test_paths.h"

namespace toxplan::test {

std::string baseline_path(const std::string& name) {
  return source_dir() + "/tests/baselines/" + name + ".png";
}

std::string output_path(const std::string& name) {
  std::filesystem::create_directories("test-output");
  return (std::filesystem::current_path() / "test-output" / (name + ".png")).string();
}

namespace {

void expect_count(const char* what, const std::optional<int>& expected, int actual,
                  std::vector<std::string>* problems) {
  if (expected && *expected != actual) {
    problems->push_back(std::string("the picture's description has ") + std::to_string(actual) +
                        " " + what + ", the plan " + std::to_string(*expected));
  }
}

}  // namespace

std::vector<std::string> image_problems(const std::string& png, const render::ImageAbout& about,
                                        const ImageExpectation& expected, std::string* summary) {
  std::vector<std::string> problems;
  expect_count("sites", expected.sites, static_cast<int>(about.sites.size()), &problems);
  expect_count("visible sites", expected.visible_sites, about.visible_sites(), &problems);
  expect_count("sites with spread", expected.sites_with_spread, about.sites_with_spread(),
               &problems);
  std::string error;
  const auto image = read_png_rgb(png, &error);
  if (!image) {
    problems.push_back(error);
    return problems;
  }
  const ImageContent content = analyse_image(*image, about);
  problems.insert(problems.end(), content.problems.begin(), content.problems.end());
  std::ostringstream said;
  said << png << ": " << about.sites.size() << " site(s), " << about.visible_sites() << " visible, "
       << about.sites_with_spread() << " with spread; " << content.summary();
  if (!expected.baseline.empty()) {
    const std::string baseline = baseline_path(expected.baseline);
    if (!std::filesystem::exists(baseline)) {
      problems.push_back("no baseline " + baseline + "; review " + png +
                         " and copy it there if it is right");
    } else if (const auto diff = render::compare_png_files(png, baseline, &error)) {
      said << "; against " << expected.baseline << ": mean difference " << diff->mean_abs_difference
           << ", " << 100.0 * diff->fraction_pixels_differing << "% of pixels differ";
      if (diff->mean_abs_difference > expected.max_mean_difference ||
          diff->fraction_pixels_differing > expected.max_differing_fraction) {
        std::ostringstream p;
        p << png << " differs from " << baseline << ": mean difference "
          << diff->mean_abs_difference << " (at most " << expected.max_mean_difference << "), "
          << 100.0 * diff->fraction_pixels_differing << "% of pixels differ (at most "
          << 100.0 * expected.max_differing_fraction << "%)";
        problems.push_back(p.str());
      }
    } else {
      problems.push_back(error);
    }
  }
  if (summary) *summary = said.str();
  return problems;
}

void expect_image(const std::string& png, const render::ImageAbout& about,
                  const ImageExpectation& expected) {
  std::string summary;
  const auto problems = image_problems(png, about, expected, &summary);
  for (const std::string& p : problems)
    ADD_FAILURE() << p;
  if (!problems.empty()) ADD_FAILURE() << "measured: " << summary;
}

void expect_image(const std::string& png, const std::string& about_path,
                  const ImageExpectation& expected) {
  std::string error;
  const auto about = render::read_image_about(about_path, &error);
  ASSERT_TRUE(about) << error;
  expect_image(png, *about, expected);
}

}  // namespace toxplan::test
