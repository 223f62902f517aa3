// Indexes built on first use (containment rasters, surfaces as vtkPolyData) give the answers
// the eager ones gave, once, from any thread.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include <vtkDataArray.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>

#include "anatomy/atlas.h"
#include "anatomy/structure_index.h"
#include "anatomy_fixtures.h"

namespace toxplan::anatomy {
namespace {

using testing::TempDir;

TriangleMesh to_triangle_mesh(const testing::Mesh& m) {
  TriangleMesh mesh;
  mesh.vertices_mm = m.points;
  mesh.triangles = m.triangles;
  return mesh;
}

// Random points in the box, and points on lines through vertices and edge midpoints (where the
// parity rule's tie-breaking decides), each axis in turn.
std::vector<Vec3> probe_points(const StructureIndex& index) {
  const Box b = index.bounds();
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> ux(b.min_mm.x - 1, b.max_mm.x + 1);
  std::uniform_real_distribution<double> uy(b.min_mm.y - 1, b.max_mm.y + 1);
  std::uniform_real_distribution<double> uz(b.min_mm.z - 1, b.max_mm.z + 1);
  const TriangleMesh& m = index.mesh();
  std::uniform_int_distribution<std::size_t> triangle(0, m.triangles.size() - 1);
  std::vector<Vec3> points;
  for (int i = 0; i < 1500; ++i) {
    points.push_back({ux(rng), uy(rng), uz(rng)});
    const auto& t = m.triangles[triangle(rng)];
    Vec3 p = i % 2 == 0 ? m.vertices_mm[t[0]] : (m.vertices_mm[t[0]] + m.vertices_mm[t[1]]) * 0.5;
    (i % 3 == 0   ? p.x
     : i % 3 == 1 ? p.y
                  : p.z) = i % 3 == 0   ? ux(rng)
                           : i % 3 == 1 ? uy(rng)
                                        : uz(rng);
    points.push_back(p);
  }
  return points;
}

void expect_unbinned_matches_rasters(const testing::Mesh& shape) {
  const StructureIndex index(to_triangle_mesh(shape));
  const std::vector<Vec3> points = probe_points(index);
  for (std::size_t first = 0; first < points.size(); first += 37) {
    const std::vector<Vec3> batch(points.begin() + first,
                                  points.begin() + std::min(points.size(), first + 37));
    const std::vector<bool> unbinned = index.contains_unbinned(batch);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      EXPECT_EQ(unbinned[i], index.contains(batch[i]))
          << batch[i].x << " " << batch[i].y << " " << batch[i].z;
    }
  }
}

TEST(LazyIndexes, UnbinnedContainmentMatchesTheRasters) {
  expect_unbinned_matches_rasters(testing::sphere_shell(20, 15));               // closed: z only
  expect_unbinned_matches_rasters(testing::box_mesh({0, 0, 0}, {10, 20, 30}));  // axis-aligned
  expect_unbinned_matches_rasters(testing::open_box({0, 0, 0}, {10, 20, 30}));  // three axes
}

class LazyAtlas : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_ply(dir_.path() / "meshes/skin.ply", testing::sphere_shell(50, 48), true);
    testing::write_obj(dir_.path() / "meshes/muscle.obj", testing::sphere_shell(45, 20));
    testing::write_stl(dir_.path() / "meshes/open.stl", testing::open_box({-5, -5, -5}, {5, 5, 5}),
                       true);
    nlohmann::json m = testing::manifest_header();
    m["structures"].push_back(testing::structure_entry("skin", "skin", "meshes/skin.ply"));
    m["structures"].push_back(testing::structure_entry("muscle", "muscle", "meshes/muscle.obj"));
    m["structures"].push_back(testing::structure_entry("open", "organ", "meshes/open.stl"));
    testing::write_manifest(dir_.path(), m);
  }
  std::unique_ptr<Atlas> load() {
    Findings findings;
    auto atlas = Atlas::load(dir_.str(), &findings);
    EXPECT_NE(atlas, nullptr);
    return atlas;
  }
  TempDir dir_;
};

TEST_F(LazyAtlas, FirstQueriesFromManyThreadsAgreeWithOneThread) {
  std::vector<Vec3> points;
  for (int i = 0; i < 3000; ++i) {
    points.push_back({std::sin(i * 1.3) * 52, std::cos(i * 0.7) * 52, std::sin(i * 0.31) * 52});
  }
  const auto serial_atlas = load();
  std::vector<int> serial;
  for (const Vec3& p : points) {
    serial.push_back(serial_atlas->label_at(p));
  }
  // A fresh atlas: its rasters are built by whichever thread asks first.
  const auto atlas = load();
  std::vector<int> parallel(points.size());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t]() {
      for (std::size_t i = t; i < points.size(); i += 4) {
        parallel[i] = atlas->label_at(points[i]);
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(serial, parallel);
  const Box box{{-30, -30, -30}, {30, 30, 30}};
  EXPECT_EQ(serial_atlas->label_volume(box, 1.0)->labels, load()->label_volume(box, 1.0)->labels);
}

TEST_F(LazyAtlas, SurfaceIsBuiltOnceAndShared) {
  const auto atlas = load();
  const Structure& skin = *atlas->find("skin");
  EXPECT_TRUE(skin.mesh);  // known to exist without building it
  EXPECT_FALSE(skin.mesh == nullptr);
  std::vector<vtkPolyData*> seen(4, nullptr);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t]() { seen[t] = skin.mesh; });
  }
  for (auto& th : threads) {
    th.join();
  }
  ASSERT_NE(seen[0], nullptr);
  for (vtkPolyData* p : seen) {
    EXPECT_EQ(p, seen[0]);
  }
  const Structure copy = skin;
  EXPECT_EQ(static_cast<vtkPolyData*>(copy.mesh), seen[0]);
  EXPECT_NE(seen[0]->GetPointData()->GetNormals(), nullptr);
  // A copy can still build its surface after the atlas is gone.
  std::optional<Structure> muscle;
  {
    const auto other = load();
    muscle = *other->find("muscle");
  }
  EXPECT_GT(muscle->mesh->GetNumberOfPolys(), 0);
  const Structure none;
  EXPECT_FALSE(none.mesh);
  EXPECT_TRUE(none.mesh == nullptr);
  EXPECT_EQ(none.mesh.get(), nullptr);
}

}  // namespace
}  // namespace toxplan::anatomy
