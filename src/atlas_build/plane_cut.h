// Cutting a closed structure at a horizontal plane and capping it, so that the atlas ends below
// the shoulders (a scapula, the platysma or the trapezius would otherwise reach far below the
// cut skin) and every structure stays a closed surface.
#pragma once

#include "anatomy/triangle_mesh.h"

namespace toxplan::atlas_build {

// The part of `closed` above z = cut_z_mm, capped at the plane (vtkClipClosedSurface). The mesh
// itself when it lies wholly above; an empty mesh when it lies wholly below.
anatomy::TriangleMesh cut_below(const anatomy::TriangleMesh& closed, double cut_z_mm);

}  // namespace toxplan::atlas_build
