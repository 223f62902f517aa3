// Puts a protocol's sites on an atlas: each placement rule becomes a skin entry point, the
// needle follows the inward skin normal, and the tip goes to the middle of the target muscle
// under it (within the needle's length).
#pragma once

#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "core/plan.h"
#include "core/protocol.h"

namespace toxplan::anatomy {

struct ProtocolApplication {
  core::Plan plan;
  core::Findings findings;  // landmarks missing, skin not found, target not reached, ...
};

// Sites whose target is not reached keep the nearest muscle the needle crosses and get a
// TARGET_NOT_REACHED warning, so the physician sees and fixes them.
ProtocolApplication apply_protocol(const core::Protocol& protocol, const Atlas& atlas,
                                   bool with_optional, const std::vector<std::string>& only = {});

// The point a placement rule names, before it is projected onto the skin; false (and a
// finding) if a landmark is missing.
bool placement_point(const core::PlacementRule& rule, const std::string& side, const Atlas& atlas,
                     core::Vec3* point_mm, core::Findings* findings);

}  // namespace toxplan::anatomy
