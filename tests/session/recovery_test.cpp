// Autosave and recovery without a window: the recovery copy is written, found again after a
// session that did not end cleanly, and cleared after a save; a corrupt copy is never offered
// (and never ends the program); discarded plans are kept as ordinary plan files, the newest 20.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "plan/plan_io.h"
#include "session/recovery.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

class RecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("toxplan_recovery_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    const plan::PlanLoadResult r =
        plan::load_plan_file(test::fixtures_dir() + "/plans/good.toxplan.json");
    ASSERT_TRUE(r.plan);
    plan_ = *r.plan;
    plan_.sites[0].dose_units = 7.5;  // an unsaved edit
    plan_.sites[0].volume_ml = 0.15;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  plan::Plan plan_;
};

}  // namespace

TEST_F(RecoveryTest, WrittenCopyIsFoundByTheNextSessionAndClearedAfterASave) {
  {
    session::Recovery crashed((dir_ / "state").string());
    EXPECT_FALSE(crashed.pending()) << "nothing to recover in a new state folder";
    crashed.write_now(plan_, "/home/doctor/plans/patient.toxplan.json");
  }  // the session ends without clear(): a crash
  session::Recovery next((dir_ / "state").string());
  const auto pending = next.pending();
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->plan, plan_) << "the recovered plan is the unsaved one, field by field";
  EXPECT_EQ(pending->original_path, "/home/doctor/plans/patient.toxplan.json");
  EXPECT_EQ(pending->saved_at.size(), std::string("2026-12-02 01:02:03").size())
      << pending->saved_at;
  next.clear();
  EXPECT_FALSE(next.pending());
  EXPECT_FALSE(fs::exists(next.plan_path()));
}

TEST_F(RecoveryTest, AutosaveWritesAChangedRevision) {
  session::Recovery recovery((dir_ / "state").string());
  recovery.maybe_autosave(plan_, 3, "");
  const auto pending = recovery.pending();
  ASSERT_TRUE(pending) << "the first change is written at once";
  EXPECT_EQ(pending->plan, plan_);
  EXPECT_EQ(pending->original_path, "") << "a plan never saved has no file";
}

TEST_F(RecoveryTest, ACorruptCopyIsNotOfferedAndDoesNotThrow) {
  session::Recovery recovery((dir_ / "state").string());
  recovery.write_now(plan_, "/plans/p.toxplan.json");
  ASSERT_TRUE(recovery.pending());
  // Cut off mid-write (a full disk, a crash while writing by another program).
  { std::ofstream(recovery.plan_path(), std::ios::trunc) << R"({"format": "toxplan-plan", "si)"; }
  EXPECT_FALSE(recovery.pending());
  { std::ofstream(recovery.plan_path(), std::ios::trunc) << ""; }
  EXPECT_FALSE(recovery.pending());
  // A plan file that parses but is refused (a newer version) is not offered either.
  fs::copy_file(test::fixtures_dir() + "/plans/bad-version-newer.toxplan.json",
                recovery.plan_path(), fs::copy_options::overwrite_existing);
  EXPECT_FALSE(recovery.pending());
  // A new autosave replaces the corrupt copy and is offered again.
  recovery.write_now(plan_, "/plans/p.toxplan.json");
  const auto pending = recovery.pending();
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->plan, plan_);
}

TEST_F(RecoveryTest, ACorruptNoteStillRecoversThePlanWithoutItsPath) {
  session::Recovery recovery((dir_ / "state").string());
  recovery.write_now(plan_, "/plans/p.toxplan.json");
  { std::ofstream(dir_ / "state" / "recovery.note.json", std::ios::trunc) << "{not json"; }
  const auto pending = recovery.pending();
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->plan, plan_);
  EXPECT_EQ(pending->original_path, "");
  EXPECT_EQ(pending->saved_at, "");
}

TEST_F(RecoveryTest, DiscardedPlansAreKeptAsPlanFilesTheNewestTwenty) {
  session::Recovery recovery((dir_ / "state").string());
  const std::string first = recovery.keep_discarded(plan_, "/plans/patient.toxplan.json");
  ASSERT_NE(first, "");
  EXPECT_EQ(fs::path(first).parent_path(), fs::path(recovery.discarded_dir()));
  EXPECT_EQ(fs::path(first).filename().string().rfind("patient-", 0), 0u) << first;
  const plan::PlanLoadResult kept = plan::load_plan_file(first);
  ASSERT_TRUE(kept.plan);
  EXPECT_EQ(*kept.plan, plan_);

  std::string last;
  for (std::size_t i = 0; i < session::kMaxDiscardedCopies + 4; ++i) {
    last = recovery.keep_discarded(plan_, "");
    ASSERT_NE(last, "");
  }
  std::size_t plans = 0;
  for (const auto& e : fs::directory_iterator(recovery.discarded_dir())) {
    const std::string name = e.path().filename().string();
    plans += name.size() > 13 && name.compare(name.size() - 13, 13, ".toxplan.json") == 0;
  }
  EXPECT_EQ(plans, session::kMaxDiscardedCopies);
  EXPECT_FALSE(fs::exists(first)) << "the oldest copy goes first";
  EXPECT_TRUE(fs::exists(last));
}
