// What the generator knows about one structure: its manifest entry and how to mesh it.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "sdf.h"

namespace atlas_gen {

using Sdf = std::function<double(V3)>;

struct Fibre {
  enum class Type { None, Constant, Converge, Path };
  Type type = Type::None;
  V3 direction;            // Constant
  V3 point;                // Converge
  std::vector<V3> points;  // Path, origin -> insertion
};

struct StructureDef {
  std::string id;    // "frontalis_R"
  std::string name;  // "Frontalis (right)"
  std::string kind;  // skin, fat, muscle, bone, organ
  std::string side;  // "L", "R", "midline"
  std::string group;
  std::array<double, 3> colour{0.8, 0.8, 0.8};
  std::string fma_id;  // empty when not sure
  Fibre fibre;
  std::string adverse_effect;  // non-empty: danger structure
  int priority = 2;

  // Meshing: solid = {sdf < 0}; with a cavity, the cavity {cavity < 0} (inside the solid) is
  // removed and its surface becomes the inner surface of the shell.
  Sdf sdf;
  Sdf cavity;
  V3 box_min, box_max;  // where sdf < 0 can be (mm)
  double spacing_mm = 1.0;
  int target_triangles = 20000;
  // A left structure made by mirroring the right one (x -> -x) instead of meshing.
  std::string mirror_of;
};

// A right-side muscle entry with the muscle colour and priority; the caller adds its shape.
StructureDef right_muscle(const std::string& id, const std::string& name, const std::string& group,
                          double spacing_mm, int target_triangles);

// "_R" -> "_L" and "(right)" -> "(left)"; x of fibre data mirrored.
StructureDef mirrored_left(const StructureDef& right);

}  // namespace atlas_gen
