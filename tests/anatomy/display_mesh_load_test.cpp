// The manifest's display_mesh (docs/atlas-format.md, "Display meshes"): the copy that is drawn,
// while containment keeps using the full mesh; a missing or broken display file is a warning
// and the full mesh is drawn.
#include <gtest/gtest.h>

#include <algorithm>

#include <vtkDataArray.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>

#include "anatomy/atlas.h"
#include "anatomy_fixtures.h"

namespace toxplan::anatomy {
namespace {

using testing::TempDir;

const Finding* find_code(const Findings& findings, const std::string& code) {
  const auto it = std::find_if(findings.begin(), findings.end(),
                               [&](const Finding& f) { return f.code == code; });
  return it == findings.end() ? nullptr : &*it;
}

// A fine sphere (radius 20) drawn from a 12-triangle box that sits inside it.
nlohmann::json sphere_with_display_box(const TempDir& dir) {
  testing::write_ply(dir.path() / "meshes/ball.ply", testing::uv_sphere(20, {}, 32, 64), true);
  testing::write_ply(dir.path() / "display/ball.ply", testing::box_mesh({-5, -5, -5}, {5, 5, 5}),
                     true);
  nlohmann::json m = testing::manifest_header();
  m["structures"].push_back(testing::structure_entry("ball", "muscle", "meshes/ball.ply"));
  m["structures"][0]["display_mesh"] = "display/ball.ply";
  return m;
}

TEST(DisplayMeshLoad, DisplayCopyIsDrawnFullMeshDecides) {
  TempDir dir;
  testing::write_manifest(dir.path(), sphere_with_display_box(dir));
  Findings findings;
  auto atlas = Atlas::load(dir.str(), &findings);
  ASSERT_TRUE(atlas);
  EXPECT_TRUE(findings.empty());
  const Structure& ball = atlas->structures().front();
  EXPECT_EQ(ball.display_mesh_files, std::vector<std::string>{"display/ball.ply"});
  EXPECT_EQ(ball.display_mesh->GetNumberOfPolys(), 12);
  EXPECT_EQ(ball.mesh->GetNumberOfPolys(), 32 * 64 * 2 - 2 * 64);
  // Outside the drawn box, inside the sphere: containment follows the full mesh.
  EXPECT_EQ(atlas->label_at({15, 0, 0}), ball.label);
  // The display copy is oriented outward like every atlas surface: the normal at a vertex on
  // the box's +x face points along +x.
  vtkDataArray* normals = ball.display_mesh->GetPointData()->GetNormals();
  ASSERT_NE(normals, nullptr);
  for (vtkIdType i = 0; i < ball.display_mesh->GetNumberOfPoints(); ++i) {
    double p[3];
    ball.display_mesh->GetPoint(i, p);
    EXPECT_GT(normals->GetTuple3(i)[0] * p[0] + normals->GetTuple3(i)[1] * p[1] +
                  normals->GetTuple3(i)[2] * p[2],
              0.0)
        << "vertex " << i;
  }
}

TEST(DisplayMeshLoad, WithoutDisplayMeshTheFullMeshIsDrawn) {
  TempDir dir;
  nlohmann::json m = sphere_with_display_box(dir);
  m["structures"][0].erase("display_mesh");
  testing::write_manifest(dir.path(), m);
  Findings findings;
  auto atlas = Atlas::load(dir.str(), &findings);
  ASSERT_TRUE(atlas);
  const Structure& ball = atlas->structures().front();
  EXPECT_EQ(ball.display_mesh.get(), ball.mesh.get());  // the very same surface, built once
}

TEST(DisplayMeshLoad, MissingDisplayFileIsAWarningAndTheFullMeshIsDrawn) {
  TempDir dir;
  nlohmann::json m = sphere_with_display_box(dir);
  m["structures"][0]["display_mesh"] = "display/nope.ply";
  testing::write_manifest(dir.path(), m);
  Findings findings;
  auto atlas = Atlas::load(dir.str(), &findings);
  ASSERT_TRUE(atlas);
  const Finding* f = find_code(findings, "DISPLAY_MESH_MISSING");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::Warning);
  EXPECT_EQ(f->field, "/structures/0/display_mesh");
  EXPECT_NE(f->message.find("'ball'"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("display/nope.ply"), std::string::npos) << f->message;
  EXPECT_EQ(atlas->structures().front().display_mesh.get(), atlas->structures().front().mesh.get());
}

TEST(DisplayMeshLoad, BrokenDisplayFileIsReportedWhenAskedAndDrawnFull) {
  TempDir dir;
  testing::write_manifest(dir.path(), sphere_with_display_box(dir));
  testing::write_text(dir.path() / "display/ball.ply",
                      "ply\nformat binary_little_endian 1.0\nelement vertex 9\nproperty float x\n"
                      "property float y\nproperty float z\nend_header\n");
  AtlasLoadOptions options;
  options.read_display_meshes = true;
  Findings findings;
  auto atlas = Atlas::load(dir.str(), &findings, options);
  ASSERT_TRUE(atlas);
  const Finding* f = find_code(findings, "DISPLAY_MESH_UNREADABLE");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::Warning);
  EXPECT_NE(f->message.find("truncated"), std::string::npos) << f->message;
  EXPECT_EQ(atlas->structures().front().display_mesh->GetNumberOfPolys(),
            atlas->structures().front().mesh->GetNumberOfPolys());

  // Not asked (the window): no finding, and the full mesh is drawn all the same.
  Findings quiet;
  auto lazy = Atlas::load(dir.str(), &quiet);
  ASSERT_TRUE(lazy);
  EXPECT_TRUE(quiet.empty());
  EXPECT_EQ(lazy->structures().front().display_mesh->GetNumberOfPolys(),
            lazy->structures().front().mesh->GetNumberOfPolys());
}

TEST(DisplayMeshLoad, DisplayMeshMustNameFiles) {
  TempDir dir;
  nlohmann::json m = sphere_with_display_box(dir);
  m["structures"][0]["display_mesh"] = {"display/ball.ply", 7};
  testing::write_manifest(dir.path(), m);
  Findings findings;
  EXPECT_FALSE(Atlas::load(dir.str(), &findings));
  const Finding* f = find_code(findings, "ATLAS_FIELD_TYPE");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->field, "/structures/0/display_mesh/1");
}

}  // namespace
}  // namespace toxplan::anatomy
