// Skin and subcutaneous fat: shells between depth levels below the body surface.
#include "body.h"
#include "catalogue.h"

namespace atlas_gen {

void add_layers(const Body& body, std::vector<StructureDef>* out) {
  const Body* b = &body;
  StructureDef skin;
  skin.id = "skin";
  skin.name = "Skin";
  skin.kind = "skin";
  skin.side = "midline";
  skin.group = "skin";
  skin.colour = {0.93, 0.76, 0.65};
  skin.priority = 0;
  skin.sdf = [b](V3 p) { return -b->depth(p); };
  skin.cavity = [b](V3 p) { return Body::skin_thickness(p) - b->depth(p); };
  skin.box_min = Body::bounds_min();
  skin.box_max = Body::bounds_max();
  skin.spacing_mm = 1.2;
  skin.target_triangles = 40000;
  out->push_back(skin);

  StructureDef fat = skin;
  fat.id = "subcutaneous_fat";
  fat.name = "Subcutaneous fat";
  fat.kind = "fat";
  fat.group = "fat";
  fat.colour = {0.98, 0.87, 0.55};
  fat.priority = 1;
  fat.sdf = [b](V3 p) { return Body::skin_thickness(p) - b->depth(p); };
  fat.cavity = [b](V3 p) { return Body::skin_thickness(p) + Body::fat_thickness(p) - b->depth(p); };
  fat.target_triangles = 35000;
  fat.spacing_mm = 1.5;
  out->push_back(fat);
}

}  // namespace atlas_gen
