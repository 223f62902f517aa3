// A plan's sites as 3D Slicer markups (`.mrk.json`, schema markups-v1.0.3 in
// docs/reference), so a plan can be overlaid on a patient's images in Slicer.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "plan/plan.h"

namespace toxplan::plan {

// The schema's own "$id" (docs/reference/markups-schema-v1.0.3.json).
inline constexpr const char* kMarkupsSchemaUrl =
    "https://raw.githubusercontent.com/Slicer/Slicer/main/Modules/Loadable/Markups/Resources/"
    "Schema/markups-v1.0.3-schema.json#";

// Two Fiducial markups in the plan's own frame (RAS, mm, declared in the file): the skin entry
// points and the needle tips, one control point per site in plan order, each labelled with the
// site id and described with its target, dose, volume and depth.
nlohmann::json plan_to_markups(const Plan& plan);

}  // namespace toxplan::plan
