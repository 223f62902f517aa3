// Shared helpers of the sim tests.
#pragma once

#include "plan/site.h"

namespace toxplan::sim::testing {

// A site whose needle comes straight down (-z) 10 mm to `tip`.
inline plan::Site site_at(const std::string& id, toxplan::Vec3 tip, double dose_units,
                          double volume_ml, const std::string& target = "block") {
  plan::Site s;
  s.id = id;
  s.target_structure_id = target;
  s.entry_point_mm = tip + toxplan::Vec3{0, 0, 10};
  s.needle_direction = {0, 0, -1};
  s.depth_mm = 10.0;
  s.dose_units = dose_units;
  s.volume_ml = volume_ml;
  return s;
}

// Far smaller than a voxel: the bolus acts as a point source.
inline constexpr double kPointVolumeMl = 1e-6;

}  // namespace toxplan::sim::testing
