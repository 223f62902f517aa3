// Trimmed similarity ICP: a known similarity is recovered on a real bone, and the real 3.0
// corrugator and procerus come closer to the 4.0 frontal and nasal bones than the box fit put
// them (tests/fixtures/bodyparts3d).
#include "atlas_build/similarity_registration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "anatomy/mesh_import.h"
#include "support/test_paths.h"

namespace toxplan::atlas_build {
namespace {

anatomy::TriangleMesh load(const std::vector<std::string>& rels, double scale_to_mm) {
  const std::string dir = test::fixtures_dir() + "/bodyparts3d/";
  std::vector<anatomy::MeshSource> sources;
  for (const auto& rel : rels)
    sources.push_back({dir + rel, rel, ""});
  anatomy::MeshFrame frame;
  frame.lps = true;
  frame.scale_to_mm = scale_to_mm;
  anatomy::TriangleMesh mesh;
  Findings findings;
  EXPECT_TRUE(anatomy::import_meshes(sources, frame, "test", &mesh, &findings))
      << (findings.empty() ? "" : findings.back().message);
  return mesh;
}

// Rotation by `deg` about the unit axis (x, y, z), row-major.
std::array<double, 9> rotation(double deg, Vec3 axis) {
  axis = normalized(axis);
  const double a = deg * 3.14159265358979 / 180.0, c = std::cos(a), s = std::sin(a);
  const double x = axis.x, y = axis.y, z = axis.z;
  return {c + x * x * (1 - c),     x * y * (1 - c) - z * s, x * z * (1 - c) + y * s,
          y * x * (1 - c) + z * s, c + y * y * (1 - c),     y * z * (1 - c) - x * s,
          z * x * (1 - c) - y * s, z * y * (1 - c) + x * s, c + z * z * (1 - c)};
}

// The inverse of a similarity: p = (R^T (q - t)) / s.
Vec3 inverse_apply(const Similarity& t, const Vec3& q) {
  const Vec3 d = q - t.translation;
  const auto& r = t.rotation;
  return Vec3{r[0] * d.x + r[3] * d.y + r[6] * d.z, r[1] * d.x + r[4] * d.y + r[7] * d.z,
              r[2] * d.x + r[5] * d.y + r[8] * d.z} *
         (1.0 / t.scale);
}

TEST(SimilarityRegistration, RecoversAKnownSimilarityOnARealBone) {
  const anatomy::TriangleMesh frontal =
      load({"4.0/bones/FJ3200_BP50323_FMA52734_Frontal_bone.glb"}, 100.0);
  // 3 % larger, turned 4 degrees about the bone's centre, moved 4.2 mm (the size of the
  // correction the 3.0 -> 4.0 box fit leaves).
  Vec3 centre;
  for (const Vec3& v : frontal.vertices_mm)
    centre = centre + v;
  centre = centre * (1.0 / frontal.vertices_mm.size());
  Similarity truth;
  truth.scale = 1.03;
  truth.rotation = rotation(4.0, {0.3, 1.0, -0.4});
  Similarity about_origin = truth;
  truth.translation = centre - about_origin.apply(centre) + Vec3{2.5, -3.0, 1.5};
  // Moving points: every third vertex of the bone, moved by the inverse of `truth`, so that
  // registering them back onto the bone must find `truth`.
  std::vector<Vec3> moving, original;
  for (std::size_t i = 0; i < frontal.vertices_mm.size(); i += 3) {
    original.push_back(frontal.vertices_mm[i]);
    moving.push_back(inverse_apply(truth, frontal.vertices_mm[i]));
  }
  RegistrationOptions options;
  options.inlier_fraction = 0.9;
  // Point-to-point ICP slides slowly along a smooth shell: give it room to finish.
  options.max_iterations = 400;
  const RegistrationResult r = register_similarity(moving, frontal, Similarity{}, options);
  double worst = 0.0;
  for (std::size_t i = 0; i < moving.size(); ++i) {
    worst = std::max(worst, distance(r.transform.apply(moving[i]), original[i]));
  }
  EXPECT_LT(worst, 0.2);
  EXPECT_NEAR(r.transform.scale, truth.scale, 0.005 * truth.scale);
  EXPECT_LT(r.median_residual_mm, 0.05);
  EXPECT_GT(r.median_residual_before_mm, 0.5);
  EXPECT_GT(r.iterations, 1);
  // A proper rotation.
  const auto& m = r.transform.rotation;
  const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                     m[2] * (m[3] * m[7] - m[4] * m[6]);
  EXPECT_NEAR(det, 1.0, 1e-9);
}

// SOURCES (docs/atlas-build-landmarks.md): p4 = 1.0577 p3 + (0.1, 15.5, -96.7) in the LPS
// 4.0 frame; with x and y negated on both sides the RAS translation is (-0.1, -15.5, -96.7).
Similarity box_fit_ras() {
  Similarity s;
  s.scale = 1.0577;
  s.translation = {-0.1, -15.5, -96.7};
  return s;
}

TEST(SimilarityRegistration, BringsTheRealCorrugatorAndProcerusCloserToTheirBones) {
  const anatomy::TriangleMesh bones =
      load({"4.0/bones/FJ3200_BP50323_FMA52734_Frontal_bone.glb",
            "4.0/bones/FJ6383_BP49463_FMA53648_Left_nasal_bone.glb",
            "4.0/bones/FJ6470_BP49469_FMA53647_Right_nasal_bone.glb"},
           100.0);
  const anatomy::TriangleMesh muscles =
      load({"3.0-face/FJ448_BP2553_FMA46797_Left_corrugator_supercilii.obj",
            "3.0-face/FJ400_BP2567_FMA55611_Left_procerus.obj",
            "3.0-face/FJ722_BP2566_FMA55610_Right_procerus.obj"},
           1.0);
  const RegistrationResult r = register_similarity(muscles.vertices_mm, bones, box_fit_ras());
  EXPECT_LE(r.median_residual_mm, r.median_residual_before_mm);
  EXPECT_LT(r.median_residual_before_mm, 3.0);  // the box fit already puts them near
  EXPECT_GT(r.pairs_used, muscles.vertices_mm.size() / 3);
  // A refinement, not a new placement: scale within 5 % of the box fit.
  EXPECT_NEAR(r.transform.scale, 1.0577, 0.05);
}

// A muscle's superficial face lies off the bone: such points must not pull the fit. Here a
// third of the moving points are the bone's points pushed 6 mm off along x (as if they were a
// second surface); the trimmed fit still recovers the similarity on the true points.
TEST(SimilarityRegistration, TrimmingIgnoresPointsOffTheSurface) {
  const anatomy::TriangleMesh frontal =
      load({"4.0/bones/FJ3200_BP50323_FMA52734_Frontal_bone.glb"}, 100.0);
  Vec3 centre;
  for (const Vec3& v : frontal.vertices_mm)
    centre = centre + v;
  centre = centre * (1.0 / frontal.vertices_mm.size());
  Similarity truth;
  truth.scale = 0.98;
  truth.rotation = rotation(2.0, {1.0, 0.2, 0.1});
  Similarity about_origin = truth;
  truth.translation = centre - about_origin.apply(centre) + Vec3{-1.5, 2.0, 1.0};
  std::vector<Vec3> moving, original;
  for (std::size_t i = 0; i < frontal.vertices_mm.size(); i += 3) {
    original.push_back(frontal.vertices_mm[i]);
    moving.push_back(inverse_apply(truth, frontal.vertices_mm[i]));
  }
  const std::size_t true_points = moving.size();
  for (std::size_t i = 1; i < frontal.vertices_mm.size(); i += 6) {
    moving.push_back(inverse_apply(truth, frontal.vertices_mm[i] + Vec3{6.0, 0, 0}));
  }
  RegistrationOptions options;
  options.inlier_fraction = 0.6;
  options.max_iterations = 400;
  const RegistrationResult r = register_similarity(moving, frontal, Similarity{}, options);
  double worst = 0.0;
  for (std::size_t i = 0; i < true_points; ++i) {
    worst = std::max(worst, distance(r.transform.apply(moving[i]), original[i]));
  }
  EXPECT_LT(worst, 0.3);
  EXPECT_NEAR(r.transform.scale, truth.scale, 0.005 * truth.scale);
}

TEST(SimilarityRegistration, RejectsTooFewPoints) {
  anatomy::TriangleMesh tri;
  tri.vertices_mm = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
  tri.triangles = {{0, 1, 2}};
  EXPECT_THROW(register_similarity({{0, 0, 0}}, tri, Similarity{}), std::invalid_argument);
}

}  // namespace
}  // namespace toxplan::atlas_build
