// The default atlas rendered headless (VTK under Xvfb): baseline images per view, and pixel
// checks that highlighting, sites and spread surfaces really change the picture.
#include <gtest/gtest.h>

#include <filesystem>

#include "anatomy/atlas.h"
#include "render/scene.h"
#include "render/snapshot.h"
#include "support/image_check.h"

using namespace toxplan;

namespace {

std::shared_ptr<anatomy::Atlas> default_atlas() {
  static std::shared_ptr<anatomy::Atlas> atlas = [] {
    toxplan::Findings findings;
    return std::shared_ptr<anatomy::Atlas>(
        anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings));
  }();
  return atlas;
}

}  // namespace

class SceneRender : public ::testing::TestWithParam<anatomy::ViewPreset> {};

TEST_P(SceneRender, DefaultAtlasMatchesBaseline) {
  auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(GetParam());
  const std::string name = std::string("atlas_") + anatomy::view_name(GetParam());
  const std::string out = test::output_path(name);
  ASSERT_FALSE(render::render_png(scene, 480, 400, out).has_value());
  test::expect_matches_baseline(out, name);
}

INSTANTIATE_TEST_SUITE_P(Views, SceneRender,
                         ::testing::Values(anatomy::ViewPreset::Anterior, anatomy::ViewPreset::Left,
                                           anatomy::ViewPreset::Posterior),
                         [](const ::testing::TestParamInfo<anatomy::ViewPreset>& param_info) {
                           return std::string(anatomy::view_name(param_info.param));
                         });

TEST(SceneRenderPixels, HighlightedStructureShowsItsColour) {
  auto atlas = default_atlas();
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
  auto atlas = default_atlas();
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

TEST(SceneRenderPixels, SiteGlyphIsDrawnWhereTheSiteIs) {
  auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const anatomy::Landmark* glabella = atlas->landmark("glabella");
  ASSERT_NE(glabella, nullptr);
  scene.focus_on(glabella->position_mm, 160.0);  // a close-up of the forehead
  const std::string before = test::output_path("site_before");
  ASSERT_FALSE(render::render_png(scene, 400, 400, before).has_value());
  const anatomy::Landmark* g = atlas->landmark("glabella");
  ASSERT_NE(g, nullptr);
  // A needle seen from the side (across the view), so that it is a line and not a dot.
  scene.set_sites({{"s", g->position_mm, g->position_mm + toxplan::Vec3{-8, -2, 0},
                    render::SiteStatus::DangerReached, false}});
  const std::string after = test::output_path("site_after");
  ASSERT_FALSE(render::render_png(scene, 400, 400, after).has_value());
  std::string error;
  const auto diff = render::compare_png_files(before, after, &error);
  ASSERT_TRUE(diff) << error;
  EXPECT_GT(diff->fraction_pixels_differing, 0.0005);
  EXPECT_LT(diff->fraction_pixels_differing, 0.05);  // a needle, not the whole picture
}

TEST(Snapshot, BadSizeAndBadFolderAreReported) {
  auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  const auto small = render::render_png(scene, 4, 4, test::output_path("tiny"));
  ASSERT_TRUE(small.has_value());
  EXPECT_NE(small->find("4x4"), std::string::npos);
  const auto folder = render::render_png(scene, 64, 64, "/nonexistent_dir/x.png");
  ASSERT_TRUE(folder.has_value());
  EXPECT_NE(folder->find("/nonexistent_dir/x.png"), std::string::npos);
}
