// Label volumes: voxel-exact volumes of analytic shapes, overlap priority, fibre directions
// and the cache.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "anatomy/atlas.h"
#include "anatomy/label_volume_builder.h"
#include "anatomy_fixtures.h"

namespace toxplan::anatomy {
namespace {

using testing::TempDir;

std::unique_ptr<Atlas> load(const TempDir& dir, const nlohmann::json& manifest) {
  testing::write_manifest(dir.path(), manifest);
  Findings findings;
  auto atlas = Atlas::load(dir.str(), &findings);
  EXPECT_NE(atlas, nullptr) << (findings.empty() ? "" : findings.front().message);
  return atlas;
}

std::size_t count_label(const LabelVolume& v, int label) {
  return static_cast<std::size_t>(std::count(v.labels.begin(), v.labels.end(), label));
}

TEST(LabelVolume, SphereVolumeWithinTwoPercent) {
  TempDir dir;
  testing::write_ply(dir.path() / "ball.ply", testing::uv_sphere(20, {1.3, -2.1, 0.7}), true);
  nlohmann::json m = testing::manifest_header();
  m["structures"].push_back(testing::structure_entry("ball", "muscle", "ball.ply"));
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  const auto volume = atlas->label_volume({{-30, -30, -30}, {30, 30, 30}}, 0.5);
  EXPECT_EQ(volume->dims[0], 121);
  EXPECT_EQ(volume->dims[1], 121);
  EXPECT_EQ(volume->dims[2], 121);
  EXPECT_DOUBLE_EQ(volume->origin_mm.x, -30.0);
  EXPECT_DOUBLE_EQ(volume->spacing_mm, 0.5);
  const double voxel_mm3 = 0.125;
  const double measured_mm3 = count_label(*volume, 1) * voxel_mm3;
  const double analytic_mm3 = 4.0 / 3.0 * std::numbers::pi * 20 * 20 * 20;
  EXPECT_NEAR(measured_mm3, analytic_mm3, 0.02 * analytic_mm3);
  // Agrees with the point query voxel by voxel on a sample.
  int mismatches = 0;
  for (int k = 0; k < volume->dims[2]; k += 7) {
    for (int j = 0; j < volume->dims[1]; j += 5) {
      for (int i = 0; i < volume->dims[0]; i += 3) {
        mismatches +=
            volume->labels[volume->index(i, j, k)] != atlas->label_at(volume->centre_mm(i, j, k));
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(LabelVolume, ShellKeepsItsCavityEmpty) {
  TempDir dir;
  testing::write_ply(dir.path() / "shell.ply", testing::sphere_shell(20, 15), true);
  nlohmann::json m = testing::manifest_header();
  m["structures"].push_back(testing::structure_entry("skin", "skin", "shell.ply"));
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  const auto v = atlas->label_volume({{-25, -25, -25}, {25, 25, 25}}, 0.5);
  const double analytic_mm3 = 4.0 / 3.0 * std::numbers::pi * (8000.0 - 3375.0);
  EXPECT_NEAR(count_label(*v, 1) * 0.125, analytic_mm3, 0.02 * analytic_mm3);
  const int c = 50;  // the centre voxel (0, 0, 0)
  EXPECT_EQ(v->labels[v->index(c, c, c)], 0);
}

TEST(LabelVolume, HigherPriorityWinsAndTiesGoToTheLaterStructure) {
  TempDir dir;
  testing::write_obj(dir.path() / "a.obj", testing::box_mesh({0, 0, 0}, {10, 10, 10}));
  testing::write_obj(dir.path() / "b.obj", testing::box_mesh({5, 0, 0}, {15, 10, 10}));
  nlohmann::json m = testing::manifest_header();
  m["structures"].push_back(testing::structure_entry("a", "muscle", "a.obj"));
  m["structures"].push_back(testing::structure_entry("b", "muscle", "b.obj"));
  {
    const auto atlas = load(dir, m);
    ASSERT_NE(atlas, nullptr);
    EXPECT_EQ(atlas->label_at({7, 5, 5}), 2);  // tie: later wins
    const auto v = atlas->label_volume({{0.25, 0.25, 0.25}, {14.75, 9.75, 9.75}}, 0.5);
    EXPECT_EQ(count_label(*v, 1), 10u * 20 * 20);  // x 0.25 .. 4.75
    EXPECT_EQ(count_label(*v, 2), 20u * 20 * 20);
  }
  m["structures"][0]["priority"] = 5;
  {
    const auto atlas = load(dir, m);
    ASSERT_NE(atlas, nullptr);
    EXPECT_EQ(atlas->label_at({7, 5, 5}), 1);
    const auto v = atlas->label_volume({{0.25, 0.25, 0.25}, {14.75, 9.75, 9.75}}, 0.5);
    EXPECT_EQ(count_label(*v, 1), 20u * 20 * 20);
    EXPECT_EQ(count_label(*v, 2), 10u * 20 * 20);
  }
}

TEST(LabelVolume, FibreDirectionsOnlyInMuscle) {
  TempDir dir;
  testing::write_obj(dir.path() / "m.obj", testing::box_mesh({0, 0, 0}, {10, 10, 10}));
  testing::write_obj(dir.path() / "c.obj", testing::box_mesh({20, 0, 0}, {30, 10, 10}));
  testing::write_obj(dir.path() / "b.obj", testing::box_mesh({40, 0, 0}, {50, 10, 10}));
  nlohmann::json m = testing::manifest_header();
  nlohmann::json constant = testing::structure_entry("m", "muscle", "m.obj");
  constant["fibre"] = {{"type", "constant"}, {"direction", {0, 3, 4}}};
  nlohmann::json converge = testing::structure_entry("c", "muscle", "c.obj");
  converge["fibre"] = {{"type", "converge"}, {"point", {25, 5, 40}}};
  m["structures"].push_back(constant);
  m["structures"].push_back(converge);
  m["structures"].push_back(testing::structure_entry("b", "bone", "b.obj"));
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  const auto v = atlas->label_volume({{0, 0, 0}, {50, 10, 10}}, 1.0);
  // The atlas's volumes compute their fibres from the labels (label_fibres.h), storing none.
  EXPECT_TRUE(v->fibre_direction.empty());
  const auto f = v->fibre(5, 5, 5);
  EXPECT_EQ(v->labels[v->index(5, 5, 5)], 1);
  EXPECT_FLOAT_EQ(f[0], 0.0f);
  EXPECT_FLOAT_EQ(f[1], 0.6f);
  EXPECT_FLOAT_EQ(f[2], 0.8f);
  // Converging: at (25, 5, 5) the fibre points straight up to (25, 5, 40).
  const auto g = v->fibre(25, 5, 5);
  EXPECT_EQ(v->labels[v->index(25, 5, 5)], 2);
  EXPECT_NEAR(g[2], 1.0f, 1e-6);
  const auto h = v->fibre(45, 5, 5);
  EXPECT_EQ(v->labels[v->index(45, 5, 5)], 3);
  EXPECT_EQ(h[0] * h[0] + h[1] * h[1] + h[2] * h[2], 0.0f);
  const auto outside = v->fibre(15, 5, 5);
  EXPECT_EQ(v->labels[v->index(15, 5, 5)], 0);
  EXPECT_EQ(outside[2], 0.0f);
}

TEST(LabelVolume, CacheReturnsTheSameVolumeForTheSameGrid) {
  TempDir dir;
  testing::write_obj(dir.path() / "a.obj", testing::box_mesh({0, 0, 0}, {10, 10, 10}));
  nlohmann::json m = testing::manifest_header();
  m["structures"].push_back(testing::structure_entry("a", "muscle", "a.obj"));
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  const auto first = atlas->label_volume({{0, 0, 0}, {20, 20, 20}}, 0.5);
  const auto again = atlas->label_volume({{0, 0, 0}, {20, 20, 20}}, 0.5);
  EXPECT_EQ(first.get(), again.get());
  // A box that snaps to the same grid is the same request.
  const auto snapped = atlas->label_volume({{0.1, 0.2, 0.05}, {19.9, 19.8, 19.6}}, 0.5);
  EXPECT_EQ(first.get(), snapped.get());
  const auto other = atlas->label_volume({{0, 0, 0}, {20, 20, 20.5}}, 0.5);
  EXPECT_NE(first.get(), other.get());
  const auto coarser = atlas->label_volume({{0, 0, 0}, {20, 20, 20}}, 1.0);
  EXPECT_NE(first.get(), coarser.get());
  atlas->clear_label_volume_cache();
  const auto rebuilt = atlas->label_volume({{0, 0, 0}, {20, 20, 20}}, 0.5);
  EXPECT_NE(rebuilt.get(), first.get());
  EXPECT_EQ(rebuilt->labels, first->labels);
}

TEST(LabelVolume, InvalidRequestsGiveAnEmptyVolume) {
  TempDir dir;
  testing::write_obj(dir.path() / "a.obj", testing::box_mesh({0, 0, 0}, {10, 10, 10}));
  nlohmann::json m = testing::manifest_header();
  m["structures"].push_back(testing::structure_entry("a", "muscle", "a.obj"));
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  EXPECT_EQ(atlas->label_volume({{0, 0, 0}, {10, 10, 10}}, 0.0)->size(), 0u);
  EXPECT_EQ(atlas->label_volume({{0, 0, 0}, {10, 10, 10}}, -1.0)->size(), 0u);
  EXPECT_EQ(atlas->label_volume({{0, 0, 0}, {1e6, 1e6, 1e6}}, 0.1)->size(), 0u);
  EXPECT_EQ(atlas->label_volume({{0, 0, 0}, {NAN, 1, 1}}, 0.5)->size(), 0u);
}

TEST(LabelVolume, SnapGridRoundsOutward) {
  const GridKey key = snap_grid({{-0.3, 1.0, 2.2}, {0.3, 2.0, 2.2}}, 0.5, 1e9);
  EXPECT_EQ(key.first[0], -1);
  EXPECT_EQ(key.dims[0], 3);  // -0.5, 0, 0.5
  EXPECT_EQ(key.first[1], 2);
  EXPECT_EQ(key.dims[1], 3);  // 1.0, 1.5, 2.0
  EXPECT_EQ(key.first[2], 4);
  EXPECT_EQ(key.dims[2], 2);  // 2.0, 2.5
}

}  // namespace
}  // namespace toxplan::anatomy
