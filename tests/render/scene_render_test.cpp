// An atlas rendered headless (VTK under Xvfb): pixel checks that highlighting, sites and spread
// surfaces really change the picture. Generic, so on the schematic atlas (its geometry stays).
#include <gtest/gtest.h>

#include <filesystem>

#include "anatomy/atlas.h"
#include "render/image_about.h"
#include "render/image_compare.h"
#include "render/scene.h"
#include "render/snapshot.h"
#include "support/image_check.h"
#include "support/image_content.h"
#include "support/schematic_atlas.h"

using namespace toxplan;

namespace {

std::shared_ptr<anatomy::Atlas> schematic_atlas() {
  static std::shared_ptr<anatomy::Atlas> atlas = [] {
    toxplan::Findings findings;
    return std::shared_ptr<anatomy::Atlas>(
        anatomy::Atlas::load(toxplan::test::schematic_atlas_dir(), &findings));
  }();
  return atlas;
}

}  // namespace

// The baseline views of the atlas are image tests drawn by `toxplan render` (tests/CMakeLists.txt,
// atlas_*). Test suites named Image* here are image tests too (cmake/ToxplanImageTests.cmake).

TEST(SceneRenderPixels, HighlightedStructureShowsItsColour) {
  auto atlas = schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const std::string plain = test::output_path("pixels_plain");
  ASSERT_FALSE(render::render_png(scene, 400, 400, plain).has_value());
  scene.set_highlighted({"frontalis_L", "frontalis_R"});
  const std::string lit = test::output_path("pixels_highlight");
  ASSERT_FALSE(render::render_png(scene, 400, 400, lit).has_value());
  std::string error;
  const auto diff = render::compare_png_files(plain, lit, &error);
  ASSERT_TRUE(diff) << error;
  EXPECT_GT(diff->fraction_pixels_differing, 0.005) << "highlighting changed almost nothing";
}

TEST(SceneRenderPixels, ViewsDiffer) {
  auto atlas = schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const std::string front = test::output_path("views_front");
  ASSERT_FALSE(render::render_png(scene, 300, 300, front).has_value());
  scene.set_view(anatomy::ViewPreset::Superior);
  const std::string top = test::output_path("views_top");
  ASSERT_FALSE(render::render_png(scene, 300, 300, top).has_value());
  std::string error;
  const auto diff = render::compare_png_files(front, top, &error);
  ASSERT_TRUE(diff) << error;
  EXPECT_GT(diff->fraction_pixels_differing, 0.05);
}

TEST(ImageSceneRender, SiteGlyphIsDrawnWhereTheSiteIs) {
  auto atlas = schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  // Flat skin: through the x-ray skin the schematic frontalis (salmon, hue 7 degrees) is lit
  // bright enough in this close-up to pass for the danger red of a glyph (docs/rendering.md,
  // "Known gaps"); this test is about where the glyph is drawn.
  scene.set_xray_shading(false);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const anatomy::Landmark* g = atlas->landmark("glabella");
  ASSERT_NE(g, nullptr);
  scene.focus_on(g->position_mm, 160.0);  // a close-up of the forehead
  // Nothing in the danger colour before the site is placed: what is found after is its glyph.
  const std::string before = test::output_path("site_before");
  ASSERT_FALSE(render::render_png(scene, 400, 400, before).has_value());
  const render::Rgb red = render::site_status_colour(render::SiteStatus::DangerReached);
  std::string error;
  const auto plain = test::read_png_rgb(before, &error);
  ASSERT_TRUE(plain) << error;
  EXPECT_EQ(test::colour_mask(*plain, red, {0, 0, 400, 400}).count(), 0);

  // A needle seen from the side (across the view), so that it is a line and not a dot, on the
  // skin 25 mm to the patient's left of the glabella (x < 0): away from the centre, so that a glyph
  // drawn at the wrong place (the centre, the origin) cannot pass.
  const Vec3 over = g->position_mm + Vec3{-25, 0, 8};
  const auto skin = atlas->cast_to_skin(over + Vec3{0, 80, 0}, {0, -1, 0});  // +y is anterior
  ASSERT_TRUE(skin.has_value());
  const Vec3 entry = skin->point_mm;
  scene.set_sites(
      {{"s", entry, entry + Vec3{-8, -2, 0}, render::SiteStatus::DangerReached, false}});
  const std::string after = test::output_path("site_after");
  ASSERT_FALSE(render::render_png(scene, 400, 400, after).has_value());
  const render::ImageAbout about = render::describe_scene(scene, {0, 0, 400, 400}, 400, 400);
  ASSERT_EQ(about.sites.size(), 1u);
  const render::SiteInImage& site = about.sites.front();
  EXPECT_TRUE(site.visible);
  // The shared checks: its glyph along its needle, no glyph pixel anywhere else.
  test::expect_image(after, about, {"", 1, 1, 0});

  // And where, in numbers: the red pixels' centre lies on the drawn needle, right of the centre
  // of the picture (the patient's left, seen from the front).
  const auto image = test::read_png_rgb(after, &error);
  ASSERT_TRUE(image) << error;
  const test::Mask mask = test::colour_mask(*image, red, {0, 0, 400, 400});
  ASSERT_GT(mask.count(), 50) << "the glyph is missing or tiny";
  double sum_x = 0.0;
  double sum_y = 0.0;
  for (int y = 0; y < 400; ++y) {
    for (int x = 0; x < 400; ++x) {
      if (!mask.at(x, y)) continue;
      sum_x += x;
      sum_y += y;
      EXPECT_LT(test::distance_to_segment(x, y, site.hub, site.tip), 12.0)
          << "red pixel (" << x << ", " << y << ") is off the needle";
    }
  }
  const double cx = sum_x / mask.count();
  const double cy = sum_y / mask.count();
  EXPECT_LT(test::distance_to_segment(cx, cy, site.hub, site.tip), 6.0)
      << "glyph centre (" << cx << ", " << cy << ")";
  EXPECT_GT(cx, 230.0) << "the site is on the patient's left, the right of the picture";
}

TEST(Snapshot, BadSizeAndBadFolderAreReported) {
  auto atlas = schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  const auto small = render::render_png(scene, 4, 4, test::output_path("tiny"));
  ASSERT_TRUE(small.has_value());
  EXPECT_NE(small->find("4x4"), std::string::npos);
  const auto folder = render::render_png(scene, 64, 64, "/nonexistent_dir/x.png");
  ASSERT_TRUE(folder.has_value());
  EXPECT_NE(folder->find("/nonexistent_dir/x.png"), std::string::npos);
}
