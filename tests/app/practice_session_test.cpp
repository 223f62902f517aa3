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
#include "anatomy/protocol_placement.h"
#include "core/attempt_history.h"
#include "core/protocol.h"
#include "support/image_check.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

TEST(PracticeSession, ClickedSitesAreScoredAndKeptInTheHistory) {
  core::Findings findings;
  const auto atlas = anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
  ASSERT_TRUE(atlas);
  const auto protocol = core::find_protocol("preempt-155", core::protocols_dir());
  ASSERT_TRUE(protocol.protocol);
  const core::Plan reference = anatomy::apply_protocol(*protocol.protocol, *atlas, false).plan;

  const fs::path dir =
      fs::temp_directory_path() / ("toxplan_practice_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  nlohmann::json events = nlohmann::json::array();
  int frame = 8;
  for (const char* id : {"frontalis_L_medial", "frontalis_R_medial", "procerus"}) {
    const core::Site* s = reference.find_site(id);
    ASSERT_NE(s, nullptr) << id;
    const core::Vec3 p = s->entry_point_mm;
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
      core::history_path((dir / "state" / "practice").string(), "Test Trainee");
  const core::HistoryLoadResult history = core::load_attempt_history(history_file, "Test Trainee");
  ASSERT_TRUE(history.history.has_value()) << history.error;
  ASSERT_EQ(history.history->attempts.size(), 1u) << "Check did not record the attempt";
  const core::AttemptRecord& attempt = history.history->attempts[0];
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
