// Runs the spread simulation off the UI thread. The UI posts the newest plan; the worker
// solves it (re-solving only changed sites) and posts back a SpreadView. Requests that arrive
// while it is busy replace each other, so it never falls behind a fast-editing user.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "anatomy/atlas.h"
#include "plan/plan.h"
#include "session/spread_view.h"

namespace toxplan::sim {
struct PlanSpread;
struct SpreadParameters;
}  // namespace toxplan::sim

namespace toxplan::session {

class SimulationWorker {
 public:
  // What the worker runs on each request: by default the spread model on the atlas.
  using Simulate = std::function<std::shared_ptr<const sim::PlanSpread>(
      const plan::Plan& plan, const sim::SpreadParameters& parameters)>;

  explicit SimulationWorker(const anatomy::Atlas& atlas);
  // Runs `simulate` instead of the spread model (tests: a solver that is slow or that throws).
  SimulationWorker(const anatomy::Atlas& atlas, Simulate simulate);
  ~SimulationWorker();
  SimulationWorker(const SimulationWorker&) = delete;
  SimulationWorker& operator=(const SimulationWorker&) = delete;

  void request(const plan::Plan& plan, std::uint64_t revision);
  // The newest finished result not yet taken, or nullptr.
  std::shared_ptr<const SpreadView> take_result();
  bool busy() const;
  // Blocks until the last request is solved (tests, screenshots).
  void wait_idle();

 private:
  void run();

  const anatomy::Atlas& atlas_;
  Simulate simulate_;  // empty: the spread model on atlas_
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::optional<std::pair<plan::Plan, std::uint64_t>> pending_;
  std::shared_ptr<const SpreadView> result_;
  bool working_ = false;
  bool stop_ = false;
  // A long-lived thread of its own, not a job of the shared pool (base/parallel_for.h): it sleeps
  // between edits for the life of the window, and a pool thread parked there would be one core
  // fewer for the solves; the solver's own loops run on the pool. Last member: it starts after
  // every member above exists.
  std::thread thread_;
};

}  // namespace toxplan::session
