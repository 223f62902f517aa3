// Thickness of a built layer measured on its mesh, along the skin normal: the distance between
// the first two crossings of a ray cast inward from the skin (docs/atlas-build-soft-tissue.md
// "Measuring").
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "anatomy/triangle_mesh.h"
#include "atlas_build/soft_tissue.h"

namespace toxplan::atlas_build::soft {

struct SkinRay {
  Vec3 skin_point;  // a vertex of the closed skin
  Vec3 inward;      // unit, minus the area-weighted vertex normal
};

// One ray per vertex of the closed skin (normals out), in vertex order.
std::vector<SkinRay> skin_rays(const anatomy::TriangleMesh& closed_skin);

// Per group (the name `group_of` gives a ray; "" = not measured): the distance between the first
// two crossings of `mesh` along each ray that crosses it at least twice within `max_depth_mm`
// of the skin. min and max are the 5th and 95th percentiles, so that the rounded rim of a sheet
// and single rays grazing a fold do not decide them; `count` rays per group are measured.
struct Measured {
  Thickness thickness;
  int count = 0;
};
std::map<std::string, Measured> measure_thickness(
    const anatomy::TriangleMesh& mesh, const std::vector<SkinRay>& rays, double max_depth_mm,
    const std::function<std::string(const SkinRay&)>& group_of);

}  // namespace toxplan::atlas_build::soft
