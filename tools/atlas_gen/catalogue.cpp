#include "catalogue.h"

namespace atlas_gen {

std::vector<StructureDef> build_catalogue(const Body& body) {
  std::vector<StructureDef> defs;
  add_layers(body, &defs);
  add_bones(body, &defs);
  add_face_muscles(body, &defs);
  add_neck_muscles(body, &defs);
  add_viscera(body, &defs);
  std::vector<StructureDef> all;
  for (const auto& d : defs) {
    all.push_back(d);
    if (d.side == "R") all.push_back(mirrored_left(d));
  }
  return all;
}

}  // namespace atlas_gen
