// Issue 12, item 2, in the real window: every action that replaces the open plan asks first when
// it has unsaved changes (Save / Discard / Cancel, one prompt shared with Quit), and no shortcut
// acts on the plan behind a dialog. Each session edits the cervical dystonia example (left view,
// click the left sternocleidomastoid site, D 25 Enter: 30 U -> 25 U), then does what a user did
// when work was lost; the files on disk say what happened.
#include <gtest/gtest.h>

#include <filesystem>

#include "plan/plan_io.h"
#include "session/recovery.h"
#include "support/image_check.h"
#include "support/window_run.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

const char* const kSite = "sternocleidomastoid_L";

std::string example_path() {
  return test::source_dir() + "/plans/cervical-dystonia-example.toxplan.json";
}

toxplan::Vec3 site_entry(const std::string& plan_path, const std::string& id) {
  const plan::PlanLoadResult loaded = plan::load_plan_file(plan_path);
  EXPECT_TRUE(loaded.plan);
  const plan::Site* s = loaded.plan ? loaded.plan->find_site(id) : nullptr;
  EXPECT_NE(s, nullptr) << id;
  return s ? s->entry_point_mm : toxplan::Vec3{};
}

// Left view, click the site, D 25 Enter: the plan is modified by frame 24.
nlohmann::json edit_dose_events(const toxplan::Vec3& entry) {
  return nlohmann::json::array({test::key_event(6, "3"), test::click_at_world_event(10, entry),
                                test::key_event(18, "d"), test::text_event(21, "25"),
                                test::key_event(23, "enter")});
}

double dose_in_file(const fs::path& path, const std::string& id) {
  const plan::PlanLoadResult loaded = plan::load_plan_file(path.string());
  EXPECT_TRUE(loaded.plan) << path;
  const plan::Site* s = loaded.plan ? loaded.plan->find_site(id) : nullptr;
  EXPECT_NE(s, nullptr) << id << " in " << path;
  return s ? s->dose_units : -1.0;
}

struct Session {
  fs::path dir;
  fs::path plan_path;
  std::string original_text;
};

Session start_session(const std::string& name) {
  Session s;
  s.dir = test::fresh_window_dir(name);
  s.plan_path = s.dir / "cd.toxplan.json";
  fs::copy_file(example_path(), s.plan_path);
  s.original_text = test::read_text(s.plan_path);
  return s;
}

// Runs the window in the session folder (Save As offers plan.toxplan.json there).
int run_window(const Session& s, const nlohmann::json& events, const std::string& screenshot,
               int frames) {
  return test::run_toxplan(s.plan_path.string() + " --events " + test::write_events(s.dir, events) +
                           " --frames " + std::to_string(frames) + " --state-dir " +
                           (s.dir / "state").string() + " --screenshot " + screenshot);
}

}  // namespace

TEST(UnsavedChanges, NewAsksAndCancelKeepsTheEdit) {
  const Session s = start_session("new_cancel");
  nlohmann::json events = edit_dose_events(site_entry(s.plan_path.string(), kSite));
  events.push_back(test::key_event(28, "n", /*ctrl=*/true));  // the prompt appears
  events.push_back(test::key_event(34, "escape"));            // Cancel
  events.push_back(test::key_event(40, "s", /*ctrl=*/true));  // save what the window holds
  ASSERT_EQ(run_window(s, events, test::output_path("unsaved_new_cancel"), 50), 0);
  EXPECT_EQ(dose_in_file(s.plan_path, kSite), 25.0)
      << "Ctrl+N threw the edit away (or Cancel did not keep it)";
  fs::remove_all(s.dir);
}

TEST(UnsavedChanges, NewAsksAndDiscardGivesAnEmptyPlanAndKeepsACopy) {
  const Session s = start_session("new_discard");
  nlohmann::json events = edit_dose_events(site_entry(s.plan_path.string(), kSite));
  events.push_back(test::key_event(28, "n", /*ctrl=*/true));
  events.push_back(test::key_event(34, "d"));                 // Discard
  events.push_back(test::key_event(40, "s", /*ctrl=*/true));  // a new plan: Save As opens
  events.push_back(test::key_event(46, "enter"));             // its default name, plan.toxplan.json
  const std::string command =
      "cd " + s.dir.string() + " && " + test::toxplan_binary() + " " + s.plan_path.string() +
      " --events " + test::write_events(s.dir, events) + " --frames 56 --state-dir " +
      (s.dir / "state").string() + " --screenshot " + test::output_path("unsaved_new_discard");
  ASSERT_EQ(WEXITSTATUS(std::system(command.c_str())), 0);

  EXPECT_EQ(test::read_text(s.plan_path), s.original_text) << "the discarded edit was saved";
  const plan::PlanLoadResult fresh = plan::load_plan_file((s.dir / "plan.toxplan.json").string());
  ASSERT_TRUE(fresh.plan) << "the new plan was not saved where Save As offered";
  EXPECT_TRUE(fresh.plan->sites.empty()) << "Discard + New did not give an empty plan";
  // The discarded plan is kept, with the edit, in the state folder.
  const session::Recovery recovery((s.dir / "state").string());
  std::vector<fs::path> copies;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(recovery.discarded_dir(), ec))
    copies.push_back(e.path());
  ASSERT_EQ(copies.size(), 1u) << "no copy of the discarded plan";
  EXPECT_EQ(copies[0].filename().string().rfind("cd-", 0), 0u) << copies[0];
  EXPECT_EQ(dose_in_file(copies[0], kSite), 25.0);
  fs::remove_all(s.dir);
}

