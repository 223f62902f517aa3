// The display copy of a structure (atlas_build/display_mesh.h): about the asked number of
// triangles, close to the full surface, nearly closed, and the same copy every time.
#include "atlas_build/display_mesh.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "anatomy/mesh_import.h"
#include "anatomy/structure_index.h"
#include "anatomy/triangle_bvh.h"
#include "support/test_paths.h"

namespace toxplan::atlas_build {
namespace {

anatomy::TriangleMesh frontal_bone() {
  anatomy::MeshFrame frame;
  frame.scale_to_mm = 100;  // BodyParts3D 4.0 GLB: mm / 100, LPS
  frame.lps = true;
  const std::string path =
      test::fixtures_dir() + "/bodyparts3d/4.0/bones/FJ3200_BP50323_FMA52734_Frontal_bone.glb";
  anatomy::TriangleMesh mesh;
  Findings findings;
  EXPECT_TRUE(anatomy::import_meshes({{path, "frontal bone", "/x"}}, frame, "frontal_bone", &mesh,
                                     &findings));
  return mesh;
}

// Largest distance from the vertices and triangle centroids of `from` to the surface `to`.
double one_sided_mm(const anatomy::TriangleMesh& from, const anatomy::TriangleMesh& to) {
  const anatomy::TriangleBvh bvh(&to);
  double worst = 0.0;
  auto measure = [&](const Vec3& p) {
    anatomy::ClosestPoint closest;
    EXPECT_TRUE(bvh.closest_point(p, 50.0, &closest));
    worst = std::max(worst, closest.distance_mm);
  };
  for (const Vec3& p : from.vertices_mm)
    measure(p);
  for (const auto& tri : from.triangles) {
    measure((from.vertices_mm[tri[0]] + from.vertices_mm[tri[1]] + from.vertices_mm[tri[2]]) *
            (1.0 / 3.0));
  }
  return worst;
}

TEST(DisplayMesh, RealBoneDecimatedToTheTargetStaysCloseAndClosed) {
  const anatomy::TriangleMesh full = frontal_bone();
  ASSERT_EQ(full.triangles.size(), 14510u);
  const int target = 4000;
  const anatomy::TriangleMesh coarse = decimate_for_display(full, target);
  EXPECT_GE(coarse.triangles.size(), 0.9 * target);
  EXPECT_LE(coarse.triangles.size(), 1.02 * target);
  // Hausdorff distance (sampled at vertices and centroids, both ways): what a viewer sees differ.
  const double hausdorff_mm = std::max(one_sided_mm(coarse, full), one_sided_mm(full, coarse));
  EXPECT_LT(hausdorff_mm, 0.75);
  RecordProperty("hausdorff_mm", std::to_string(hausdorff_mm));
  const anatomy::StructureIndex full_index(full);
  const anatomy::StructureIndex coarse_index(coarse);
  // Edge collapse may open a few edges where the bone is thinner than a collapsed edge (drawn,
  // never used for containment): a handful, not a torn surface.
  ASSERT_TRUE(full_index.closed());
  EXPECT_LE(coarse_index.topology().boundary_edges + coarse_index.topology().non_manifold_edges,
            0.005 * static_cast<double>(coarse.triangles.size()));
  // The enclosed volume is kept within 2%.
  EXPECT_NEAR(coarse_index.volume_mm3(), full_index.volume_mm3(), 0.02 * full_index.volume_mm3());
}

TEST(DisplayMesh, SameInputSameCopy) {
  const anatomy::TriangleMesh full = frontal_bone();
  const anatomy::TriangleMesh a = decimate_for_display(full, 2000);
  const anatomy::TriangleMesh b = decimate_for_display(full, 2000);
  EXPECT_EQ(a.triangles, b.triangles);
  ASSERT_EQ(a.vertices_mm.size(), b.vertices_mm.size());
  for (std::size_t i = 0; i < a.vertices_mm.size(); ++i) {
    EXPECT_TRUE(a.vertices_mm[i] == b.vertices_mm[i]) << i;
  }
}

TEST(DisplayMesh, SmallMeshIsKeptAsItIs) {
  const anatomy::TriangleMesh full = frontal_bone();
  const anatomy::TriangleMesh same = decimate_for_display(full, 20000);
  EXPECT_EQ(same.triangles, full.triangles);
  EXPECT_EQ(same.vertices_mm.size(), full.vertices_mm.size());
}

}  // namespace
}  // namespace toxplan::atlas_build
