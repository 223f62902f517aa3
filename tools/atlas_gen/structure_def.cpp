#include "structure_def.h"

#include "catalogue.h"

namespace atlas_gen {

StructureDef mirrored_left(const StructureDef& right) {
  StructureDef left = right;
  left.id = right.id.substr(0, right.id.size() - 2) + "_L";
  const std::string r = "(right)";
  const auto pos = left.name.find(r);
  if (pos != std::string::npos) left.name.replace(pos, r.size(), "(left)");
  left.side = "L";
  left.fibre.direction = mirror_x(right.fibre.direction);
  left.fibre.point = mirror_x(right.fibre.point);
  for (auto& p : left.fibre.points)
    p = mirror_x(p);
  left.sdf = nullptr;
  left.cavity = nullptr;
  left.box_min = {-right.box_max.x, right.box_min.y, right.box_min.z};
  left.box_max = {-right.box_min.x, right.box_max.y, right.box_max.z};
  left.mirror_of = right.id;
  return left;
}

StructureDef right_muscle(const std::string& id, const std::string& name, const std::string& group,
                          double spacing_mm, int target_triangles) {
  StructureDef d;
  d.id = id;
  d.name = name;
  d.kind = "muscle";
  d.side = "R";
  d.group = group;
  d.colour = kMuscleColour;
  d.priority = 2;
  d.spacing_mm = spacing_mm;
  d.target_triangles = target_triangles;
  return d;
}

}  // namespace atlas_gen
