// Cutting a closed structure at a horizontal plane and capping it, so that the atlas ends below
// the shoulders (a scapula, the platysma or the trapezius would otherwise reach far below the
// cut skin) and every structure stays a closed surface.
#pragma once

#include <optional>

#include "anatomy/triangle_mesh.h"

namespace toxplan::atlas_build {

// The part of `closed` above z = cut_z_mm, capped at the plane (vtkClipClosedSurface). The mesh
// itself when it lies wholly above; an empty mesh when it lies wholly below.
anatomy::TriangleMesh cut_below(const anatomy::TriangleMesh& closed, double cut_z_mm);

// The part between z = below_z_mm and, when given, z = above_z_mm, capped at both planes.
anatomy::TriangleMesh cut_to_slab(const anatomy::TriangleMesh& closed, double below_z_mm,
                                  std::optional<double> above_z_mm);

}  // namespace toxplan::atlas_build
