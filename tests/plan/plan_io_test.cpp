#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "plan/plan_io.h"
#include "plan/plan_json.h"

using namespace toxplan;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  fs::path d =
      fs::temp_directory_path() / ("toxplan_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

plan::Plan plan_of(int sites, double dose) {
  plan::Plan plan;
  plan.title = "plan with " + std::to_string(sites) + " sites";
  for (int i = 0; i < sites; ++i) {
    plan.sites.push_back({"s" + std::to_string(i),
                          "",
                          "trapezius_L",
                          {-60.0 - i, -40, -80},
                          {0, 1, 0},
                          8.0,
                          dose,
                          plan.dilution.volume_ml_for_dose(dose)});
  }
  return plan;
}

}  // namespace

TEST(PlanIo, SaveThenLoadGivesTheSamePlanAndKeepsBak) {
  const fs::path dir = temp_dir("save");
  const std::string path = (dir / "p.toxplan.json").string();
  const plan::Plan first = plan_of(3, 5.0);
  ASSERT_FALSE(plan::save_plan_file(first, path).has_value());
  EXPECT_FALSE(fs::exists(path + ".bak"));  // nothing to keep yet
  const plan::Plan second = plan_of(4, 2.5);
  ASSERT_FALSE(plan::save_plan_file(second, path).has_value());

  const plan::PlanLoadResult now = plan::load_plan_file(path);
  ASSERT_TRUE(now.plan.has_value());
  EXPECT_EQ(*now.plan, second);
  const plan::PlanLoadResult bak = plan::load_plan_file(path + ".bak");
  ASSERT_TRUE(bak.plan.has_value());
  EXPECT_EQ(*bak.plan, first);
  // No temporary files are left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir))
    files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 2);
  fs::remove_all(dir);
}

TEST(PlanIo, SaveIntoMissingFolderFailsWithAMessageAndChangesNothing) {
  const auto err = plan::save_plan_file(plan_of(1, 5.0), "/nonexistent_toxplan_dir/p.toxplan.json");
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("/nonexistent_toxplan_dir"), std::string::npos) << *err;
  EXPECT_NE(err->find("not changed"), std::string::npos) << *err;
}

// A writer process is killed (SIGKILL, no clean-up) at many points during saves; the plan file
// must always load as either the old or a new complete plan.
TEST(PlanIo, KillingTheWriterMidSaveNeverCorruptsThePlan) {
  const fs::path dir = temp_dir("crash");
  const std::string path = (dir / "p.toxplan.json").string();
  const plan::Plan original = plan_of(2, 5.0);
  ASSERT_FALSE(plan::save_plan_file(original, path).has_value());
  const plan::Plan big = plan_of(3000, 1.0);  // ~1.5 MB, so a save takes a while

  for (int round = 0; round < 12; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (;;)
        plan::save_plan_file(big, path);  // loops until killed
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(3 + 7 * round));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);

    const plan::PlanLoadResult r = plan::load_plan_file(path);
    ASSERT_TRUE(r.plan.has_value())
        << "round " << round << ": " << (r.findings.empty() ? "" : r.findings[0].message);
    EXPECT_TRUE(*r.plan == original || *r.plan == big) << "round " << round;
  }
  fs::remove_all(dir);
}
