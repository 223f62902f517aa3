// The one way a practice attempt is scored, in the window (Practice > Check) and by
// `toxplan score`: the attempt and the reference are both run through the spread simulator with
// the same parameters, and core::score_attempt gets both sets of flags, so that a flag the
// reference itself raises is not held against the trainee and the same attempt file gets the
// same score wherever it is graded (docs/scoring.md).
#pragma once

#include <memory>
#include <string>

#include "anatomy/atlas.h"
#include "core/finding.h"
#include "core/plan.h"
#include "core/protocol.h"
#include "core/scoring.h"
#include "sim/plan_simulator.h"

namespace toxplan::sim {

// Scoring options for an atlas: the atlas manifest's muscle groups decide which targets are the
// same muscle (splenius or semispinalis capitis for a cervical paraspinal site).
core::ScoringOptions scoring_options_for(std::shared_ptr<const anatomy::Atlas> atlas);

// The simulator's findings for a plan as scoring sees them: default spread parameters, then the
// plan's own model_parameters (the reference's for the reference), never the window's current
// settings, so the window and the command line agree.
core::Findings scoring_flags_of(PlanSimulator& simulator, const core::Plan& plan);

class AttemptScorer {
 public:
  AttemptScorer(std::shared_ptr<const anatomy::Atlas> atlas, core::Plan reference,
                core::ScoringOptions options);
  const core::Plan& reference() const { return reference_; }
  // Simulates the reference once (on first use), then the attempt, and scores.
  core::AttemptScore score(const core::Plan& attempt);

 private:
  std::shared_ptr<const anatomy::Atlas> atlas_;
  PlanSimulator simulator_;
  core::Plan reference_;
  core::ScoringOptions options_;
  bool reference_simulated_ = false;
  core::Findings reference_flags_;
};

// Why a protocol cannot be the reference of a practice attempt ("" when it can): a template
// whose sites are all chosen per patient (cervical dystonia) has no fixed sites to compare with.
// `how_else` says what to do instead where the message is shown.
std::string unscorable_protocol_reason(const core::Protocol& protocol, const std::string& how_else);

}  // namespace toxplan::sim
