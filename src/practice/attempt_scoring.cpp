#include "practice/attempt_scoring.h"

#include <utility>

#include "sim/atlas_tissue.h"

namespace toxplan::practice {

ScoringOptions scoring_options_for(std::shared_ptr<const anatomy::Atlas> atlas) {
  ScoringOptions options;
  options.matching.group_of = [atlas](const std::string& id) {
    const anatomy::Structure* s = atlas ? atlas->find(id) : nullptr;
    return s && !s->group.empty() ? s->group : plan::default_group_of(id);
  };
  return options;
}

Findings scoring_flags_of(sim::PlanSimulator& simulator, const plan::Plan& plan) {
  if (plan.sites.empty()) return {};
  const sim::ResolvedParameters params = sim::resolve_parameters(plan, {});
  return simulator.simulate(plan, params.parameters)->findings;
}

AttemptScorer::AttemptScorer(std::shared_ptr<const anatomy::Atlas> atlas, plan::Plan reference,
                             ScoringOptions options)
    : atlas_(atlas),
      simulator_(std::make_shared<sim::AtlasTissue>(std::move(atlas))),
      reference_(std::move(reference)),
      options_(std::move(options)) {}

AttemptScore AttemptScorer::score(const plan::Plan& attempt) {
  if (!reference_simulated_) {
    reference_flags_ = scoring_flags_of(simulator_, reference_);
    reference_simulated_ = true;
  }
  ScoringFlags flags;
  flags.reference = reference_flags_;
  flags.attempt = scoring_flags_of(simulator_, attempt);
  return score_attempt(attempt, reference_, options_, flags);
}

std::string unscorable_protocol_reason(const protocol::Protocol& protocol,
                                       const std::string& how_else) {
  if (!protocol::expand_sites(protocol, false).empty()) return "";
  return "The protocol " + protocol.id + " (" + protocol.name +
         ") has no fixed sites: its muscles, sides and doses are chosen per patient, so there is "
         "no answer to score against. " +
         how_else;
}

}  // namespace toxplan::practice
