// A practice attempt in the real window: start practice on PREEMPT, click three of its sites on
// the forehead, press K (Check); the attempt is scored against the hidden reference and kept in
// the trainee's history, with the matches and misses a trainee can act on.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "anatomy/atlas.h"
#include "practice/attempt_history.h"
#include "protocol/protocol.h"
#include "protocol/protocol_placement.h"
#include "support/image_check.h"
#include "support/test_paths.h"

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>

namespace fs = std::filesystem;
using namespace toxplan;

TEST(PracticeSession, ClickedSitesAreScoredAndKeptInTheHistory) {
  toxplan::Findings findings;
  const auto atlas = anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
  ASSERT_TRUE(atlas);
  const auto protocol = protocol::find_protocol("preempt-155", protocol::protocols_dir());
  ASSERT_TRUE(protocol.protocol);
  const plan::Plan reference = protocol::apply_protocol(*protocol.protocol, *atlas, false).plan;

  const fs::path dir =
      fs::temp_directory_path() / ("toxplan_practice_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  nlohmann::json events = nlohmann::json::array();
  int frame = 8;
  for (const char* id : {"frontalis_L_medial", "frontalis_R_medial", "procerus"}) {
    const plan::Site* s = reference.find_site(id);
    ASSERT_NE(s, nullptr) << id;
    const toxplan::Vec3 p = s->entry_point_mm;
    events.push_back({{"frame", frame}, {"type", "click_at_world"}, {"point", {p.x, p.y, p.z}}});
    frame += 6;
  }
  events.push_back({{"frame", frame + 4}, {"type", "key"}, {"key", "k"}});
  std::ofstream(dir / "events.json") << nlohmann::json{{"events", events}}.dump(2);

  const std::string screenshot = test::output_path("practice_checked");
  const std::string command =
      toxplan::test::toxplan_binary() +
      " --practice preempt-155 --trainee 'Test Trainee' --state-dir " + (dir / "state").string() +
      " --events " + (dir / "events.json").string() + " --frames 40 --screenshot " + screenshot;
  ASSERT_EQ(WEXITSTATUS(std::system(command.c_str())), 0);

  const std::string history_file =
      practice::history_path((dir / "state" / "practice").string(), "Test Trainee");
  const practice::HistoryLoadResult history =
      practice::load_attempt_history(history_file, "Test Trainee");
  ASSERT_TRUE(history.history.has_value()) << history.error;
  ASSERT_EQ(history.history->attempts.size(), 1u) << "Check did not record the attempt";
  const practice::AttemptRecord& attempt = history.history->attempts[0];
  EXPECT_EQ(attempt.protocol_id, "preempt-155");
  EXPECT_EQ(attempt.counts.placed_sites, 3);
  EXPECT_EQ(attempt.counts.reference_sites, 31);
  EXPECT_EQ(attempt.counts.matched_sites, 3);
  EXPECT_EQ(attempt.counts.missed_sites, 28);
  EXPECT_EQ(attempt.counts.wrong_side_sites, 0);
  EXPECT_LT(attempt.mean_position_error_mm, 5.0) << "clicked on the reference entry points";
  // 28 of 31 sites missed cost 28 site shares (docs/scoring.md): at most 3 shares are left.
  EXPECT_GE(attempt.score, 0.0);
  EXPECT_LE(attempt.score, 3.0 * 100.0 / 31.0 + 1e-9);
  EXPECT_TRUE(fs::exists(screenshot));
  fs::remove_all(dir);
}

namespace {

struct WindowRun {
  int exit_code = -1;
  std::string log;  // stderr
};

WindowRun run_practice(const fs::path& dir, const std::string& protocol,
                       const nlohmann::json& events, int frames) {
  std::ofstream(dir / "events.json") << nlohmann::json{{"events", events}}.dump(2);
  const std::string log = (dir / "log.txt").string();
  const std::string command = test::toxplan_binary() + " --practice " + protocol +
                              " --trainee 'Test Trainee' --state-dir " + (dir / "state").string() +
                              " --events " + (dir / "events.json").string() + " --frames " +
                              std::to_string(frames) + " 2> " + log;
  WindowRun r;
  r.exit_code = WEXITSTATUS(std::system(command.c_str()));
  std::ifstream in(log);
  r.log.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return r;
}

practice::HistoryLoadResult history_of(const fs::path& dir) {
  return practice::load_attempt_history(
      practice::history_path((dir / "state" / "practice").string(), "Test Trainee"),
      "Test Trainee");
}

}  // namespace

// Issue 12 item 8: an exact copy of the reference (the shipped PREEMPT plan, opened with Ctrl+O
// during practice) scores 100 at Check, as `toxplan score` gives it. Check comes late, when the
// window's own spread view is long current: the window used to count the flags the reference
// itself raises against the trainee then (88), and not before it was current.
TEST(PracticeSession, ExactCopyOfTheReferenceScores100) {
  const fs::path dir =
      fs::temp_directory_path() / ("toxplan_practice_copy_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string plan = test::source_dir() + "/plans/preempt-155.toxplan.json";
  const nlohmann::json events = {
      {{"frame", 8}, {"type", "key"}, {"key", "o"}, {"ctrl", true}},
      {{"frame", 14}, {"type", "text"}, {"text", plan}},
      {{"frame", 18}, {"type", "key"}, {"key", "enter"}},
      {{"frame", 300}, {"type", "key"}, {"key", "k"}},
  };
  const WindowRun r = run_practice(dir, "preempt-155", events, 310);
  ASSERT_EQ(r.exit_code, 0) << r.log;
  const practice::HistoryLoadResult history = history_of(dir);
  ASSERT_TRUE(history.history.has_value()) << history.error;
  ASSERT_EQ(history.history->attempts.size(), 1u);
  const practice::AttemptRecord& attempt = history.history->attempts[0];
  EXPECT_EQ(attempt.counts.placed_sites, 31);
  EXPECT_EQ(attempt.counts.matched_sites, 31);
  EXPECT_EQ(attempt.score, 100.0);
  fs::remove_all(dir);
}

// Issue 12 item 8: the cervical dystonia template has no fixed sites; practice on it is refused
// with the reason instead of showing "Placed 1 of 0 sites" and scoring 50.
TEST(PracticeSession, CervicalDystoniaTemplateIsRefusedWithTheReason) {
  const fs::path dir =
      fs::temp_directory_path() / ("toxplan_practice_cd_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const nlohmann::json events = {
      {{"frame", 8}, {"type", "click_at_world"}, {"point", {-20.0, 96.5, 66.0}}},
      {{"frame", 16}, {"type", "key"}, {"key", "k"}},
  };
  const WindowRun r = run_practice(dir, "cervical-dystonia", events, 24);
  EXPECT_EQ(r.exit_code, 0) << r.log;
  EXPECT_NE(r.log.find("cervical-dystonia"), std::string::npos) << r.log;
  EXPECT_NE(r.log.find("has no fixed sites"), std::string::npos) << r.log;
  const practice::HistoryLoadResult history = history_of(dir);
  EXPECT_TRUE(!history.history || history.history->attempts.empty())
      << "an attempt was scored against a template without fixed sites";
  fs::remove_all(dir);
}

namespace {

// Pixels of the practice dialog's refusal colour (ImVec4(1, 0.5, 0.4, 1)) in a screenshot.
int refusal_coloured_pixels(const std::string& png) {
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(png.c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  int dims[3] = {0, 0, 0};
  image->GetDimensions(dims);
  if (image->GetNumberOfScalarComponents() < 3) return 0;
  int count = 0;
  for (int y = 0; y < dims[1]; ++y) {
    for (int x = 0; x < dims[0]; ++x) {
      const double r = image->GetScalarComponentAsDouble(x, y, 0, 0);
      const double g = image->GetScalarComponentAsDouble(x, y, 0, 1);
      const double b = image->GetScalarComponentAsDouble(x, y, 0, 2);
      if (r > 235 && std::abs(g - 128) < 20 && std::abs(b - 102) < 20) ++count;
    }
  }
  return count;
}

}  // namespace

// Issue 12 item 8: Practice > Start practice... with the cervical dystonia template keeps the
// dialog open and says why (it used to start a practice of 0 sites). Menu, item, protocol list,
// its first entry (cervical-dystonia) and Start are clicked where the 1280x800 window draws them.
TEST(PracticeSession, StartDialogRefusesTheCervicalDystoniaTemplateWithTheReason) {
  const fs::path dir =
      fs::temp_directory_path() / ("toxplan_practice_dialog_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const nlohmann::json events = {
      {{"frame", 5}, {"type", "click"}, {"x", 170}, {"y", 10}, {"button", 0}},
      {{"frame", 10}, {"type", "click"}, {"x", 200}, {"y", 34}, {"button", 0}},
      {{"frame", 16}, {"type", "click"}, {"x", 550}, {"y", 351}, {"button", 0}},
      {{"frame", 22}, {"type", "click"}, {"x", 450}, {"y", 372}, {"button", 0}},
      {{"frame", 28}, {"type", "click"}, {"x", 409}, {"y", 490}, {"button", 0}},
  };
  std::ofstream(dir / "events.json") << nlohmann::json{{"events", events}}.dump(2);
  const std::string screenshot = test::output_path("practice_dialog_refusal");
  const std::string command = test::toxplan_binary() + " --state-dir " + (dir / "state").string() +
                              " --events " + (dir / "events.json").string() +
                              " --frames 36 --screenshot " + screenshot;
  ASSERT_EQ(WEXITSTATUS(std::system(command.c_str())), 0);
  // Five lines of the refusal are drawn in its colour; nothing else in the window uses it.
  EXPECT_GT(refusal_coloured_pixels(screenshot), 300) << "see " << screenshot;
  fs::remove_all(dir);
}