TEST(UnsavedChanges, OpenAsksAndCancelKeepsThePlanOpen) {
  const Session s = start_session("open_cancel");
  const fs::path other = s.dir / "other.toxplan.json";
  fs::copy_file(test::source_dir() + "/plans/preempt-155.toxplan.json", other);
  const std::string other_text = test::read_text(other);
  nlohmann::json events = edit_dose_events(site_entry(s.plan_path.string(), kSite));
  events.push_back(test::key_event(28, "o", /*ctrl=*/true));
  events.push_back(test::text_event(32, other.string()));
  events.push_back(test::key_event(35, "enter"));             // Open: the prompt appears
  events.push_back(test::key_event(41, "escape"));            // Cancel
  events.push_back(test::key_event(47, "s", /*ctrl=*/true));  // saves the plan still open
  ASSERT_EQ(run_window(s, events, test::output_path("unsaved_open_cancel"), 56), 0);
  EXPECT_EQ(dose_in_file(s.plan_path, kSite), 25.0)
      << "Open replaced the edited plan without asking (or Cancel did not keep it)";
  EXPECT_EQ(test::read_text(other), other_text);
  EXPECT_FALSE(fs::exists(other.string() + ".bak")) << "the other plan was opened and saved";
  fs::remove_all(s.dir);
}

TEST(UnsavedChanges, OpenPromptSaveSavesThenOpens) {
  const Session s = start_session("open_save");
  const fs::path other = s.dir / "other.toxplan.json";
  fs::copy_file(test::source_dir() + "/plans/preempt-155.toxplan.json", other);
  const std::string other_text = test::read_text(other);
  nlohmann::json events = edit_dose_events(site_entry(s.plan_path.string(), kSite));
  events.push_back(test::key_event(28, "o", /*ctrl=*/true));
  events.push_back(test::text_event(32, other.string()));
  events.push_back(test::key_event(35, "enter"));             // Open: the prompt appears
  events.push_back(test::key_event(41, "enter"));             // Save
  events.push_back(test::key_event(47, "s", /*ctrl=*/true));  // saves the plan now open
  ASSERT_EQ(run_window(s, events, test::output_path("unsaved_open_save"), 56), 0);
  EXPECT_EQ(dose_in_file(s.plan_path, kSite), 25.0) << "Save in the prompt did not save";
  // The second save went to the plan opened after it: unchanged content, previous version kept.
  EXPECT_EQ(test::read_text(other), other_text);
  EXPECT_EQ(test::read_text(other.string() + ".bak"), other_text)
      << "the other plan was not opened after the save";
  fs::remove_all(s.dir);
}

TEST(ModalDialogs, CtrlSBehindTheRecoveryOfferNeitherSavesNorDeletesTheCopy) {
  const Session s = start_session("recover_ctrl_s");
  // A recovery copy left by a session that did not end cleanly: the CD plan with 25 U.
  plan::Plan edited = *plan::load_plan_file(s.plan_path.string()).plan;
  edited.sites.front().dose_units = 25.0;
  session::Recovery recovery((s.dir / "state").string());
  recovery.write_now(edited, s.plan_path.string());
  ASSERT_TRUE(recovery.pending());
  const std::string recovery_text = test::read_text(recovery.plan_path());

  const nlohmann::json events = nlohmann::json::array({test::key_event(8, "s", /*ctrl=*/true)});
  const std::string screenshot = test::output_path("recover_offer_ctrl_s");
  ASSERT_EQ(run_window(s, events, screenshot, 24), 0);
  EXPECT_EQ(test::read_text(s.plan_path), s.original_text) << "Ctrl+S behind the offer saved";
  EXPECT_FALSE(fs::exists(s.plan_path.string() + ".bak")) << "Ctrl+S behind the offer saved";
  ASSERT_TRUE(recovery.pending()) << "the recovery copy was deleted behind the offer";
  EXPECT_EQ(test::read_text(recovery.plan_path()), recovery_text);
  fs::remove_all(s.dir);
}
