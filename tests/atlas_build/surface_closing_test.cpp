#include "atlas_build/surface_closing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "anatomy/axis_raster.h"
#include "anatomy/mesh_import.h"
#include "atlas_build/mesh_measures.h"
#include "atlas_build/test_meshes.h"
#include "support/test_paths.h"

namespace toxplan::atlas_build {
namespace {

anatomy::TriangleMesh fixture_corrugator() {
  const std::string path =
      toxplan::test::fixtures_dir() +
      "/bodyparts3d/3.0-face/FJ448_BP2553_FMA46797_Left_corrugator_supercilii.obj";
  anatomy::TriangleMesh mesh;
  Findings findings;
  EXPECT_TRUE(anatomy::import_meshes({{path, path, ""}}, anatomy::MeshFrame{}, "corrugator", &mesh,
                                     &findings));
  return mesh;
}

// The volume an open surface bounds, independent of the closing under test: the generalized
// winding number (Jacobson et al. 2013; the sum of the solid angles of the triangles over 4 pi)
// is about 1 inside a surface with small holes and about 0 outside, sampled at the centres of a
// grid of `cell_mm` cubes.
double winding_number_volume_mm3(const anatomy::TriangleMesh& mesh, double cell_mm) {
  const anatomy::Box box = mesh.bounds();
  long inside = 0;
  for (double x = box.min_mm.x + cell_mm / 2; x < box.max_mm.x; x += cell_mm) {
    for (double y = box.min_mm.y + cell_mm / 2; y < box.max_mm.y; y += cell_mm) {
      for (double z = box.min_mm.z + cell_mm / 2; z < box.max_mm.z; z += cell_mm) {
        const Vec3 p{x, y, z};
        double solid = 0.0;
        for (const auto& t : mesh.triangles) {
          const Vec3 a = mesh.vertices_mm[t[0]] - p;
          const Vec3 b = mesh.vertices_mm[t[1]] - p;
          const Vec3 c = mesh.vertices_mm[t[2]] - p;
          const double la = norm(a), lb = norm(b), lc = norm(c);
          solid += 2.0 * std::atan2(dot(a, cross(b, c)), la * lb * lc + dot(a, b) * lc +
                                                             dot(b, c) * la + dot(c, a) * lb);
        }
        inside += std::abs(solid / (4.0 * M_PI)) > 0.5 ? 1 : 0;
      }
    }
  }
  return static_cast<double>(inside) * cell_mm * cell_mm * cell_mm;
}

TEST(SurfaceClosing, ClosedSourceComesBackAsItIs) {
  const anatomy::TriangleMesh cube = test_meshes::unit_cube(-1, false);
  const ClosedSurface closed = close_surface(cube);
  EXPECT_EQ(closed.boundary_edges_before, 0);
  EXPECT_EQ(closed.mesh.triangles, cube.triangles);
  EXPECT_DOUBLE_EQ(closed.hausdorff_mm, 0.0);
  EXPECT_NEAR(closed.volume_mm3, 1.0, 1e-12);
  EXPECT_EQ(closed.method, "already closed");
}

TEST(SurfaceClosing, CubeMissingAFaceGetsItBack) {
  const ClosedSurface closed = close_surface(test_meshes::unit_cube(/*drop_face=*/5, true));
  EXPECT_EQ(closed.boundary_edges_before, 4);
  EXPECT_TRUE(count_open_edges(closed.mesh).closed());
  EXPECT_EQ(closed.mesh.triangles.size(), 12u);
  EXPECT_NEAR(closed.volume_mm3, 1.0, 1e-12);
  // The new face's diagonal midpoint (0.5, 0.5, 1) is 0.5 mm from the nearest source edge.
  EXPECT_NEAR(closed.hausdorff_mm, 0.5, 1e-12);
  EXPECT_NE(closed.method.find("1 holes filled"), std::string::npos) << closed.method;
  // 0.5 mm is over a 0.4 mm tolerance: the report line says so.
  EXPECT_NE(close_surface(test_meshes::unit_cube(5, true), 0.4)
                .method.find("(Hausdorff over the tolerance of 0.4 mm)"),
            std::string::npos);
}

TEST(SurfaceClosing, FlippedTriangleIsRewoundBeforeTheHoleIsFollowed) {
  anatomy::TriangleMesh open_box = test_meshes::unit_cube(/*drop_face=*/5, false);
  std::swap(open_box.triangles[0][1], open_box.triangles[0][2]);  // one triangle wound inward
  const ClosedSurface closed = close_surface(open_box);
  EXPECT_TRUE(count_open_edges(closed.mesh).closed());
  EXPECT_EQ(closed.mesh.triangles.size(), 12u);
  EXPECT_NEAR(closed.volume_mm3, 1.0, 1e-12);
}

TEST(SurfaceClosing, FinOnAnEdgeIsCutOffAndItsHoleFilled) {
  anatomy::TriangleMesh fin = test_meshes::unit_cube(-1, false);
  const int apex = static_cast<int>(fin.vertices_mm.size());
  fin.vertices_mm.push_back({0.5, -1.0, 1.0});
  fin.triangles.push_back(
      {test_meshes::cube_corner(0, 0, 1), test_meshes::cube_corner(1, 0, 1), apex});
  ASSERT_EQ(count_open_edges(fin).non_manifold_edges, 1);
  const ClosedSurface closed = close_surface(fin);
  const OpenEdges after = count_open_edges(closed.mesh);
  EXPECT_EQ(after.boundary_edges, 0);
  EXPECT_EQ(after.non_manifold_edges, 0);
  EXPECT_NEAR(closed.volume_mm3, 1.0, 1e-12);
  // The fin is gone, so its tip (1 mm out) is that far from the result.
  EXPECT_NEAR(closed.hausdorff_mm, 1.0, 1e-12);
  EXPECT_NE(closed.method.find("3 non-manifold or repeated triangles replaced"), std::string::npos)
      << closed.method;
}

TEST(SurfaceClosing, FixtureCorrugatorClosesWithinHalfAMillimetreKeepingItsVolume) {
  const anatomy::TriangleMesh source = fixture_corrugator();
  ASSERT_FALSE(source.triangles.empty());
  const ClosedSurface closed = close_surface(source, 0.5);
  // BodyParts3D's quality figure for the corrugator: about 160 boundary edges.
  EXPECT_EQ(closed.boundary_edges_before, 176);
  const OpenEdges after = count_open_edges(closed.mesh);
  EXPECT_EQ(after.boundary_edges, 0);
  EXPECT_EQ(after.non_manifold_edges, 0);
  EXPECT_LE(closed.hausdorff_mm, 0.5);
  // Its holes are slits between near-coincident rims: zipped by the least-area fill they stay
  // within 0.04 mm (a fan around each hole's centre would reach 0.1 mm and more).
  EXPECT_NEAR(closed.hausdorff_mm, 0.038, 0.002);
  EXPECT_NEAR(closed.hausdorff_mm, hausdorff_mm(closed.mesh, source), 1e-12);
  // The source keeps its real thickness: every source triangle is still there.
  ASSERT_GE(closed.mesh.triangles.size(), source.triangles.size());
  // The OBJ header's "Volume(cm3): 0.0577" is the divergence sum of the open surface about the
  // file's origin, which is meaningless with holes; the winding number volume is not.
  const double source_mm3 = winding_number_volume_mm3(source, 0.5);
  EXPECT_NEAR(source_mm3, 184.0, 5.0);
  EXPECT_NEAR(closed.volume_mm3, source_mm3, 0.2 * source_mm3);
  EXPECT_NEAR(closed.volume_mm3, 183.2, 1.0);
}

// Volume of the points that ray parity (what containment uses) puts inside, on a grid.
double parity_volume_mm3(const anatomy::TriangleMesh& mesh, double cell_mm) {
  const anatomy::AxisRaster raster(&mesh, 2);
  const anatomy::Box box = mesh.bounds();
  long inside = 0;
  for (double x = box.min_mm.x + cell_mm / 2; x < box.max_mm.x; x += cell_mm) {
    for (double y = box.min_mm.y + cell_mm / 2; y < box.max_mm.y; y += cell_mm) {
      for (double z = box.min_mm.z + cell_mm / 2; z < box.max_mm.z; z += cell_mm) {
        inside += raster.crossings_above(x, y, z) % 2;
      }
    }
  }
  return static_cast<double>(inside) * cell_mm * cell_mm * cell_mm;
}

TEST(SurfaceClosing, ClosedCorrugatorDecidesInsideByRayParity) {
  // What closing is for: containment casts rays and counts crossings. On the closed corrugator
  // the parity volume is its enclosed volume (so no ray leaks through a hole or a fill that
  // crosses the surface); on the open source, rays leak through the holes.
  const anatomy::TriangleMesh source = fixture_corrugator();
  const ClosedSurface closed = close_surface(source);
  EXPECT_NEAR(parity_volume_mm3(closed.mesh, 0.1), closed.volume_mm3, 0.01 * closed.volume_mm3);
  // Measured on the open source: 8.9 mm^3 (4.9 %) off.
  EXPECT_GT(std::abs(parity_volume_mm3(source, 0.1) - closed.volume_mm3), 0.03 * closed.volume_mm3);
}

TEST(SurfaceClosing, EmptyMeshIsAClearError) {
  try {
    close_surface(anatomy::TriangleMesh{});
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "has no triangles to close");
  }
}

TEST(SurfaceClosing, SameInputGivesTheSameMeshEveryRun) {
  const anatomy::TriangleMesh source = fixture_corrugator();
  const ClosedSurface first = close_surface(source);
  const ClosedSurface second = close_surface(source);
  EXPECT_EQ(first.mesh.triangles, second.mesh.triangles);
  EXPECT_EQ(first.mesh.vertices_mm, second.mesh.vertices_mm);
  EXPECT_EQ(first.hausdorff_mm, second.hausdorff_mm);
  EXPECT_EQ(first.method, second.method);
}

}  // namespace
}  // namespace toxplan::atlas_build
