// Spatial queries on nested spheres with known answers: skin shell r 50-48, fat shell 48-45,
// muscle shell 45-20, bone ball r 20, all centred at the origin.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "anatomy/atlas.h"
#include "anatomy_fixtures.h"

namespace toxplan::anatomy {
namespace {

using testing::TempDir;

class NestedSpheres : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    testing::write_ply(dir_->path() / "meshes/skin.ply", testing::sphere_shell(50, 48), true);
    testing::write_obj(dir_->path() / "meshes/fat.obj", testing::sphere_shell(48, 45));
    testing::write_stl(dir_->path() / "meshes/muscle.stl", testing::sphere_shell(45, 20), true);
    testing::write_ply(dir_->path() / "meshes/bone.ply", testing::uv_sphere(20), false);
    nlohmann::json m = testing::manifest_header();
    m["structures"].push_back(testing::structure_entry("skin", "skin", "meshes/skin.ply"));
    m["structures"].push_back(testing::structure_entry("fat", "fat", "meshes/fat.obj"));
    nlohmann::json muscle = testing::structure_entry("muscle", "muscle", "meshes/muscle.stl");
    muscle["fibre"] = {{"type", "constant"}, {"direction", {1, 0, 0}}};
    m["structures"].push_back(muscle);
    m["structures"].push_back(testing::structure_entry("bone", "bone", "meshes/bone.ply"));
    testing::write_manifest(dir_->path(), m);
    Findings findings;
    atlas_ = Atlas::load(dir_->str(), &findings).release();
    ASSERT_NE(atlas_, nullptr) << findings.front().message;
    ASSERT_TRUE(findings.empty()) << findings.front().message;
  }
  static void TearDownTestSuite() {
    delete atlas_;
    delete dir_;
  }
  static int label(const char* id) { return atlas_->find(id)->label; }

  static TempDir* dir_;
  static Atlas* atlas_;
};

TempDir* NestedSpheres::dir_ = nullptr;
Atlas* NestedSpheres::atlas_ = nullptr;

TEST_F(NestedSpheres, AllClosedWithAnalyticVolumes) {
  auto shell_cm3 = [](double ro, double ri) {
    return 4.0 / 3.0 * std::acos(-1.0) * (ro * ro * ro - ri * ri * ri) / 1000.0;
  };
  EXPECT_NEAR(atlas_->find("skin")->volume_cm3, shell_cm3(50, 48), 0.01 * shell_cm3(50, 48));
  EXPECT_NEAR(atlas_->find("fat")->volume_cm3, shell_cm3(48, 45), 0.01 * shell_cm3(48, 45));
  EXPECT_NEAR(atlas_->find("muscle")->volume_cm3, shell_cm3(45, 20), 0.01 * shell_cm3(45, 20));
  EXPECT_NEAR(atlas_->find("bone")->volume_cm3, shell_cm3(20, 0), 0.01 * shell_cm3(20, 0));
  for (const Structure& s : atlas_->structures()) {
    EXPECT_TRUE(s.closed) << s.id;
  }
}

TEST_F(NestedSpheres, LabelAtEachLayer) {
  EXPECT_EQ(atlas_->label_at({0, 0, 60}), 0);
  EXPECT_EQ(atlas_->label_at({49, 0, 0}), label("skin"));
  EXPECT_EQ(atlas_->label_at({0, -46.5, 0}), label("fat"));
  EXPECT_EQ(atlas_->label_at({10, 10, 20}), label("muscle"));
  EXPECT_EQ(atlas_->label_at({3, 4, 5}), label("bone"));
  // On the z axis every column passes through the poles, where 128 triangles meet: the
  // parity rule must still count each surface once.
  EXPECT_EQ(atlas_->label_at({0, 0, 0}), label("bone"));
  EXPECT_EQ(atlas_->label_at({0, 0, 30}), label("muscle"));
  EXPECT_EQ(atlas_->label_at({0, 0, -46}), label("fat"));
  EXPECT_EQ(atlas_->label_at({0, 0, 49}), label("skin"));
  EXPECT_EQ(atlas_->label_at({0, 0, -55}), 0);
}

