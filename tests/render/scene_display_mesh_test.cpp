// The scene draws each structure's display copy (Structure::display_mesh), not its full mesh:
// what keeps the real anatomy fluid to rotate (docs/speed-real-anatomy.md).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <vtkActor.h>
#include <vtkActorCollection.h>
#include <vtkMapper.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include "anatomy/atlas.h"
#include "render/scene.h"

using namespace toxplan;

namespace {

// An octahedron (8 triangles) scaled by `r`, as OBJ text.
std::string octahedron_obj(double r) {
  std::string s;
  for (const char* v : {"1 0 0", "-1 0 0", "0 1 0", "0 -1 0", "0 0 1", "0 0 -1"}) {
    double x, y, z;
    std::sscanf(v, "%lf %lf %lf", &x, &y, &z);
    s += "v " + std::to_string(r * x) + " " + std::to_string(r * y) + " " + std::to_string(r * z) +
         "\n";
  }
  return s + "f 1 3 5\nf 3 2 5\nf 2 4 5\nf 4 1 5\nf 3 1 6\nf 2 3 6\nf 4 2 6\nf 1 4 6\n";
}

// A tetrahedron (4 triangles).
const char* kTetrahedronObj =
    "v 0 0 0\nv 9 0 0\nv 0 9 0\nv 0 0 9\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n";

}  // namespace

TEST(SceneDisplayMesh, StructuresAreDrawnFromTheirDisplayCopy) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "toxplan_scene_display_mesh";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "full.obj") << octahedron_obj(20);
  std::ofstream(dir / "shown.obj") << kTetrahedronObj;
  std::ofstream(dir / "atlas.json") << R"({"format": "toxplan-atlas", "version": 1, "id": "t",
    "atlas_version": "1", "name": "t", "structures": [
    {"id": "m", "name": "M", "kind": "muscle", "side": "midline", "mesh": "full.obj",
     "display_mesh": "shown.obj"}]})";
  Findings findings;
  auto atlas = anatomy::Atlas::load(dir.string(), &findings);
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  int structure_actors = 0;
  vtkActorCollection* actors = scene.renderer()->GetActors();
  actors->InitTraversal();
  while (vtkActor* actor = actors->GetNextActor()) {
    auto* input = vtkPolyData::SafeDownCast(actor->GetMapper()->GetInput());
    if (input == nullptr) continue;
    if (input == atlas->structures().front().display_mesh.get()) {
      ++structure_actors;
      EXPECT_EQ(input->GetNumberOfPolys(), 4);
    }
    EXPECT_NE(input->GetNumberOfPolys(), 8) << "an actor draws the full mesh";
  }
  EXPECT_EQ(structure_actors, 1);
}
