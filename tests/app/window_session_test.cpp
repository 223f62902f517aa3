// The real window under Xvfb, driven by a scripted input sequence: open a plan, click the
// forehead to add a site, change its dose, undo and redo, save. The saved file is then checked
// field by field against what a physician did.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "anatomy/atlas.h"
#include "plan/plan_io.h"
#include "render/image_about.h"
#include "support/image_check.h"
#include "support/image_content.h"
#include "support/schematic_atlas.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

fs::path fresh_dir(const std::string& name) {
  return test::fresh_temp_dir("app_" + name);
}

// The window on the schematic atlas, which the fixture plans name (the window opens the default
// atlas unless told otherwise).
int run_toxplan(const std::string& args) {
  const std::string command = toxplan::test::toxplan_binary() + " --atlas " +
                              toxplan::test::schematic_atlas_dir() + " " + args;
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A point on the left forehead, over the frontalis: 55% of the way from the glabella to the
// hairline, 20 mm to the patient's left (x < 0 in RAS).
toxplan::Vec3 left_forehead(const anatomy::Atlas& atlas) {
  const anatomy::Landmark* g = atlas.landmark("glabella");
  const anatomy::Landmark* t = atlas.landmark("trichion");
  EXPECT_NE(g, nullptr);
  EXPECT_NE(t, nullptr);
  if (!g || !t) return {};
  toxplan::Vec3 p = g->position_mm + (t->position_mm - g->position_mm) * 0.55;
  p.x -= 20.0;
  // That point lies on the chord between two skin landmarks, inside the curved forehead: take
  // the skin point in front of it.
  const auto skin = atlas.cast_to_skin(p + toxplan::Vec3{0, 80, 0}, {0, -1, 0});
  EXPECT_TRUE(skin.has_value());
  return skin ? skin->point_mm : p;
}

}  // namespace

// Undo and redo are each checked by what they leave: the plan is saved right after the undo
// (the site back at its first 5 U) and again after the redo (7.5 U). Each save keeps the previous
// file as PLAN.bak, so after the second save the .bak holds the undone state and the file the
// redone one: a no-op undo leaves 7.5 U in the .bak, a no-op redo leaves 5 U in the file.
TEST(WindowSession, ClickForeheadEditDoseUndoRedoSave) {
  toxplan::Findings findings;
  const auto atlas = anatomy::Atlas::load(toxplan::test::schematic_atlas_dir(), &findings);
  ASSERT_TRUE(atlas);
  const fs::path dir = fresh_dir("session");
  const fs::path plan_path = dir / "plan.toxplan.json";
  fs::copy_file(toxplan::test::fixtures_dir() + "/plans/good.toxplan.json", plan_path);
  const plan::PlanLoadResult before = plan::load_plan_file(plan_path.string());
  ASSERT_TRUE(before.plan);

  const toxplan::Vec3 click = left_forehead(*atlas);
  const nlohmann::json script = {
      {"events",
       {
           {{"frame", 8}, {"type", "click_at_world"}, {"point", {click.x, click.y, click.z}}},
           {{"frame", 16}, {"type", "key"}, {"key", "d"}},
           {{"frame", 19}, {"type", "text"}, {"text", "7.5"}},
           {{"frame", 21}, {"type", "key"}, {"key", "enter"}},
           {{"frame", 26}, {"type", "key"}, {"key", "z"}, {"ctrl", true}},  // undo the dose
           {{"frame", 29}, {"type", "key"}, {"key", "s"}, {"ctrl", true}},  // save the undone
           {{"frame", 33}, {"type", "key"}, {"key", "z"}, {"ctrl", true}, {"shift", true}},
           {{"frame", 37}, {"type", "key"}, {"key", "s"}, {"ctrl", true}},  // save the redone
       }}};
  std::ofstream(dir / "events.json") << script.dump(2);

  const std::string screenshot = test::output_path("window_session");
  ASSERT_EQ(run_toxplan(plan_path.string() + " --events " + (dir / "events.json").string() +
                        " --frames 44 --state-dir " + (dir / "state").string() + " --screenshot " +
                        screenshot),
            0);

  // After the undo: the added site with the dose it was placed with (5 U in 0.1 mL).
  const plan::PlanLoadResult undone = plan::load_plan_file(plan_path.string() + ".bak");
  ASSERT_TRUE(undone.plan) << "no save after the undo: "
                           << (undone.findings.empty() ? "" : undone.findings.front().message);
  ASSERT_EQ(undone.plan->sites.size(), before.plan->sites.size() + 1)
      << "the save after the undo should hold the clicked site";
  EXPECT_EQ(undone.plan->sites.back().dose_units, 5.0) << "undo should restore the first 5 U";
  EXPECT_NEAR(undone.plan->sites.back().volume_ml, 0.1, 1e-9);

  // After the redo: the edited dose again.
  const plan::PlanLoadResult after = plan::load_plan_file(plan_path.string());
  ASSERT_TRUE(after.plan) << after.findings.front().message;
  const plan::Plan& p = *after.plan;
  ASSERT_EQ(p.sites.size(), before.plan->sites.size() + 1) << "the click did not add a site";
  for (std::size_t i = 0; i < before.plan->sites.size(); ++i) {
    EXPECT_EQ(p.sites[i], before.plan->sites[i]) << "existing site " << i << " changed";
  }
  const plan::Site& added = p.sites.back();
  EXPECT_EQ(added.id, undone.plan->sites.back().id);
  EXPECT_EQ(added.target_structure_id, "frontalis_L");
  EXPECT_EQ(added.dose_units, 7.5) << "redo should bring back the edited 7.5 U";
  EXPECT_NEAR(added.volume_ml, 0.15, 1e-9);  // 7.5 U at 5 U per 0.1 mL
  EXPECT_LT(toxplan::distance(added.entry_point_mm, click), 3.0);
  EXPECT_GT(added.depth_mm, 1.0);
  EXPECT_LT(added.depth_mm, 8.0);
  EXPECT_LT(added.needle_direction.y, -0.5) << "needle should point backward into the forehead";
  EXPECT_EQ(p.product, before.plan->product);
  EXPECT_EQ(p.dilution, before.plan->dilution);
  fs::remove_all(dir);
}

