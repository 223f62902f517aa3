// One injection site of a plan. Positions are in the atlas frame (mm, RAS).
#pragma once

#include <string>

#include "base/vec3.h"

namespace toxplan::plan {

struct Site {
  std::string id;                   // unique within the plan, e.g. "frontalis_L_1"
  std::string label;                // display text, e.g. "Frontalis L medial"
  std::string target_structure_id;  // atlas structure id, e.g. "frontalis_L"
  Vec3 entry_point_mm;              // on the skin
  Vec3 needle_direction{0, 0, -1};  // unit vector pointing into the body
  double depth_mm = 0.0;            // from the skin entry point to the needle tip
  double dose_units = 0.0;          // in the plan's product units
  double volume_ml = 0.0;           // injected volume
  // Needle used at this site when it differs from the plan's usual 0.5-inch needle (the label
  // allows a 1-inch needle in the neck, clinical.md §1.2); 0 = not specified.
  double needle_length_mm = 0.0;

  Vec3 tip_mm() const { return entry_point_mm + normalized(needle_direction) * depth_mm; }
  bool operator==(const Site& o) const = default;
};

}  // namespace toxplan::plan
