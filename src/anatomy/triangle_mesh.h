// A plain indexed triangle mesh in the atlas frame: what the spatial indexes work on. Kept
// separate from vtkPolyData so that queries read flat arrays with no VTK state (thread safety).
#pragma once

#include <array>
#include <vector>

#include "anatomy/label_volume.h"
#include "base/vec3.h"

namespace toxplan::anatomy {

struct TriangleMesh {
  std::vector<Vec3> vertices_mm;
  std::vector<std::array<int, 3>> triangles;

  // Unnormalised geometric normal (length = 2 x area), following the winding.
  Vec3 triangle_normal(std::size_t t) const {
    const auto& tri = triangles[t];
    const Vec3& a = vertices_mm[tri[0]];
    return cross(vertices_mm[tri[1]] - a, vertices_mm[tri[2]] - a);
  }
  Box bounds() const;
};

}  // namespace toxplan::anatomy
