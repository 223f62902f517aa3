// Depth marks on a site's needle (render/scene.h): a light collar every 5 mm from the skin entry
// toward the tip, drawn where the camera puts those depths, and nowhere between them. The needle
// is drawn alone (every structure hidden) across a close-up view, on the schematic atlas.
#include <gtest/gtest.h>

#include <cmath>

#include "render/scene.h"
#include "render/snapshot.h"
#include "support/image_check.h"
#include "support/image_content.h"
#include "support/scene_setup.h"
#include "support/schematic_atlas.h"

using namespace toxplan;

namespace {

constexpr int kSize = 500;

// A mark's pixels: light and grey (the needle is the danger red, the background dark blue).
bool mark_coloured(const unsigned char* p) {
  const int lo = std::min({p[0], p[1], p[2]}), hi = std::max({p[0], p[1], p[2]});
  return lo > 140 && hi - lo < 45;
}

int mark_pixels_near(const test::RgbImage& image, double x, double y_up, int radius) {
  return test::count_pixels_near(image, x, y_up, radius, mark_coloured);
}

}  // namespace

TEST(NeedleDepthMarks, EveryFiveMillimetresFromTheSkinToShortOfTheTip) {
  const render::SiteGlyph site{
      "s", {0, 0, 0}, {22, 0, 0}, render::SiteStatus::DangerReached, false};
  EXPECT_EQ(render::depth_mark_depths_mm(site), (std::vector<double>{0, 5, 10, 15, 20}));
  // A tip 1 mm past a mark hides it under the tip sphere: that mark is left out.
  const render::SiteGlyph shallow{
      "t", {0, 0, 0}, {0, 0, 11}, render::SiteStatus::DangerReached, false};
  EXPECT_EQ(render::depth_mark_depths_mm(shallow), (std::vector<double>{0, 5}));
}

TEST(ImageNeedleDepthMarks, MarksAreDrawnAtTheirDepths) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  test::show_only(scene);
  scene.set_view(anatomy::ViewPreset::Anterior);
  // Across the view (the anterior view's horizontal is the atlas x axis), 22 mm deep.
  const Vec3 entry{10, 80, 40};
  const Vec3 tip = entry + Vec3{-22, 0, 0};
  scene.set_sites({{"s", entry, tip, render::SiteStatus::DangerReached, false}});
  scene.focus_on(entry + (tip - entry) * 0.5, 90.0);
  const std::string path = test::output_path("needle_depth_marks");
  ASSERT_FALSE(render::render_png(scene, kSize, kSize, path).has_value());
  std::string error;
  const auto image = test::read_png_rgb(path, &error);
  ASSERT_TRUE(image) << error;

  const render::SiteGlyph glyph{"s", entry, tip, render::SiteStatus::DangerReached, false};
  const std::vector<double> depths = render::depth_mark_depths_mm(glyph);
  ASSERT_EQ(depths.size(), 5u);
  const Vec3 dir = normalized(tip - entry);
  double previous_x = 0.0;
  for (std::size_t i = 0; i < depths.size(); ++i) {
    double x, y;
    ASSERT_TRUE(scene.world_to_display(entry + dir * depths[i], kSize, kSize, &x, &y));
    EXPECT_GT(mark_pixels_near(*image, x, y, 3), 4)
        << "no mark at " << depths[i] << " mm (pixel " << x << ", " << y << ")";
    double mx, my;
    ASSERT_TRUE(scene.world_to_display(entry + dir * (depths[i] + 2.5), kSize, kSize, &mx, &my));
    if (i + 1 < depths.size()) {
      EXPECT_EQ(mark_pixels_near(*image, mx, my, 2), 0)
          << "a mark between " << depths[i] << " and " << depths[i + 1] << " mm";
    }
    // 5 mm apart on the screen too (the needle runs across the view).
    if (i > 0) {
      EXPECT_GT(std::abs(x - previous_x), 15.0);
    }
    previous_x = x;
  }
}

// The selected site stays visible through the head: a needle at the back of the head, seen from
// the front, is hidden when not selected and outlined in the selection colour when selected.
TEST(ImageSelectedNeedle, TheOutlineShowsThroughTheHead) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  const anatomy::Landmark* inion = atlas->landmark("inion");
  ASSERT_NE(inion, nullptr);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const Vec3 entry = inion->position_mm;
  const Vec3 tip = entry + Vec3{0, 15, 0};  // inward, toward the face
  auto count_selection_pixels = [&](bool selected, const std::string& name) {
    scene.set_sites({{"s", entry, tip, render::SiteStatus::WithinTarget, selected}});
    const std::string path = test::output_path(name);
    EXPECT_FALSE(render::render_png(scene, kSize, kSize, path).has_value());
    std::string error;
    const auto image = test::read_png_rgb(path, &error);
    EXPECT_TRUE(image) << error;
    const test::Mask m = test::colour_mask(*image, render::kSelectionColour, {0, 0, kSize, kSize});
    return m.count();
  };
  EXPECT_EQ(count_selection_pixels(false, "selected_needle_off"), 0);
  double tx, ty;
  ASSERT_TRUE(scene.world_to_display(tip, kSize, kSize, &tx, &ty));
  const int on = count_selection_pixels(true, "selected_needle_on");
  EXPECT_GT(on, 30) << "the selected needle behind the head is not outlined";
}
