// Surfaces of the soft-tissue build: the skin cut and capped, level sets of grid fields made
// into closed, smoothed, decimated meshes, shells, and the checks they get (open edges).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "anatomy/triangle_mesh.h"
#include "atlas_build/soft_tissue_grid.h"

namespace toxplan::atlas_build::soft {

struct EdgeCount {
  int boundary = 0;      // used by one triangle
  int non_manifold = 0;  // used by three or more
  int misoriented = 0;   // used twice in the same direction (neighbours wound oppositely)
  bool closed() const { return boundary == 0 && non_manifold == 0; }
};

// Counted after welding vertices at equal positions.
EdgeCount count_edges(const anatomy::TriangleMesh& mesh);

// Winds every triangle like its neighbours (flood fill over shared edges), then so that the
// enclosed volume is positive (normals out). Returns how many triangles were flipped.
int orient_outward(anatomy::TriangleMesh* mesh);

double signed_volume_mm3(const anatomy::TriangleMesh& mesh);

// The closed surface `skin` cut by the plane z = cut_z_mm, keeping what is above (and below
// z = above_z_mm when given), every cut section capped by a flat face (vtkClipClosedSurface).
// With the second plane the largest connected part is kept: the lower limb's cut leaves the
// hands, beside the thighs, as parts of their own.
anatomy::TriangleMesh cut_and_cap(const anatomy::TriangleMesh& skin, double cut_z_mm,
                                  std::optional<double> above_z_mm = std::nullopt);

struct LevelSetOptions {
  int target_triangles = 20000;
  int smoothing_iterations = 12;  // windowed sinc; 0 for none
  double pass_band = 0.12;
};

// The surface {field = 0} around the samples with field < 0 (the inside), on the sub-grid that
// holds them plus a margin whose border is forced outside, so the surface is closed. Smoothed,
// decimated in steps that keep it closed, normals out. Empty when no sample is inside.
anatomy::TriangleMesh level_set_surface(const std::vector<float>& field, const Grid& grid,
                                        const LevelSetOptions& options);

// Every vertex moved inward (against the area-weighted vertex normal of a mesh with normals
// out) by distance_mm(vertex): the same connectivity, so a closed mesh stays closed. `flipped`
// receives how many triangles turned over (a fold where the offset exceeds the curvature radius).
anatomy::TriangleMesh offset_inward(const anatomy::TriangleMesh& mesh,
                                    const std::function<double(const Vec3&)>& distance_mm,
                                    int* flipped);

// Every `factor`-th sample of `field` in each direction (a grid of spacing factor x spacing).
std::vector<float> subsample(const std::vector<float>& field, const Grid& grid, int factor,
                             Grid* coarse);

anatomy::TriangleMesh reversed(const anatomy::TriangleMesh& mesh);
void append(const anatomy::TriangleMesh& part, anatomy::TriangleMesh* to);

}  // namespace toxplan::atlas_build::soft