// The window's picture of the PREEMPT plan is the image test window_preempt
// (tests/CMakeLists.txt): its sites and spread surfaces where the plan puts them, and the
// baseline.

// An image test (cmake/ToxplanImageTests.cmake registers Image* suites): the picture of a
// refused plan shows the anatomy, no site, and the error dialog naming the file and the field.
TEST(ImageWindowErrors, RefusedPlanStillOpensTheWindowAndExitsCleanly) {
  const fs::path dir = fresh_dir("refused");
  const std::string out = test::output_path("window_refused_plan");
  const std::string about_path = (dir / "shot.about.json").string();
  const std::string plan = toxplan::test::fixtures_dir() + "/plans/bad-version-newer.toxplan.json";
  EXPECT_EQ(run_toxplan(plan + " --frames 3 --state-dir " + (dir / "state").string() +
                        " --screenshot " + out + " --about " + about_path),
            0)
      << "a refused plan is a message in the window, not a failed start";
  std::string error;
  const auto about = render::read_image_about(about_path, &error);
  ASSERT_TRUE(about) << error;
  const auto image = test::read_png_rgb(out, &error);
  ASSERT_TRUE(image) << error;

  // The message the window shows: which file, which field, what to do.
  std::string shown;
  for (const std::string& m : about->messages)
    shown += m + "\n";
  EXPECT_NE(shown.find("error: Cannot open " + plan), std::string::npos) << shown;
  EXPECT_NE(shown.find("field /version: plan format version 7 is newer than this build reads"),
            std::string::npos)
      << shown;
  EXPECT_NE(shown.find("open it with a newer Toxplan"), std::string::npos) << shown;

  // The picture: the error dialog is drawn, with its text...
  ASSERT_EQ(about->dialogs.size(), 1u) << "the error dialog is not on screen";
  const render::PixelRect& d = about->dialogs.front();
  EXPECT_GT(d.width, 300);
  EXPECT_GT(d.height, 60);
  int text_pixels = 0;
  for (int y = std::max(0, d.y); y < std::min(image->height, d.y + d.height); ++y) {
    for (int x = std::max(0, d.x); x < std::min(image->width, d.x + d.width); ++x) {
      const unsigned char* p = image->at(x, y);
      if (p[0] > 180 && p[1] > 180 && p[2] > 180) ++text_pixels;
    }
  }
  EXPECT_GT(text_pixels, 1000) << "the dialog at " << d.x << "," << d.y << " shows no text";
  // ... over the anatomy of an empty plan, with no site glyph anywhere in the view.
  EXPECT_TRUE(about->sites.empty());
  const double view_pixels = static_cast<double>(about->view.width) * about->view.height;
  EXPECT_GT(test::anatomy_pixels(*image, *about) / view_pixels, 0.1) << "the atlas is not drawn";
  EXPECT_EQ(test::site_coloured_pixels(*image, *about), 0) << "a site glyph is drawn";
  test::expect_image(out, *about, {"", 0, 0, 0});
  fs::remove_all(dir);
}

