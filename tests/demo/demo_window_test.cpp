// Demo mode in the real window under Xvfb: `toxplan --demo SCRIPT` with scripted key presses
// (right arrow, Page Down: what a presentation clicker sends) moves through the steps.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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

const char* kScript = R"({
  "format": "toxplan-demo", "version": 1, "title": "Window test tour",
  "steps": [
    {"title": "Step one: the face", "caption": "From the front.", "camera": "anterior",
     "transition_s": 0},
    {"title": "Step two: the left side", "camera": "left", "transition_s": 0},
    {"title": "Step three: the temporalis", "caption": "Highlighted.",
     "camera": {"view": "left", "focus": "temporalis_L"}, "highlight": "temporalis_L",
     "transition_s": 0}
  ]
})";

}  // namespace

TEST(DemoWindow, KeyEventsAdvanceTheSteps) {
  const fs::path dir =
      fs::temp_directory_path() / ("toxplan_demo_window_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "tour.json") << kScript;
  const nlohmann::json keys = {{"events",
                                {{{"frame", 4}, {"type", "key"}, {"key", "right"}},
                                 {{"frame", 8}, {"type", "key"}, {"key", "page_down"}}}}};
  std::ofstream(dir / "keys.json") << keys.dump(2);
  const nlohmann::json none = {{"events", nlohmann::json::array()}};
  std::ofstream(dir / "none.json") << none.dump(2);

  const std::string common = " --demo " + (dir / "tour.json").string() + " --state-dir " +
                             (dir / "state").string() + " --size 1000x640";
  const fs::path step1 = dir / "step1.png";
  const fs::path step3 = dir / "step3.png";
  ASSERT_EQ(run_toxplan(common + " --events " + (dir / "none.json").string() +
                        " --frames 14 --screenshot " + step1.string()),
            0);
  ASSERT_EQ(run_toxplan(common + " --events " + (dir / "keys.json").string() +
                        " --frames 14 --screenshot " + step3.string()),
            0);
  std::string error;
  const auto d = render::compare_png_files(step1.string(), step3.string(), &error);
  ASSERT_TRUE(d) << error;
  EXPECT_GT(d->fraction_pixels_differing, 0.05)
      << "after two key presses the window should show step 3, not step 1: " << step1 << " "
      << step3;
  fs::remove_all(dir);
}
