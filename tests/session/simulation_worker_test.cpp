// The window's background simulation, without a window: the result it delivers is the one of
// the latest request (requests that arrive while it solves replace each other), and a solver
// that throws gives a SIMULATION_FAILED finding instead of ending the program.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "plan/plan_io.h"
#include "session/simulation_worker.h"
#include "sim/plan_simulator.h"
#include "support/test_paths.h"

using namespace toxplan;

namespace {

std::unique_ptr<anatomy::Atlas> block_atlas() {
  Findings findings;
  auto atlas = anatomy::Atlas::load(test::source_dir() + "/assets/atlas/block", &findings);
  EXPECT_TRUE(atlas) << "the shipped block atlas did not load";
  return atlas;
}

// One 5 U site deep in block A of the block atlas.
plan::Plan block_plan(double dose_units = 5.0) {
  plan::Plan plan;
  plan.atlas_id = "block";
  plan::Site s;
  s.id = "deep";
  s.target_structure_id = "block_a";
  s.entry_point_mm = {0, -60, -20};
  s.needle_direction = {0, 0, -1};
  s.depth_mm = 10.0;
  s.dose_units = dose_units;
  s.volume_ml = plan.dilution.volume_ml_for_dose(dose_units);
  plan.sites.push_back(s);
  return plan;
}

const Finding* find_code(const Findings& findings, const std::string& code) {
  for (const Finding& f : findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

}  // namespace

TEST(SimulationWorker, DeliversTheSpreadOfTheRequestOnce) {
  const auto atlas = block_atlas();
  ASSERT_TRUE(atlas);
  session::SimulationWorker worker(*atlas);
  worker.request(block_plan(), 7);
  worker.wait_idle();
  EXPECT_FALSE(worker.busy());
  const auto view = worker.take_result();
  ASSERT_TRUE(view);
  EXPECT_EQ(view->revision, 7u);
  ASSERT_EQ(view->sites.size(), 1u);
  EXPECT_EQ(view->sites[0].site_id, "deep");
  EXPECT_GT(view->sites[0].effect_volume_cm3, 0.1);
  EXPECT_GT(view->sites[0].bound_fraction_in_target, 0.99);
  EXPECT_EQ(worker.take_result(), nullptr) << "a result is taken once";
}

TEST(SimulationWorker, RequestsWhileBusyAreReplacedByTheLatest) {
  const auto atlas = block_atlas();
  ASSERT_TRUE(atlas);
  std::mutex mutex;
  std::condition_variable changed;
  bool started = false;
  bool released = false;
  std::vector<std::string> solved;  // plan titles, in the order the worker solved them
  session::SimulationWorker worker(
      *atlas, [&](const plan::Plan& plan, const sim::SpreadParameters&) {
        std::unique_lock<std::mutex> lock(mutex);
        solved.push_back(plan.title);
        started = true;
        changed.notify_all();
        changed.wait(lock, [&] { return released; });  // the first solve holds until released
        auto spread = std::make_shared<sim::PlanSpread>();
        spread->findings.push_back({"TEST_RESULT", Severity::Info, "", "", 0, plan.title});
        return std::shared_ptr<const sim::PlanSpread>(spread);
      });
  plan::Plan plan = block_plan();
  plan.title = "first";
  worker.request(plan, 1);
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return started; });
  }
  EXPECT_TRUE(worker.busy());
  plan.title = "second";
  worker.request(plan, 2);
  plan.title = "third";
  worker.request(plan, 3);
  {
    std::lock_guard<std::mutex> lock(mutex);
    released = true;
  }
  changed.notify_all();
  worker.wait_idle();
  const auto view = worker.take_result();
  ASSERT_TRUE(view);
  EXPECT_EQ(view->revision, 3u);
  ASSERT_FALSE(view->plan_flags.empty());
  EXPECT_EQ(view->plan_flags.back().message, "third");
  EXPECT_EQ(solved, (std::vector<std::string>{"first", "third"}))
      << "the second request, replaced while the first was solving, is never solved";
}

TEST(SimulationWorker, ASolverThatThrowsIsAFindingAndTheWorkerGoesOn) {
  const auto atlas = block_atlas();
  ASSERT_TRUE(atlas);
  int calls = 0;
  session::SimulationWorker worker(
      *atlas,
      [&](const plan::Plan& plan,
          const sim::SpreadParameters&) -> std::shared_ptr<const sim::PlanSpread> {
        ++calls;
        if (plan.title == "runtime") throw std::runtime_error("grid of 9e9 voxels refused");
        if (plan.title == "memory") throw std::bad_alloc();
        if (plan.title == "other") throw 42;
        return std::make_shared<sim::PlanSpread>();
      });
  const struct {
    const char* title;
    const char* reason;
  } cases[] = {{"runtime", "(grid of 9e9 voxels refused)"},
               {"memory", "(out of memory)"},
               {"other", "(an error that is not a standard exception)"}};
  std::uint64_t revision = 0;
  for (const auto& c : cases) {
    plan::Plan plan = block_plan();
    plan.title = c.title;
    worker.request(plan, ++revision);
    worker.wait_idle();
    const auto view = worker.take_result();
    ASSERT_TRUE(view) << c.title;
    EXPECT_EQ(view->revision, revision);
    const Finding* f = find_code(view->plan_flags, "SIMULATION_FAILED");
    ASSERT_NE(f, nullptr) << c.title;
    EXPECT_EQ(f->severity, Severity::Error);
    EXPECT_EQ(f->site_id, "");
    EXPECT_NE(
        f->message.find("The spread model could not run on this plan " + std::string(c.reason)),
        std::string::npos)
        << f->message;
  }
  plan::Plan fine = block_plan();
  fine.title = "fine";
  worker.request(fine, ++revision);
  worker.wait_idle();
  const auto view = worker.take_result();
  ASSERT_TRUE(view);
  EXPECT_EQ(find_code(view->plan_flags, "SIMULATION_FAILED"), nullptr);
  EXPECT_EQ(calls, 4);
}

// The real solver on a dose it cannot compute with: refused with the reason, no exception.
TEST(SimulationWorker, AnAbsurdDoseIsRefusedWithTheReason) {
  const auto atlas = block_atlas();
  ASSERT_TRUE(atlas);
  session::SimulationWorker worker(*atlas);
  plan::Plan plan = block_plan();
  plan.sites[0].dose_units = 1e300;
  worker.request(plan, 1);
  worker.wait_idle();
  const auto view = worker.take_result();
  ASSERT_TRUE(view);
  const Finding* f = find_code(view->plan_flags, "SIMULATION_NOT_RUN");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::Error);
  EXPECT_NE(f->message.find("deep (DOSE_ABSURD)"), std::string::npos) << f->message;
}