TEST_F(NestedSpheres, NeedleFromThePoleCrossesEveryLayerAtAnalyticDepths) {
  const auto segments = atlas_->along_needle({0, 0, 50}, {0, 0, -1}, 100);
  const std::vector<std::pair<const char*, std::pair<double, double>>> expected = {
      {"skin", {0, 2}},     {"fat", {2, 5}},   {"muscle", {5, 30}}, {"bone", {30, 70}},
      {"muscle", {70, 95}}, {"fat", {95, 98}}, {"skin", {98, 100}}};
  ASSERT_EQ(segments.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(segments[i].label, label(expected[i].first)) << i;
    EXPECT_NEAR(segments[i].entry_depth_mm, expected[i].second.first, 0.1) << i;
    EXPECT_NEAR(segments[i].exit_depth_mm, expected[i].second.second, 0.1) << i;
  }
}

TEST_F(NestedSpheres, OffAxisNeedleMatchesChordDepths) {
  // A vertical needle at radius 5 from the axis, from where it meets the skin.
  const auto skin = atlas_->cast_to_skin({3, 4, 200}, {0, 0, -1});
  ASSERT_TRUE(skin.has_value());
  const double rho2 = 25.0;
  auto z_at = [&](double r) { return std::sqrt(r * r - rho2); };
  EXPECT_NEAR(skin->point_mm.z, z_at(50), 0.05);
  const double z0 = skin->point_mm.z;
  const auto segments = atlas_->along_needle(skin->point_mm, {0, 0, -1}, 40);
  ASSERT_EQ(segments.size(), 4u);
  EXPECT_EQ(segments[0].label, label("skin"));
  EXPECT_NEAR(segments[0].exit_depth_mm, z0 - z_at(48), 0.1);
  EXPECT_EQ(segments[1].label, label("fat"));
  EXPECT_NEAR(segments[1].entry_depth_mm, z0 - z_at(48), 0.1);
  EXPECT_NEAR(segments[1].exit_depth_mm, z0 - z_at(45), 0.1);
  EXPECT_EQ(segments[2].label, label("muscle"));
  EXPECT_NEAR(segments[2].exit_depth_mm, z0 - z_at(20), 0.1);
  EXPECT_EQ(segments[3].label, label("bone"));
  EXPECT_NEAR(segments[3].exit_depth_mm, 40.0, 1e-9);  // stops at max depth
}

TEST_F(NestedSpheres, ObliqueNeedleTowardTheCentre) {
  const Vec3 dir = normalized(Vec3{-1, -2, -2});
  const Vec3 skin = dir * -50.0;
  const auto segments = atlas_->along_needle(skin, dir, 50);
  ASSERT_EQ(segments.size(), 4u);
  EXPECT_NEAR(segments[0].exit_depth_mm, 2, 0.15);
  EXPECT_NEAR(segments[1].exit_depth_mm, 5, 0.15);
  EXPECT_NEAR(segments[2].exit_depth_mm, 30, 0.15);
  EXPECT_EQ(segments[3].label, label("bone"));
  EXPECT_NEAR(segments[3].entry_depth_mm, 30, 0.15);
}

TEST_F(NestedSpheres, NeedleOutsideTheBodyHasNoSegments) {
  EXPECT_TRUE(atlas_->along_needle({0, 0, 80}, {0, 0, 1}, 30).empty());
  EXPECT_TRUE(atlas_->along_needle({0, 0, 50}, {0, 0, 0}, 30).empty());
  EXPECT_TRUE(atlas_->along_needle({0, 0, 50}, {0, 0, -1}, 0).empty());
}

TEST_F(NestedSpheres, CastToSkinReturnsOutwardNormal) {
  const auto top = atlas_->cast_to_skin({0, 0, 200}, {0, 0, -3});
  ASSERT_TRUE(top.has_value());
  EXPECT_NEAR(top->point_mm.z, 50, 1e-9);
  EXPECT_GT(top->outward_normal.z, 0.99);
  EXPECT_NEAR(norm(top->outward_normal), 1.0, 1e-12);
  const auto side = atlas_->cast_to_skin({100, 0.3, 0.2}, {-1, 0, 0});
  ASSERT_TRUE(side.has_value());
  EXPECT_NEAR(side->point_mm.x, 50, 0.05);
  EXPECT_GT(side->outward_normal.x, 0.99);
  EXPECT_FALSE(atlas_->cast_to_skin({0, 0, 200}, {0, 0, 1}).has_value());
  EXPECT_FALSE(atlas_->cast_to_skin({0, 70, 0}, {1, 0, 0}).has_value());
}

