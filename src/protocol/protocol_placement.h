// Puts a protocol's sites on an atlas: each placement rule becomes a skin entry point, the
// needle follows the inward skin normal, and the tip goes to the middle of the target muscle
// under it (within the needle's length).
#pragma once

#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "plan/plan.h"
#include "protocol/protocol.h"

namespace toxplan::protocol {

struct ProtocolApplication {
  plan::Plan plan;
  Findings findings;  // landmarks missing, skin not found, target not reached, ...
};

// Sites whose target is not reached keep the nearest muscle the needle crosses and get a
// TARGET_NOT_REACHED warning, so the physician sees and fixes them.
// `affected_side` ("L" or "R") places the sites of a one-sided template (limb spasticity); such a
// template without it places nothing and gives a PROTOCOL_SIDE_NEEDED error.
ProtocolApplication apply_protocol(const Protocol& protocol, const anatomy::Atlas& atlas,
                                   bool with_optional, const std::vector<std::string>& only = {},
                                   const std::string& affected_side = "");

// The point a placement rule names, before it is projected onto the skin; false (and a
// finding) if a landmark is missing.
bool placement_point(const PlacementRule& rule, const std::string& side,
                     const anatomy::Atlas& atlas, Vec3* point_mm, Findings* findings);

}  // namespace toxplan::protocol
