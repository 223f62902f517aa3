// Named landmarks of the schematic atlas (on the skin unless the name says bone).
#pragma once

#include <string>
#include <vector>

#include "body.h"

namespace atlas_gen {

struct LandmarkDef {
  std::string id;
  std::string name;
  V3 position;
};

std::vector<LandmarkDef> build_landmarks(const Body& body);

}  // namespace atlas_gen