TEST(WindowErrors, BadEventScriptIsReportedWithItsField) {
  const fs::path dir = fresh_dir("badscript");
  std::ofstream(dir / "events.json") << R"({"events": [{"type": "teleport"}]})";
  const std::string log = (dir / "log.txt").string();
  const int code =
      run_toxplan("--events " + (dir / "events.json").string() + " --frames 2 --state-dir " +
                  (dir / "state").string() + " 2> " + log);
  EXPECT_EQ(code, 2);
  std::ifstream in(log);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("/events/0/type"), std::string::npos) << text;
  fs::remove_all(dir);
}

// A string where a number belongs ended the window with nlohmann's type_error (exit 134).
TEST(WindowErrors, EventScriptFieldOfTheWrongTypeIsReportedNotACrash) {
  const fs::path dir = fresh_dir("badscript_types");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"events": [{"frame": "x", "type": "key", "key": "d"}]})", "/events/0/frame"},
      {R"({"events": [{"frame": 5, "type": "click", "x": "a", "y": 3}]})", "/events/0/x"},
      {R"({"events": [{"frame": 5, "type": "key", "key": 7}]})", "/events/0/key"},
      {R"({"events": [{"frame": 5, "type": "click_at_world", "point": ["a", 0, 0]}]})",
       "/events/0/point"},
      {R"({"events": [{"frame": 1e12, "type": "key", "key": "d"}]})", "/events/0/frame"}};
  for (const auto& [script, field] : cases) {
    std::ofstream(dir / "events.json") << script;
    const std::string log = (dir / "log.txt").string();
    const int code =
        run_toxplan("--events " + (dir / "events.json").string() + " --frames 2 --state-dir " +
                    (dir / "state").string() + " 2> " + log);
    EXPECT_EQ(code, 2) << script;
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find(field), std::string::npos) << script << "\n" << text;
  }
  fs::remove_all(dir);
}

// The window saved a plan with errors without a word (issue 12 item 9). Ctrl+S on a plan over the
// 3-month limit asks "Save anyway / Cancel"; nothing is written until the answer, and Escape
// (Cancel) writes nothing.
TEST(WindowSession, SavingAPlanWithErrorsAsksFirst) {
  toxplan::Findings findings;
  const auto atlas = anatomy::Atlas::load(toxplan::test::schematic_atlas_dir(), &findings);
  ASSERT_TRUE(atlas);
  const fs::path dir = fresh_dir("save_errors");
  const fs::path plan_path = dir / "plan.toxplan.json";
  {
    std::ifstream in(test::fixtures_dir() + "/plans/good.toxplan.json");
    nlohmann::json plan = nlohmann::json::parse(in);
    plan["prior_units_last_3_months"] = 395;  // with this plan's units: over 400 U in 3 months
    std::ofstream(plan_path) << plan.dump(2);
  }
  const plan::PlanLoadResult before = plan::load_plan_file(plan_path.string());
  ASSERT_TRUE(before.plan);
  ASSERT_TRUE(toxplan::has_errors(before.findings));

  const toxplan::Vec3 click = left_forehead(*atlas);
  const nlohmann::json script = {
      {"events",
       {
           {{"frame", 8}, {"type", "click_at_world"}, {"point", {click.x, click.y, click.z}}},
           {{"frame", 16}, {"type", "key"}, {"key", "s"}, {"ctrl", true}},
           {{"frame", 24}, {"type", "key"}, {"key", "escape"}},
           {{"frame", 30}, {"type", "key"}, {"key", "s"}, {"ctrl", true}},
       }}};
  std::ofstream(dir / "events.json") << script.dump(2);
  const std::string screenshot = test::output_path("window_save_errors");
  ASSERT_EQ(run_toxplan(plan_path.string() + " --events " + (dir / "events.json").string() +
                        " --frames 40 --state-dir " + (dir / "state").string() + " --screenshot " +
                        screenshot),
            0);
  const plan::PlanLoadResult after = plan::load_plan_file(plan_path.string());
  ASSERT_TRUE(after.plan);
  EXPECT_EQ(after.plan->sites.size(), before.plan->sites.size())
      << "the plan with errors was saved without asking";
  EXPECT_FALSE(fs::exists(plan_path.string() + ".bak"));
  fs::remove_all(dir);
}
