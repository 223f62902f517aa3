// Issue 12, item 2: K (Check) in practice mode never scores an attempt behind a dialog, and an
// attempt without a site is refused, never recorded (one went into a trainee's history with a
// score of 1.42e-14). The trainee's history file says what was recorded.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "anatomy/atlas.h"
#include "practice/attempt_history.h"
#include "protocol/protocol.h"
#include "protocol/protocol_placement.h"
#include "session/recovery.h"
#include "support/image_check.h"
#include "support/window_run.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

constexpr const char* kTrainee = "Guard Trainee";

// Attempts recorded in the state folder's history of kTrainee (none when there is no file).
std::size_t recorded_attempts(const fs::path& state_dir) {
  const practice::HistoryLoadResult history = practice::load_attempt_history(
      practice::history_path((state_dir / "practice").string(), kTrainee), kTrainee);
  EXPECT_TRUE(history.history.has_value()) << history.error;
  return history.history ? history.history->attempts.size() : 0;
}

int run_practice(const fs::path& dir, const nlohmann::json& events, const std::string& shot) {
  return test::run_toxplan("--practice preempt-155 --trainee '" + std::string(kTrainee) +
                           "' --state-dir " + (dir / "state").string() + " --events " +
                           test::write_events(dir, events) + " --frames 36 --screenshot " + shot);
}

toxplan::Vec3 reference_entry(const std::string& site_id) {
  toxplan::Findings findings;
  const auto atlas = anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
  EXPECT_TRUE(atlas);
  const auto protocol = protocol::find_protocol("preempt-155", protocol::protocols_dir());
  EXPECT_TRUE(protocol.protocol);
  if (!atlas || !protocol.protocol) return {};
  const plan::Plan reference = protocol::apply_protocol(*protocol.protocol, *atlas, false).plan;
  const plan::Site* s = reference.find_site(site_id);
  EXPECT_NE(s, nullptr) << site_id;
  return s ? s->entry_point_mm : toxplan::Vec3{};
}

}  // namespace

TEST(PracticeCheckGuard, EmptyAttemptIsRefusedAndNotRecorded) {
  const fs::path dir = test::fresh_window_dir("practice_empty");
  ASSERT_EQ(run_practice(dir, nlohmann::json::array({test::key_event(10, "k")}),
                         test::output_path("practice_empty_k")),
            0);
  EXPECT_EQ(recorded_attempts(dir / "state"), 0u) << "an attempt with no site was recorded";
  fs::remove_all(dir);
}

TEST(PracticeCheckGuard, KBehindTheRecoveryOfferRecordsNothing) {
  const fs::path dir = test::fresh_window_dir("practice_recover_k");
  // Unsaved work of an earlier session that crashed: the offer opens over the practice.
  plan::Plan earlier;
  earlier.atlas_id = "default";
  session::Recovery((dir / "state").string()).write_now(earlier, "");
  ASSERT_EQ(run_practice(dir, nlohmann::json::array({test::key_event(10, "k")}),
                         test::output_path("practice_recover_offer_k")),
            0);
  EXPECT_EQ(recorded_attempts(dir / "state"), 0u) << "K behind the recovery offer scored";
  fs::remove_all(dir);
}

TEST(PracticeCheckGuard, KBehindTheUnsavedChangesPromptRecordsNothing) {
  const fs::path dir = test::fresh_window_dir("practice_prompt_k");
  const nlohmann::json events = {
      test::click_at_world_event(8, reference_entry("frontalis_L_medial")),  // one site placed
      test::key_event(16, "n", /*ctrl=*/true),  // the attempt is unsaved: the prompt opens
      test::key_event(22, "k"),                 // behind it
  };
  ASSERT_EQ(run_practice(dir, events, test::output_path("practice_prompt_k")), 0);
  EXPECT_EQ(recorded_attempts(dir / "state"), 0u) << "K behind the prompt scored the attempt";
  fs::remove_all(dir);
}
