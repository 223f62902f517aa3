#include "atlas_build/overlap_resolution.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "anatomy/mesh_import.h"
#include "atlas_build/mesh_measures.h"
#include "atlas_build/test_meshes.h"
#include "support/test_paths.h"

namespace toxplan::atlas_build {
namespace {

anatomy::TriangleMesh fixture_glb(const std::string& relative) {
  const std::string path = toxplan::test::fixtures_dir() + "/bodyparts3d/4.0/" + relative;
  anatomy::MeshFrame frame;
  frame.scale_to_mm = 100.0;  // BodyParts3D 4.0 GLB coordinates are mm / 100
  frame.lps = true;
  anatomy::TriangleMesh mesh;
  Findings findings;
  EXPECT_TRUE(anatomy::import_meshes({{path, path, ""}}, frame, relative, &mesh, &findings));
  return mesh;
}

// Triangles whose normal turned by more than 90 degrees from the original's.
int folded_triangles(const anatomy::TriangleMesh& before, const anatomy::TriangleMesh& after) {
  int folded = 0;
  for (std::size_t t = 0; t < before.triangles.size(); ++t) {
    folded += dot(before.triangle_normal(t), after.triangle_normal(t)) < 0.0 ? 1 : 0;
  }
  return folded;
}

TEST(OverlapResolution, RealSternocleidomastoidLeavesClavicleAndTemporalBone) {
  const anatomy::TriangleMesh scm =
      fixture_glb("muscles/FJ1573_BP47225_FMA13409_Left_sternocleidomastoid.glb");
  const anatomy::TriangleMesh clavicle =
      fixture_glb("bones/FJ3237_BP49030_FMA13323_Left_clavicle.glb");
  const anatomy::TriangleMesh temporal =
      fixture_glb("bones/FJ3281_BP50407_FMA52739_Left_temporal_bone.glb");
  ASSERT_TRUE(count_open_edges(scm).closed());
  const OverlapResolution r = move_out_of(scm, {&clavicle, &temporal}, 0.2);
  // SOURCES.md: the SCM enters the temporal bone and clavicle by 1-2 mm; measured 2.2 mm.
  EXPECT_NEAR(r.deepest_before_mm, 2.2, 0.1);
  EXPECT_LE(r.deepest_after_mm, 0.5);
  EXPECT_DOUBLE_EQ(r.deepest_after_mm, 0.0);  // every vertex is out, 0.2 mm clear
  EXPECT_GT(r.vertices_moved, 100);
  EXPECT_LT(r.vertices_moved, static_cast<int>(scm.vertices_mm.size()) / 2);
  EXPECT_EQ(r.mesh.triangles, scm.triangles);
  EXPECT_TRUE(count_open_edges(r.mesh).closed());
  EXPECT_EQ(folded_triangles(scm, r.mesh), 0);
  // Checked independently of the function's own report: a moved SCM vertex is no longer inside.
  const OverlapResolution again = move_out_of(r.mesh, {&clavicle, &temporal}, 0.2);
  EXPECT_DOUBLE_EQ(again.deepest_before_mm, 0.0);
  EXPECT_EQ(again.vertices_moved, 0);
}

TEST(OverlapResolution, SternalHeadSunkNineMillimetresIntoTheManubriumComesOut) {
  // The SCM's sternal head ends 9 mm inside the manubrium, next to the clavicle, and the two
  // bones overlap each other there: a vertex put out of one can land in the other, and the
  // nearest-point pushes squeeze the deep end from several sides. Settling (the region slides
  // while keeping the source's local shape, and is put out again each sweep) gets every vertex
  // out of both with few folds; without it 2.2 mm stay inside.
  const anatomy::TriangleMesh scm =
      fixture_glb("muscles/FJ1573_BP47225_FMA13409_Left_sternocleidomastoid.glb");
  const anatomy::TriangleMesh clavicle =
      fixture_glb("bones/FJ3237_BP49030_FMA13323_Left_clavicle.glb");
  const anatomy::TriangleMesh manubrium = fixture_glb("bones/FJ3290_BP48924_FMA7486_Manubrium.glb");
  const OverlapResolution r = move_out_of(scm, {&clavicle, &manubrium}, 0.2);
  EXPECT_NEAR(r.deepest_before_mm, 9.2, 0.05);
  EXPECT_DOUBLE_EQ(r.deepest_after_mm, 0.0);
  EXPECT_EQ(r.mesh.triangles, scm.triangles);
  EXPECT_TRUE(count_open_edges(r.mesh).closed());
  // Pressed out of 9 mm of bone, a handful of the 10,224 triangles still fold over (measured:
  // 9); never more than 0.1 %.
  EXPECT_LE(folded_triangles(scm, r.mesh), 10);
  const OverlapResolution again = move_out_of(r.mesh, {&clavicle, &manubrium}, 0.2);
  EXPECT_EQ(again.vertices_moved, 0);
}

TEST(OverlapResolution, SphereSunkIntoACubeIsPushedOutSmoothly) {
  // A sphere of radius 10 mm centred 12 mm from a 20 mm block's face: it enters by 3 mm.
  anatomy::TriangleMesh ball = test_meshes::icosphere(10.0, 4);
  for (Vec3& v : ball.vertices_mm) {
    v = v + Vec3{0, 0, 12.0};
  }
  anatomy::TriangleMesh block = test_meshes::unit_cube(-1, false);
  for (Vec3& v : block.vertices_mm) {
    v = Vec3{v.x * 40.0 - 20.0, v.y * 40.0 - 20.0, v.z * 20.0 - 15.0};  // top face at z = 5
  }
  const OverlapResolution r = move_out_of(ball, {&block}, 0.2);
  EXPECT_NEAR(r.deepest_before_mm, 3.0, 0.01);
  EXPECT_DOUBLE_EQ(r.deepest_after_mm, 0.0);
  double lowest = 1e9;
  for (const Vec3& v : r.mesh.vertices_mm) {
    lowest = std::min(lowest, v.z);
  }
  EXPECT_NEAR(lowest, 5.2, 1e-9);  // flattened onto the block, clearance above it
  EXPECT_TRUE(count_open_edges(r.mesh).closed());
  EXPECT_EQ(folded_triangles(ball, r.mesh), 0);
}

TEST(OverlapResolution, NothingInsideMovesNothing) {
  const anatomy::TriangleMesh ball = test_meshes::icosphere(5.0, 2);
  anatomy::TriangleMesh far_block = test_meshes::unit_cube(-1, false);
  for (Vec3& v : far_block.vertices_mm) {
    v = v + Vec3{100, 0, 0};
  }
  const OverlapResolution r = move_out_of(ball, {&far_block}, 0.2);
  EXPECT_EQ(r.vertices_moved, 0);
  EXPECT_EQ(r.mesh.vertices_mm, ball.vertices_mm);
  EXPECT_DOUBLE_EQ(r.deepest_before_mm, 0.0);
}

TEST(OverlapResolution, OpenHardMeshIsAClearError) {
  const anatomy::TriangleMesh ball = test_meshes::icosphere(5.0, 2);
  const anatomy::TriangleMesh closed_box = test_meshes::unit_cube(-1, false);
  const anatomy::TriangleMesh open_box = test_meshes::unit_cube(/*drop_face=*/5, false);
  try {
    move_out_of(ball, {&closed_box, &open_box}, 0.2);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "hard mesh 2 of 2 is not closed (4 boundary and 0 non-manifold edges): close it "
                 "before moving muscles out of it");
  }
}

}  // namespace
}  // namespace toxplan::atlas_build
