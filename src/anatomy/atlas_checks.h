// Geometric plausibility checks of a loaded atlas, beyond what the manifest parser can see:
// muscles sunk into bone, structures on the wrong side, landmark pairs that do not mirror.
// Used by `toxplan atlas check`; the default atlas's tests hold it to zero findings.
#pragma once

#include "anatomy/atlas.h"
#include "base/finding.h"

namespace toxplan::anatomy {

struct AtlasCheckLimits {
  double bone_penetration_mm = 1.0;  // muscle surface points deeper in bone than this are flagged
  double landmark_mirror_mm = 5.0;   // a _L/_R pair may miss mirror symmetry (x -> -x) by this
  int samples_per_structure = 4000;  // mesh vertices tested per muscle (evenly strided)
};

Findings check_atlas_geometry(const Atlas& atlas, const AtlasCheckLimits& limits = {});

}  // namespace toxplan::anatomy
