// While the camera moves, the scene draws every opaque structure's coarse copy as one actor and
// the spread surfaces as one actor per status colour (render/moving_batch.h), and the coarse
// copies are small: what keeps the real anatomy fluid to rotate (docs/speed-real-anatomy.md).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <vtkActor.h>
#include <vtkActorCollection.h>
#include <vtkDataArray.h>
#include <vtkMapper.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>
#include <vtkUnsignedCharArray.h>

#include "anatomy/atlas.h"
#include "render/interaction_lod.h"
#include "render/moving_batch.h"
#include "render/scene.h"

using namespace toxplan;

namespace {

// An octahedron (8 triangles, 6 vertices) of radius r around (cx, cy, cz), as OBJ text.
std::string octahedron_obj(double r, double cx, double cy, double cz) {
  std::string s;
  const double v[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
  for (const auto& p : v) {
    s += "v " + std::to_string(cx + r * p[0]) + " " + std::to_string(cy + r * p[1]) + " " +
         std::to_string(cz + r * p[2]) + "\n";
  }
  return s + "f 1 3 5\nf 3 2 5\nf 2 4 5\nf 4 1 5\nf 3 1 6\nf 2 3 6\nf 4 2 6\nf 1 4 6\n";
}

// Three muscles of three colours and a skin around them.
std::unique_ptr<anatomy::Atlas> three_muscles_atlas() {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "toxplan_scene_moving_batch";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "m1.obj") << octahedron_obj(5, -20, 0, 0);
  std::ofstream(dir / "m2.obj") << octahedron_obj(5, 0, 0, 0);
  std::ofstream(dir / "m3.obj") << octahedron_obj(5, 20, 0, 0);
  std::ofstream(dir / "skin.obj") << octahedron_obj(60, 0, 0, 0);
  std::ofstream(dir / "atlas.json") << R"({"format": "toxplan-atlas", "version": 1, "id": "t",
    "atlas_version": "1", "name": "t", "structures": [
    {"id": "skin", "name": "Skin", "kind": "skin", "side": "midline", "mesh": "skin.obj"},
    {"id": "m1", "name": "M1", "kind": "muscle", "side": "L", "mesh": "m1.obj",
     "colour": [1.0, 0.0, 0.0]},
    {"id": "m2", "name": "M2", "kind": "muscle", "side": "midline", "mesh": "m2.obj",
     "colour": [0.0, 1.0, 0.0]},
    {"id": "m3", "name": "M3", "kind": "muscle", "side": "R", "mesh": "m3.obj",
     "colour": [0.0, 0.0, 1.0]}]})";
  Findings findings;
  return anatomy::Atlas::load(dir.string(), &findings);
}

// Point colours of the visible actors that draw with per-point colours (the batch), as
// "r,g,b" -> number of points.
std::map<std::string, int> batch_point_colours(render::Scene& scene) {
  std::map<std::string, int> colours;
  vtkActorCollection* actors = scene.renderer()->GetActors();
  actors->InitTraversal();
  while (vtkActor* actor = actors->GetNextActor()) {
    if (!actor->GetVisibility()) continue;
    auto* input = vtkPolyData::SafeDownCast(actor->GetMapper()->GetInput());
    if (!input) continue;
    auto* c = vtkUnsignedCharArray::SafeDownCast(input->GetPointData()->GetArray("colour"));
    if (!c) continue;
    for (vtkIdType i = 0; i < c->GetNumberOfTuples(); ++i) {
      ++colours[std::to_string(c->GetValue(3 * i)) + "," + std::to_string(c->GetValue(3 * i + 1)) +
                "," + std::to_string(c->GetValue(3 * i + 2))];
    }
  }
  return colours;
}

// A spherical field on a 12^3 grid of 1 mm voxels at x = x_mm: level 0.5 on a sphere of radius
// 4 around voxel (5.5, 5.5, 5.5).
render::SpreadSurfaceData blob(const std::string& id, render::SiteStatus status, double x_mm) {
  constexpr int n = 12;
  auto values = std::make_shared<std::vector<float>>();
  for (int k = 0; k < n; ++k) {
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < n; ++i) {
        const double d = std::hypot(i - 5.5, j - 5.5, k - 5.5);
        values->push_back(static_cast<float>(1.0 - d / 8.0));
      }
    }
  }
  render::SpreadSurfaceData s;
  s.site_id = id;
  s.dims = {n, n, n};
  s.index_to_world = {1, 0, 0, x_mm, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
  s.values = values;
  s.threshold = 0.5;
  s.status = status;
  return s;
}

}  // namespace

