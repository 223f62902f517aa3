// Demo mode in the real window under Xvfb: `toxplan --demo SCRIPT` with scripted key presses
// (right arrow, Page Down: what a presentation clicker sends) moves through the steps.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "render/image_compare.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

int run_toxplan(const std::string& args) {
  const std::string command = toxplan::test::toxplan_binary() + " " + args;
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Four steps that look different from each other (camera, focus, highlight, title), so that a
// screenshot tells which step the window shows.
const char* kScript = R"({
  "format": "toxplan-demo", "version": 1, "title": "Window test tour",
  "steps": [
    {"title": "Step one: the face", "caption": "From the front.", "camera": "anterior",
     "transition_s": 0},
    {"title": "Step two: the left side", "camera": "left", "transition_s": 0},
    {"title": "Step three: the temporalis", "caption": "Highlighted.",
     "camera": {"view": "left", "focus": "temporalis_L"}, "highlight": "temporalis_L",
     "transition_s": 0},
    {"title": "Step four: the back of the neck", "camera": "posterior", "transition_s": 0}
  ]
})";

struct Shot {
  fs::path png;
  std::string keys;  // for messages
};

render::ImageDifference difference(const Shot& a, const Shot& b) {
  std::string error;
  const auto d = render::compare_png_files(a.png.string(), b.png.string(), &error);
  EXPECT_TRUE(d) << error;
  return d.value_or(render::ImageDifference{});
}

}  // namespace

// Each key is checked by the step it leaves on screen: Right from step 1 shows step 2, and
// Page Down (what a presentation clicker sends) from step 2 shows exactly what two presses of
// Right show, step 3: not step 2 (a dead Page Down) and not step 4 or step 1 (a wrong one).
TEST(DemoWindow, RightAndPageDownEachAdvanceOneStep) {
  const fs::path dir =
      fs::temp_directory_path() / ("toxplan_demo_window_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "tour.json") << kScript;
  const std::string common = " --demo " + (dir / "tour.json").string() + " --state-dir " +
                             (dir / "state").string() + " --size 1000x640";
  // The same frames in every run: keys at frames 4 and 8, the screenshot at frame 14.
  auto shoot = [&](const std::string& name, const std::vector<std::string>& keys) {
    nlohmann::json events = nlohmann::json::array();
    std::string names;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      events.push_back({{"frame", 4 + 4 * static_cast<int>(i)}, {"type", "key"}, {"key", keys[i]}});
      names += (names.empty() ? "" : ", ") + keys[i];
    }
    const fs::path events_path = dir / (name + ".events.json");
    std::ofstream(events_path) << nlohmann::json{{"events", events}}.dump(2);
    Shot shot{dir / (name + ".png"), names.empty() ? "no key" : names};
    EXPECT_EQ(run_toxplan(common + " --events " + events_path.string() +
                          " --frames 14 --screenshot " + shot.png.string()),
              0)
        << shot.keys;
    return shot;
  };
  const Shot step1 = shoot("none", {});
  const Shot step2 = shoot("right", {"right"});
  const Shot step3 = shoot("right_right", {"right", "right"});
  const Shot page_down = shoot("right_page_down", {"right", "page_down"});
  if (HasFailure()) return;

  EXPECT_GT(difference(step1, step2).fraction_pixels_differing, 0.05)
      << "Right should move from step 1 to step 2: " << step1.png << " " << step2.png;
  EXPECT_GT(difference(step2, step3).fraction_pixels_differing, 0.05)
      << "a second Right should move from step 2 to step 3: " << step2.png << " " << step3.png;
  EXPECT_GT(difference(step2, page_down).fraction_pixels_differing, 0.05)
      << "Page Down after Right should leave step 2: " << step2.png << " " << page_down.png;
  const render::ImageDifference same = difference(step3, page_down);
  EXPECT_LT(same.fraction_pixels_differing, 0.002)
      << "Page Down after Right should show step 3, as Right, Right does: " << step3.png << " "
      << page_down.png;
  EXPECT_LT(same.mean_abs_difference, 0.5);
  if (!HasFailure()) fs::remove_all(dir);
}
