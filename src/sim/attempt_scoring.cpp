#include "sim/attempt_scoring.h"

#include <utility>

#include "sim/atlas_tissue.h"

namespace toxplan::sim {

core::ScoringOptions scoring_options_for(std::shared_ptr<const anatomy::Atlas> atlas) {
  core::ScoringOptions options;
  options.matching.group_of = [atlas](const std::string& id) {
    const anatomy::Structure* s = atlas ? atlas->find(id) : nullptr;
    return s && !s->group.empty() ? s->group : core::default_group_of(id);
  };
  return options;
}

core::Findings scoring_flags_of(PlanSimulator& simulator, const core::Plan& plan) {
  if (plan.sites.empty()) return {};
  const ResolvedParameters params = resolve_parameters(plan, {});
  return simulator.simulate(plan, params.parameters)->findings;
}

AttemptScorer::AttemptScorer(std::shared_ptr<const anatomy::Atlas> atlas, core::Plan reference,
                             core::ScoringOptions options)
    : atlas_(atlas),
      simulator_(std::make_shared<AtlasTissue>(std::move(atlas))),
      reference_(std::move(reference)),
      options_(std::move(options)) {}

core::AttemptScore AttemptScorer::score(const core::Plan& attempt) {
  if (!reference_simulated_) {
    reference_flags_ = scoring_flags_of(simulator_, reference_);
    reference_simulated_ = true;
  }
  core::ScoringFlags flags;
  flags.reference = reference_flags_;
  flags.attempt = scoring_flags_of(simulator_, attempt);
  return core::score_attempt(attempt, reference_, options_, flags);
}

std::string unscorable_protocol_reason(const core::Protocol& protocol,
                                       const std::string& how_else) {
  if (!core::expand_sites(protocol, false).empty()) return "";
  return "The protocol " + protocol.id + " (" + protocol.name +
         ") has no fixed sites: its muscles, sides and doses are chosen per patient, so there is "
         "no answer to score against. " +
         how_else;
}

}  // namespace toxplan::sim
