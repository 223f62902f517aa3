// BodyParts3D's skin is not a surface but a solid shell about 2 mm thick: an outer wall (the
// body surface) and an inner wall, joined at the margins of the two palpebral openings (so the
// closed source mesh has genus 1, and its eyelid triangles are wound inconsistently). The body
// surface is the outer wall with those openings closed.
#pragma once

#include "anatomy/triangle_mesh.h"

namespace toxplan::atlas_build::soft {

struct OuterWall {
  anatomy::TriangleMesh mesh;       // outer wall + caps over its openings; normals out of the body
  int outer_triangles = 0;          // of the source, kept
  int inner_triangles = 0;          // of the source, dropped (inner wall, and outer bits cut off)
  int openings_capped = 0;          // boundary loops closed by a fan of triangles
  double wall_separation_mm = 0.0;  // median distance from the outer to the inner wall
};

// Classifies each triangle of `skin` (wound consistently first) by where a point just off its
// material side lies: in the exterior (outer wall) or in the body cavity (inner wall). The rule:
// a ray from the exterior crosses the shell a multiple of 4 times (outer, inner, inner, outer
// per body part it passes), one from the cavity 2 more; five axis rays (+x, -x, +y, -y, +z: the
// mesh may be open below) vote. The largest connected outer part is kept and each of its
// boundary loops lying wholly above `keep_open_below_z_mm` is capped; loops reaching below it
// (where the caller cuts anyway) stay open. A skin that is a plain closed surface (no inner
// wall) comes back unchanged but for the winding.
OuterWall outer_wall(const anatomy::TriangleMesh& skin, double keep_open_below_z_mm);

}  // namespace toxplan::atlas_build::soft
