#include "atlas_build/mesh_measures.h"

#include <gtest/gtest.h>

#include <cmath>

#include "atlas_build/test_meshes.h"

namespace toxplan::atlas_build {
namespace {

TEST(MeshMeasures, UnitCubeIsClosedWithVolumeOne) {
  // One vertex per face corner (24 vertices): the count welds them before pairing edges.
  const anatomy::TriangleMesh cube = test_meshes::unit_cube(/*drop_face=*/-1, /*split_faces=*/true);
  ASSERT_EQ(cube.vertices_mm.size(), 24u);
  const OpenEdges edges = count_open_edges(cube);
  EXPECT_EQ(edges.boundary_edges, 0);
  EXPECT_EQ(edges.non_manifold_edges, 0);
  EXPECT_TRUE(edges.closed());
  EXPECT_NEAR(enclosed_volume_mm3(cube), 1.0, 1e-12);
}

TEST(MeshMeasures, CubeMissingOneFaceHasFourBoundaryEdges) {
  const OpenEdges edges = count_open_edges(test_meshes::unit_cube(/*drop_face=*/0, true));
  EXPECT_EQ(edges.boundary_edges, 4);
  EXPECT_EQ(edges.non_manifold_edges, 0);
  EXPECT_FALSE(edges.closed());
}

TEST(MeshMeasures, WeldsWithinOneNanometreOnly) {
  anatomy::TriangleMesh cube = test_meshes::unit_cube(-1, true);
  // Moving one face's copy of a corner by 0.5e-6 mm keeps it welded; by 1e-5 mm opens 2 edges
  // on each side of it (the face's two edges at that corner no longer meet their neighbours).
  anatomy::TriangleMesh nudged = cube;
  nudged.vertices_mm[0].x += 0.5e-6;
  EXPECT_TRUE(count_open_edges(nudged).closed());
  nudged.vertices_mm[0].x += 1e-5;
  EXPECT_EQ(count_open_edges(nudged).boundary_edges, 4);
}

TEST(MeshMeasures, EdgeOfThreeTrianglesIsNonManifold) {
  anatomy::TriangleMesh fin = test_meshes::unit_cube(-1, false);
  const int apex = static_cast<int>(fin.vertices_mm.size());
  fin.vertices_mm.push_back({0.5, 0.5, 2.0});
  // A fin on the cube's top edge from (0,0,1) to (1,0,1): that edge now has three triangles.
  fin.triangles.push_back(
      {test_meshes::cube_corner(0, 0, 1), test_meshes::cube_corner(1, 0, 1), apex});
  const OpenEdges edges = count_open_edges(fin);
  EXPECT_EQ(edges.non_manifold_edges, 1);
  EXPECT_EQ(edges.boundary_edges, 2);  // the fin's two free edges
}

TEST(MeshMeasures, ConcentricSpheresAreTheRadiusDifferenceApart) {
  const anatomy::TriangleMesh inner = test_meshes::icosphere(10.0, 4);
  const anatomy::TriangleMesh outer = test_meshes::icosphere(12.0, 4);
  // Tessellation error: a level-4 icosphere's flat triangles lie at most r (1 - cos a) inside
  // the sphere, a = the angle of a triangle's circumradius, about 0.007 mm at r = 10 mm.
  constexpr double kTessellationMm = 0.02;
  const SurfaceDistance out_in = surface_distance(outer, inner);
  EXPECT_NEAR(out_in.max_mm, 2.0, kTessellationMm);
  EXPECT_NEAR(out_in.mean_mm, 2.0, kTessellationMm);
  const SurfaceDistance in_out = surface_distance(inner, outer);
  EXPECT_NEAR(in_out.max_mm, 2.0, kTessellationMm);
  EXPECT_NEAR(in_out.mean_mm, 2.0, kTessellationMm);
  EXPECT_NEAR(hausdorff_mm(inner, outer), 2.0, kTessellationMm);
  EXPECT_NEAR(hausdorff_mm(inner, inner), 0.0, 1e-12);
  // And the enclosed volume is the sphere's within the same tessellation error.
  EXPECT_NEAR(enclosed_volume_mm3(inner), 4.0 / 3.0 * M_PI * 1000.0, 4.0 * M_PI * 100.0 * 0.01);
}

}  // namespace
}  // namespace toxplan::atlas_build
