// The skin conformed to the sourced depth of the tissue under it (soft_tissue_conform.h): a
// sphere of skin around a sphere of bone is moved in where the gap is too wide and out where it
// is too narrow, stays put where the band's weight is 0, and stays closed (same triangles).
#include "atlas_build/soft_tissue_conform.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_meshes.h"

namespace toxplan::atlas_build::soft {
namespace {

double radius(const Vec3& p) {
  return std::sqrt(dot(p, p));
}

// Gap between the skin vertices and a bone sphere of radius 80 mm (both centred at 0).
std::pair<double, double> gap_range(const anatomy::TriangleMesh& skin) {
  double lo = 1e300, hi = -1e300;
  for (const Vec3& p : skin.vertices_mm) {
    lo = std::min(lo, radius(p) - 80.0);
    hi = std::max(hi, radius(p) - 80.0);
  }
  return {lo, hi};
}

TEST(SoftTissueConform, WideGapIsClosedToTheBandsUpperEnd) {
  const anatomy::TriangleMesh skin = test_meshes::icosphere(100.0, 3);  // 20 mm over the bone
  const anatomy::TriangleMesh bone = test_meshes::icosphere(80.0, 4);
  const ConformedSkin c = conform_skin(skin, {&bone}, [](const Vec3&) {
    return Regions::CoverBand{5.0, 6.5, 1.0};
  });
  const auto [lo, hi] = gap_range(c.mesh);
  // The facets of the bone sphere lie up to 0.3 mm inside its vertices' radius.
  EXPECT_GT(lo, 5.0);
  EXPECT_LT(hi, 7.0);
  EXPECT_NEAR(c.deepest_in_mm, 14.0, 0.7);
  EXPECT_EQ(c.mesh.triangles, skin.triangles);
  EXPECT_EQ(c.triangles_flipped, 0);
}

TEST(SoftTissueConform, NarrowGapIsOpenedToTheBandsLowerEnd) {
  const anatomy::TriangleMesh skin = test_meshes::icosphere(82.0, 3);  // 2 mm over the bone
  const anatomy::TriangleMesh bone = test_meshes::icosphere(80.0, 4);
  const ConformedSkin c = conform_skin(skin, {&bone}, [](const Vec3&) {
    return Regions::CoverBand{5.34, 6.65, 1.0};
  });
  const auto [lo, hi] = gap_range(c.mesh);
  EXPECT_GT(lo, 5.2);
  EXPECT_LT(hi, 6.7);
  EXPECT_GT(c.farthest_out_mm, 3.0);
}

TEST(SoftTissueConform, WeightZeroLeavesTheSkinWhereItIs) {
  const anatomy::TriangleMesh skin = test_meshes::icosphere(100.0, 3);
  const anatomy::TriangleMesh bone = test_meshes::icosphere(80.0, 4);
  // Only the upper half (z > 0) takes part, fading over 20 mm.
  const ConformedSkin c = conform_skin(skin, {&bone}, [](const Vec3& p) {
    return Regions::CoverBand{5.0, 6.5, std::clamp(p.z / 20.0, 0.0, 1.0)};
  });
  for (std::size_t v = 0; v < skin.vertices_mm.size(); ++v) {
    const double r = radius(c.mesh.vertices_mm[v]);
    if (skin.vertices_mm[v].z < -40.0) {
      EXPECT_NEAR(r, 100.0, 0.5) << "vertex " << v;
    }
    if (skin.vertices_mm[v].z > 60.0) {
      EXPECT_LT(r, 88.0) << "vertex " << v;
    }
  }
  // A landmark on the moved part moves with it, one on the fixed part does not.
  EXPECT_LT(radius(moved_with_skin(c, skin, {0, 0, 100})), 88.0);
  EXPECT_NEAR(radius(moved_with_skin(c, skin, {0, 0, -100})), 100.0, 0.5);
}

}  // namespace
}  // namespace toxplan::atlas_build::soft