TEST_F(NestedSpheres, NearestDistances) {
  const auto near = atlas_->nearest({0, 0, 70}, 30);
  ASSERT_EQ(near.size(), 3u);  // bone is 50 mm away
  EXPECT_EQ(near[0].label, label("skin"));
  EXPECT_NEAR(near[0].distance_mm, 20, 1e-9);
  EXPECT_EQ(near[1].label, label("fat"));
  EXPECT_NEAR(near[1].distance_mm, 22, 1e-9);
  EXPECT_EQ(near[2].label, label("muscle"));
  EXPECT_NEAR(near[2].distance_mm, 25, 1e-9);

  const auto inside = atlas_->nearest({17, 0, 17}, 100);
  ASSERT_EQ(inside.size(), 4u);
  EXPECT_EQ(inside[0].label, label("muscle"));
  EXPECT_EQ(inside[0].distance_mm, 0.0);
  const double r = std::sqrt(2.0) * 17;
  EXPECT_EQ(inside[1].label, label("bone"));
  EXPECT_NEAR(inside[1].distance_mm, r - 20, 0.05);
  EXPECT_EQ(inside[2].label, label("fat"));
  EXPECT_NEAR(inside[2].distance_mm, 45 - r, 0.05);
  EXPECT_NEAR(inside[3].distance_mm, 48 - r, 0.05);
  EXPECT_TRUE(atlas_->nearest({0, 0, 200}, 10).empty());
}

TEST_F(NestedSpheres, MuscleThicknessUnderTheSkin) {
  EXPECT_NEAR(atlas_->muscle_thickness_mm({0, 0, 50}, {0, 0, -1}), 25.0, 0.1);
  EXPECT_EQ(atlas_->muscle_thickness_mm({0, 0, 80}, {0, 0, 1}), 0.0);
}

TEST_F(NestedSpheres, PerStructureQueries) {
  EXPECT_TRUE(atlas_->structure_contains(label("muscle"), {0, 30, 0}));
  EXPECT_FALSE(atlas_->structure_contains(label("muscle"), {0, 10, 0}));
  EXPECT_FALSE(atlas_->structure_contains(99, {0, 10, 0}));
  EXPECT_NEAR(atlas_->distance_to_surface_mm(label("bone"), {0, 0, 25}, 10), 5.0, 1e-9);
  EXPECT_LT(atlas_->distance_to_surface_mm(label("bone"), {0, 0, 45}, 10), 0.0);
  const Vec3 c = atlas_->surface_centroid_mm(label("bone"));
  EXPECT_NEAR(norm(c), 0.0, 1e-9);
}

TEST_F(NestedSpheres, QueriesAgreeAcrossThreads) {
  std::vector<Vec3> points;
  for (int i = 0; i < 400; ++i) {
    points.push_back({std::sin(i * 1.3) * 52, std::cos(i * 0.7) * 52, std::sin(i * 0.31) * 52});
  }
  std::vector<int> serial;
  std::vector<std::size_t> serial_segments;
  for (const auto& p : points) {
    serial.push_back(atlas_->label_at(p));
    serial_segments.push_back(atlas_->along_needle(p, -p, 60).size());
  }
  std::vector<int> parallel(points.size());
  std::vector<std::size_t> parallel_segments(points.size());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t]() {
      for (std::size_t i = t; i < points.size(); i += 4) {
        parallel[i] = atlas_->label_at(points[i]);
        parallel_segments[i] = atlas_->along_needle(points[i], -points[i], 60).size();
        atlas_->nearest(points[i], 5);
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(serial, parallel);
  EXPECT_EQ(serial_segments, parallel_segments);
  // And the labels are what the radii say.
  int checked = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double r = norm(points[i]);
    if (std::abs(r - 50) < 0.2 || std::abs(r - 48) < 0.2 || std::abs(r - 45) < 0.2 ||
        std::abs(r - 20) < 0.2) {
      continue;  // within tessellation error of a surface
    }
    const char* id = r > 50   ? nullptr
                     : r > 48 ? "skin"
                     : r > 45 ? "fat"
                     : r > 20 ? "muscle"
                              : "bone";
    EXPECT_EQ(serial[i], id ? label(id) : 0) << "r = " << r;
    ++checked;
  }
  EXPECT_GT(checked, 350);
}

}  // namespace
}  // namespace toxplan::anatomy
