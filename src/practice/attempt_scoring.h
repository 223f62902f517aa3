// The one way a practice attempt is scored, in the window (Practice > Check) and by
// `toxplan score`: the attempt and the reference are both run through the spread simulator with
// the same parameters, and practice::score_attempt gets both sets of flags, so that a flag the
// reference itself raises is not held against the trainee and the same attempt file gets the
// same score wherever it is graded (docs/scoring.md).
#pragma once

#include <memory>
#include <string>

#include "anatomy/atlas.h"
#include "base/finding.h"
#include "plan/plan.h"
#include "practice/scoring.h"
#include "protocol/protocol.h"
#include "sim/plan_simulator.h"

namespace toxplan::practice {

// Scoring options for an atlas: the atlas manifest's muscle groups decide which targets are the
// same muscle (splenius or semispinalis capitis for a cervical paraspinal site).
ScoringOptions scoring_options_for(std::shared_ptr<const anatomy::Atlas> atlas);

// The simulator's findings for a plan as scoring sees them: default spread parameters, then the
// plan's own model_parameters (the reference's for the reference), never the window's current
// settings, so the window and the command line agree.
Findings scoring_flags_of(sim::PlanSimulator& simulator, const plan::Plan& plan);

class AttemptScorer {
 public:
  AttemptScorer(std::shared_ptr<const anatomy::Atlas> atlas, plan::Plan reference,
                ScoringOptions options);
  const plan::Plan& reference() const { return reference_; }
  // Simulates the reference once (on first use), then the attempt, and scores.
  AttemptScore score(const plan::Plan& attempt);

 private:
  std::shared_ptr<const anatomy::Atlas> atlas_;
  sim::PlanSimulator simulator_;
  plan::Plan reference_;
  ScoringOptions options_;
  bool reference_simulated_ = false;
  Findings reference_flags_;
};

// Why a protocol cannot be the reference of a practice attempt ("" when it can): a template
// whose sites are all chosen per patient (cervical dystonia) has no fixed sites to compare with.
// `how_else` says what to do instead where the message is shown.
std::string unscorable_protocol_reason(const protocol::Protocol& protocol,
                                       const std::string& how_else);

}  // namespace toxplan::practice
