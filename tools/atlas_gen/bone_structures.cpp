// Manifest entries for the bones and the eyes.
#include "bones.h"
#include "catalogue.h"
#include "layout.h"

namespace atlas_gen {

namespace {
StructureDef bone(const std::string& id, const std::string& name, const std::string& side) {
  StructureDef d;
  d.id = id;
  d.name = name;
  d.kind = "bone";
  d.side = side;
  d.group = "bone";
  d.colour = kBoneColour;
  d.priority = 3;
  return d;
}
}  // namespace

void add_bones(const Body& body, std::vector<StructureDef>* out) {
  const Body* b = &body;
  StructureDef skull = bone("skull", "Skull", "midline");
  skull.sdf = [b](V3 p) { return skull_sdf(*b, p); };
  skull.box_min = {-80.0, -110.0, -50.0};
  skull.box_max = {80.0, 110.0, 135.0};
  skull.spacing_mm = 1.0;
  skull.target_triangles = 55000;
  out->push_back(skull);

  StructureDef mandible = bone("mandible", "Mandible", "midline");
  mandible.sdf = [](V3 p) { return mandible_sdf(p); };
  mandible.box_min = {-62.0, -10.0, -102.0};
  mandible.box_max = {62.0, 85.0, -2.0};
  mandible.spacing_mm = 0.7;
  mandible.target_triangles = 16000;
  out->push_back(mandible);

  StructureDef spine = bone("cervical_spine", "Cervical spine (C1-C7)", "midline");
  spine.sdf = [](V3 p) { return cervical_spine_sdf(p); };
  spine.box_min = {-45.0, -82.0, -150.0};
  spine.box_max = {45.0, 12.0, -32.0};
  spine.spacing_mm = 0.7;
  spine.target_triangles = 16000;
  out->push_back(spine);

  StructureDef clavicle = bone("clavicle_R", "Clavicle (right)", "R");
  clavicle.sdf = [](V3 p) { return clavicle_right_sdf(p); };
  clavicle.box_min = {8.0, -45.0, -196.0};
  clavicle.box_max = {185.0, 24.0, -163.0};
  clavicle.spacing_mm = 0.8;
  clavicle.target_triangles = 5000;
  out->push_back(clavicle);

  StructureDef scapula = bone("scapula_R", "Scapula (right)", "R");
  scapula.sdf = [](V3 p) { return scapula_right_sdf(p); };
  scapula.box_min = {55.0, -112.0, -300.0};
  scapula.box_max = {206.0, 0.0, -136.0};
  scapula.spacing_mm = 0.9;
  scapula.target_triangles = 9000;
  out->push_back(scapula);

  StructureDef eye;
  eye.id = "eye_R";
  eye.name = "Eye (right)";
  eye.kind = "organ";
  eye.side = "R";
  eye.group = "eye";
  eye.colour = {0.96, 0.96, 0.98};
  // Diplopia comes from the extraocular muscles, which lie on the globe and are not modelled
  // separately; eye injury from a needle that reaches the globe (docs/spread-model.md, flags).
  eye.adverse_effect = "diplopia (extraocular muscles, around the eyeball) / eye injury";
  eye.priority = 2;
  eye.sdf = [](V3 p) { return eye_right_sdf(p); };
  eye.box_min = layout::kEyeCentre - V3{13.0, 13.0, 13.0};
  eye.box_max = layout::kEyeCentre + V3{13.0, 13.0, 13.0};
  eye.spacing_mm = 0.5;
  eye.target_triangles = 3000;
  out->push_back(eye);
}

}  // namespace atlas_gen
