// Muscle attachment points of the Mortensen 2018 / Vasavada 1998 OpenSim head-neck model
// (reference/neck-muscle-paths.json, right side), placed in the atlas frame.
#pragma once

#include <string>
#include <vector>

#include "sdf.h"

namespace atlas_gen {

// A point of the model in its "spine" frame (metres, +x anterior, +y up, +z right) and the
// body it is fixed to.
struct ModelPoint {
  const char* body;
  double x_m, y_m, z_m;
};

// Model -> atlas frame. Bodies above C1 move with the head transform, the thorax, clavicles
// and scapulae with the trunk transform, and C2-C7 with a blend of both (the model's neutral
// posture is more upright than a standing adult in the Frankfort plane; see
// docs/schematic-atlas.md, "Placing the neck model").
V3 model_to_atlas(const ModelPoint& p);

// A named muscle path (origin first, insertion last) in the atlas frame, right side.
std::vector<V3> neck_path_right(const std::string& model_muscle);

}  // namespace atlas_gen