TEST(SceneMovingBatch, OpaqueStructuresAreOneActorWhileTheCameraMoves) {
  auto atlas = three_muscles_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  EXPECT_EQ(scene.drawn_counts().actors, 4);  // still: the skin and each muscle
  EXPECT_EQ(scene.drawn_counts().triangles, 32);

  scene.set_interacting(true);
  EXPECT_EQ(scene.drawn_counts().actors, 2);  // the skin (translucent) and the batch
  EXPECT_EQ(scene.drawn_counts().triangles, 32);
  const std::map<std::string, int> all{{"255,0,0", 6}, {"0,255,0", 6}, {"0,0,255", 6}};
  EXPECT_EQ(batch_point_colours(scene), all);

  // Hiding a structure while the camera moves takes it out of the batch on the next frame.
  scene.set_structure_visible("m2", false);
  scene.set_interacting(true);
  EXPECT_EQ(scene.drawn_counts().actors, 2);
  EXPECT_EQ(scene.drawn_counts().triangles, 24);
  const std::map<std::string, int> without_m2{{"255,0,0", 6}, {"0,0,255", 6}};
  EXPECT_EQ(batch_point_colours(scene), without_m2);

  // A highlighted structure keeps its own actor (the highlight colour and ambient term).
  scene.set_highlighted({"m1"});
  scene.set_interacting(true);
  EXPECT_EQ(scene.drawn_counts().actors, 3);
  EXPECT_EQ(scene.drawn_counts().triangles, 24);
  const std::map<std::string, int> only_m3{{"0,0,255", 6}};
  EXPECT_EQ(batch_point_colours(scene), only_m3);

  // When the camera stops, every structure is its own actor again, as its settings say.
  scene.set_interacting(false);
  EXPECT_EQ(scene.drawn_counts().actors, 3);  // skin, m1, m3
  EXPECT_EQ(scene.drawn_counts().triangles, 24);
  EXPECT_TRUE(batch_point_colours(scene).empty());
  EXPECT_FALSE(scene.structure_visible("m2"));
}

TEST(SceneMovingBatch, SpreadSurfacesAreOneActorPerStatusWhileTheCameraMoves) {
  auto atlas = three_muscles_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_spread_surfaces({blob("a", render::SiteStatus::WithinTarget, 0.0),
                             blob("b", render::SiteStatus::WithinTarget, 30.0),
                             blob("c", render::SiteStatus::SpreadBeyondTarget, 60.0)});
  const render::Scene::DrawnCounts still = scene.drawn_counts();
  EXPECT_EQ(still.actors, 4 + 3);
  scene.set_interacting(true);
  const render::Scene::DrawnCounts moving = scene.drawn_counts();
  // The skin, the structures' batch, and one actor for the two sites within their target and one
  // for the site beyond it.
  EXPECT_EQ(moving.actors, 4);
  EXPECT_EQ(moving.triangles, still.triangles);  // the blobs are below the clustering size

  // The merged surfaces are where each site's matrix puts them: the third blob (its sphere
  // has centre 5.5 and radius 4 voxels of 1 mm) ends at x = 60 + 5.5 + 4. Only the blobs lie
  // wholly above z = -1 (the muscles and the skin are centred on z = 0).
  double x_max = -1e9;
  vtkActorCollection* actors = scene.renderer()->GetActors();
  actors->InitTraversal();
  while (vtkActor* actor = actors->GetNextActor()) {
    if (!actor->GetVisibility()) continue;
    auto* input = vtkPolyData::SafeDownCast(actor->GetMapper()->GetInput());
    if (!input || actor->GetUserMatrix()) continue;
    double b[6];
    input->GetBounds(b);
    if (input->GetNumberOfPoints() > 0 && b[4] > -1.0) x_max = std::max(x_max, b[1]);
  }
  EXPECT_NEAR(x_max, 60.0 + 5.5 + 4.0, 0.5);

  scene.set_spread_visible(false);
  scene.set_interacting(true);
  EXPECT_EQ(scene.drawn_counts().actors, 2);
}

