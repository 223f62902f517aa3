// The real window under Xvfb follows the plan's atlas (issue 16 item 2): started on a plan of the
// schematic atlas without --atlas it opens that atlas, and File > New plan on atlas > default
// moves the running window to the real default atlas, which it then draws and turns without
// ending the process.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "render/image_about.h"
#include "support/image_check.h"
#include "support/image_content.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

fs::path fresh_dir(const std::string& name) {
  return test::fresh_temp_dir("app_" + name);
}

int run(const std::string& args) {
  const int status = std::system((test::toxplan_binary() + " " + args).c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool has_message(const render::ImageAbout& about, const std::string& text) {
  return std::find(about.messages.begin(), about.messages.end(), text) != about.messages.end();
}

std::string schematic_plan() {
  return test::source_dir() + "/tests/fixtures/schematic/preempt-155.toxplan.json";
}

}  // namespace

TEST(WindowAtlas, StartsOnTheAtlasThePlanNames) {
  const fs::path dir = fresh_dir("window_atlas_start");
  const std::string shot = test::output_path("window_atlas_start");
  const std::string about_path = (dir / "about.json").string();
  ASSERT_EQ(run(schematic_plan() + " --frames 3 --state-dir " + (dir / "state").string() +
                " --screenshot " + shot + " --about " + about_path),
            0);
  std::string error;
  const auto about = render::read_image_about(about_path, &error);
  ASSERT_TRUE(about) << error;
  EXPECT_TRUE(has_message(*about, "atlas: schematic"));
  EXPECT_EQ(about->sites.size(), 31u);
  fs::remove_all(dir);
}

// The menu's places in the 1280x800 window: File, then "New plan on atlas" (second item), then
// the submenu's lines in id order (block, default, schematic).
TEST(WindowAtlas, NewPlanOnAnotherAtlasMovesTheWindowThere) {
  const fs::path dir = fresh_dir("window_atlas_switch");
  const nlohmann::json script = {
      {"events",
       {{{"frame", 3}, {"type", "click"}, {"x", 25}, {"y", 10}},
        {{"frame", 6}, {"type", "mouse_move"}, {"x", 60}, {"y", 50}},
        {{"frame", 9}, {"type", "mouse_move"}, {"x", 90}, {"y", 51}},
        {{"frame", 12}, {"type", "mouse_move"}, {"x", 400}, {"y", 68}},
        {{"frame", 15}, {"type", "click"}, {"x", 400}, {"y", 68}},
        // Turning the new atlas's view: the viewport draws the new scene, moving and still.
        {{"frame", 24}, {"type", "drag"}, {"x", 570}, {"y", 400}, {"dx", 120}, {"dy", 10}}}}};
  const fs::path events = dir / "events.json";
  std::ofstream(events) << script.dump();
  const std::string shot = test::output_path("window_atlas_switch");
  const std::string about_path = (dir / "about.json").string();
  ASSERT_EQ(run(schematic_plan() + " --events " + events.string() + " --frames 40 --state-dir " +
                (dir / "state").string() + " --screenshot " + shot + " --about " + about_path),
            0);
  std::string error;
  const auto about = render::read_image_about(about_path, &error);
  ASSERT_TRUE(about) << error;
  EXPECT_TRUE(has_message(*about, "atlas: default"));
  EXPECT_TRUE(has_message(*about, "status: New plan on atlas default"));
  EXPECT_TRUE(about->sites.empty()) << "the new plan on the new atlas is empty";
  // The 3D view shows the real atlas: plenty of warm (muscle) and light (bone) pixels.
  const auto image = test::read_png_rgb(shot, &error);
  ASSERT_TRUE(image) << error;
  int anatomy = 0;
  for (int y = 100; y < 700; y += 4)
    for (int x = 320; x < 820; x += 4) {
      const unsigned char* p = image->at(x, y);
      anatomy += p[0] > 120 && p[0] > p[2] + 20;
    }
  EXPECT_GT(anatomy, 2000) << "the view does not show the anatomy after the switch";
  fs::remove_all(dir);
}
