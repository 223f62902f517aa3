// Practice mode for trainees: place a protocol's sites on a model where the answer is hidden,
// press Check, get an honest score with feedback, see the reference beside the attempt with
// error lines, and watch progress over attempts (history per trainee name).
#pragma once

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "practice/attempt_history.h"
#include "practice/attempt_scoring.h"
#include "practice/scoring.h"
#include "protocol/protocol.h"

namespace toxplan::session {
class Planner;
}

namespace toxplan::app {

struct PracticeDifficulty {
  bool opaque_skin = false;    // harder: no muscles seen through the skin
  bool hide_landmarks = true;  // harder: no landmark labels
  bool hide_muscles = false;   // hardest: muscles not drawn at all
};

struct PracticeState {
  bool setup_open = false;  // the "Start practice" dialog
  bool active = false;
  std::string trainee = "trainee";
  std::string protocol_id = "preempt-155";
  PracticeDifficulty difficulty;
  protocol::Protocol protocol;
  plan::Plan reference;  // hidden until Check
  // Scores at Check: the same code path as `toxplan score` (practice/attempt_scoring.h).
  std::shared_ptr<practice::AttemptScorer> scorer;
  // Check simulates the attempt (and, the first time, the reference): about as long as
  // `toxplan simulate`, so it runs off the UI thread. The plan as it was at Check is kept with
  // it: that is what the score, the history record and the error lines are about.
  std::future<std::optional<practice::AttemptScore>> scoring;
  plan::Plan scored_plan;
  std::string setup_error;  // why the setup dialog's protocol cannot be practised
  bool checked = false;
  practice::AttemptScore score;
  std::vector<practice::ScorePoint> progress;  // this trainee's scores on this protocol
  std::string message;                         // errors (history unreadable, ...)
};

// Starts a practice session: a blank plan in the protocol's product and dilution, the reference
// placed on the atlas and kept hidden, the difficulty applied to the view. Returns an error
// message or "" (a template without fixed sites is refused with the reason, nothing changes).
std::string start_practice(session::Planner& planner, PracticeState& state);
// Starts scoring the current plan against the reference in the background (an empty attempt is
// refused with a message). Once per frame, collect_practice_score takes the result: records the
// attempt in the trainee's history and shows the reference with error lines. `wait` blocks until
// the score is there (the last frame of a scripted run, which must show finished results).
void check_practice(session::Planner& planner, PracticeState& state);
bool practice_scoring_busy(const PracticeState& state);
void collect_practice_score(session::Planner& planner, PracticeState& state, bool wait);
// Clears the sites and hides the reference for another attempt.
void retry_practice(session::Planner& planner, PracticeState& state);
void end_practice(session::Planner& planner, PracticeState& state);

// The setup dialog and the practice panel (drawn where the findings panel usually is).
void draw_practice_setup(session::Planner& planner, PracticeState& state);
void draw_practice_panel(session::Planner& planner, PracticeState& state, float x, float y,
                         float width, float height);

}  // namespace toxplan::app