TEST(MovingBatch, MergedMeshKeepsColoursAndTurnsNormalsWithTheMatrix) {
  vtkNew<vtkSphereSource> sphere;
  sphere->SetRadius(1.0);
  sphere->Update();
  vtkPolyData* mesh = sphere->GetOutput();
  vtkNew<vtkMatrix4x4> m;  // 90 degrees about z, scale 2, moved by (10, 0, 0)
  m->Zero();
  m->SetElement(0, 1, -2.0);
  m->SetElement(1, 0, 2.0);
  m->SetElement(2, 2, 2.0);
  m->SetElement(0, 3, 10.0);
  m->SetElement(3, 3, 1.0);
  const auto merged = render::merge_coloured(
      {{mesh, {1.0, 0.5, 0.0}, nullptr}, {mesh, {0.0, 0.0, 1.0}, m.GetPointer()}});
  const vtkIdType n = mesh->GetNumberOfPoints();
  ASSERT_EQ(merged->GetNumberOfPoints(), 2 * n);
  EXPECT_EQ(merged->GetNumberOfPolys(), 2 * mesh->GetNumberOfPolys());
  vtkDataArray* normals = merged->GetPointData()->GetNormals();
  ASSERT_NE(normals, nullptr);
  auto* colours = vtkUnsignedCharArray::SafeDownCast(merged->GetPointData()->GetScalars());
  ASSERT_NE(colours, nullptr);
  EXPECT_EQ(colours->GetValue(0), 255);
  EXPECT_EQ(colours->GetValue(1), 128);
  EXPECT_EQ(colours->GetValue(3 * n + 2), 255);
  for (vtkIdType i = 0; i < n; ++i) {
    double p[3], q[3], nq[3];
    mesh->GetPoint(i, p);
    merged->GetPoint(n + i, q);
    EXPECT_NEAR(q[0], 10.0 - 2.0 * p[1], 1e-5);
    EXPECT_NEAR(q[1], 2.0 * p[0], 1e-5);
    EXPECT_NEAR(q[2], 2.0 * p[2], 1e-5);
    // On a sphere around the origin the outward normal is the direction from the centre.
    normals->GetTuple(n + i, nq);
    EXPECT_NEAR(nq[0], (q[0] - 10.0) / 2.0, 0.02);
    EXPECT_NEAR(nq[1], q[1] / 2.0, 0.02);
    EXPECT_NEAR(nq[2], q[2] / 2.0, 0.02);
  }
}

TEST(InteractionLod, SmallMuscleKeepsAboutTwoHundredFiftyTriangles) {
  // A small muscle's display copy on the real atlas: about 3,000 triangles.
  vtkNew<vtkSphereSource> sphere;
  sphere->SetThetaResolution(52);
  sphere->SetPhiResolution(30);
  sphere->Update();
  const vtkIdType n = sphere->GetOutput()->GetNumberOfPolys();
  ASSERT_GT(n, 2800);
  ASSERT_LT(n, 3200);
  const auto lod = render::decimated_lod(sphere->GetOutput(), 0.08);
  EXPECT_GE(lod->GetNumberOfPolys(), 225);
  EXPECT_LE(lod->GetNumberOfPolys(), 275);
}

TEST(InteractionLod, MeshesOfAFewHundredTrianglesAreDecimatedToo) {
  vtkNew<vtkSphereSource> sphere;  // 1,000 triangles: drawn as it was below 1,500
  sphere->SetThetaResolution(25);
  sphere->SetPhiResolution(22);
  sphere->Update();
  ASSERT_EQ(sphere->GetOutput()->GetNumberOfPolys(), 1000);
  const auto lod = render::decimated_lod(sphere->GetOutput(), 0.08);
  EXPECT_GE(lod->GetNumberOfPolys(), 225);
  EXPECT_LE(lod->GetNumberOfPolys(), 275);
}
