// `toxplan render --meshes` (render/scene_meshes.h): every surface the scene draws, placed in
// atlas millimetres and merged into one PLY that another viewer reads. Checked by reading the
// file back: the surface is where the scene draws it, every drawn polygon is there, and the
// display colours come with it.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <vtkNew.h>
#include <vtkPLYReader.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkUnsignedCharArray.h>

#include "render/scene.h"
#include "render/scene_meshes.h"
#include "support/image_check.h"
#include "support/scene_setup.h"
#include "support/schematic_atlas.h"

using namespace toxplan;

namespace {

// A small spherical field (values fall off from the centre) on an oblique 1 mm grid: the
// surface is extracted in index space and placed by the actor's matrix.
render::SpreadSurfaceData ball_field(const Vec3& centre) {
  render::SpreadSurfaceData d;
  d.site_id = "s";
  constexpr int n = 21;
  d.dims = {n, n, n};
  const double c = 0.8, s = 0.6;  // a rotation about z
  d.index_to_world = {c, -s, 0, centre.x - 10 * (c - s), s, c, 0, centre.y - 10 * (s + c),
                      0, 0,  1, centre.z - 10,           0, 0, 0, 1};
  auto values = std::make_shared<std::vector<float>>(static_cast<std::size_t>(n) * n * n);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const double r2 =
            (i - 10.0) * (i - 10.0) + (j - 10.0) * (j - 10.0) + (k - 10.0) * (k - 10.0);
        (*values)[static_cast<std::size_t>(i) + n * (static_cast<std::size_t>(j) + n * k)] =
            static_cast<float>(1.0 / (1.0 + r2));
      }
  d.values = values;
  d.threshold = 0.02;  // radius 7 voxels
  d.status = render::SiteStatus::WithinTarget;
  return d;
}

// test-output/NAME.ply
std::string ply_path(const std::string& name) {
  return std::filesystem::path(test::output_path(name)).replace_extension(".ply").string();
}

}  // namespace

TEST(SceneMeshes, ThePlyHoldsWhatIsDrawnWherePlacedWithItsColours) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  // The spread surface alone, far from the anatomy, so that its placement decides the bounds.
  test::show_only(scene);
  const Vec3 centre{300, 0, 0};
  scene.set_spread_surfaces({ball_field(centre)});
  test::draw_scene(scene, 200, 200, "scene_meshes");
  const std::string path = ply_path("scene_meshes");
  ASSERT_FALSE(render::write_scene_meshes_ply(scene, path).has_value());

  vtkNew<vtkPLYReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkPolyData* mesh = reader->GetOutput();
  ASSERT_GT(mesh->GetNumberOfPolys(), 0);
  EXPECT_GE(mesh->GetNumberOfPolys(), scene.drawn_counts().triangles);
  // The surface is the sphere of radius 7 mm around its centre in atlas millimetres (placed by
  // the rotated grid's matrix), not in the grid's index space.
  double written[6];
  mesh->GetBounds(written);
  const double centre_mm[3] = {centre.x, centre.y, centre.z};
  for (int a = 0; a < 3; ++a) {
    EXPECT_NEAR(written[2 * a], centre_mm[a] - 7.0, 0.5) << "axis " << a;
    EXPECT_NEAR(written[2 * a + 1], centre_mm[a] + 7.0, 0.5) << "axis " << a;
  }
  auto* colours = vtkUnsignedCharArray::SafeDownCast(mesh->GetPointData()->GetScalars());
  ASSERT_TRUE(colours);
  ASSERT_EQ(colours->GetNumberOfComponents(), 3);
  const render::Rgb green = render::site_status_colour(render::SiteStatus::WithinTarget);
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(colours->GetTypedComponent(0, c), 255.0 * green[static_cast<std::size_t>(c)], 1.0);
  std::remove(path.c_str());
}

TEST(SceneMeshes, NothingDrawnIsAClearErrorAndNoFile) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  test::show_only(scene);
  const std::string path = ply_path("scene_meshes_empty");
  std::remove(path.c_str());
  const auto error = render::write_scene_meshes_ply(scene, path);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("no surfaces"), std::string::npos) << *error;
  EXPECT_FALSE(std::ifstream(path).good());
}
