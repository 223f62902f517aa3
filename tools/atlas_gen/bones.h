// Bones (and the eye, which sits in the bony orbit) as implicit functions. Bilateral bones are
// given for the right side; callers mirror x for the left.
#pragma once

#include <vector>

#include "body.h"
#include "sdf.h"

namespace atlas_gen {

double skull_sdf(const Body& body, V3 p);
double orbit_cavity_sdf(V3 p);    // right orbit (x > 0)
double zygomatic_arch_sdf(V3 p);  // right
double mastoid_sdf(V3 p);         // right
double mandible_sdf(V3 p);        // both sides (symmetric)
double cervical_spine_sdf(V3 p);  // midline
double clavicle_right_sdf(V3 p);
double scapula_right_sdf(V3 p);
double eye_right_sdf(V3 p);
// Every bone of the atlas, both sides (for keeping muscles out of bone).
double any_bone_sdf(const Body& body, V3 p);

// Vertebral body centres and spinous process tips, C1 (index 0) .. C7 (index 6).
const std::vector<V3>& vertebral_body_centres();
const std::vector<V3>& spinous_tips();

}  // namespace atlas_gen
