// The field view of the spread (Scene::SpreadColouring::ByField): nested surfaces at 1, 2 and 4
// times the threshold in the legend's colours. Drawn from a field whose level radii are known (a
// Gaussian of bound toxin, every structure hidden), and checked in the pixels: the legend shows
// the level colours, the outer shell is the threshold's blue, the colour turns toward the 4x
// yellow inward, and nothing is drawn beyond the threshold's radius.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "render/scene.h"
#include "render/snapshot.h"
#include "render/view_overlays.h"
#include "support/image_check.h"
#include "support/image_content.h"
#include "support/scene_setup.h"
#include "support/schematic_atlas.h"

using namespace toxplan;

namespace {

constexpr int kSize = 500;
constexpr double kThreshold = 0.05;  // U/cm³
constexpr double kSigmaMm = 6.0;
constexpr double kSpacingMm = 0.5;
constexpr int kHalf = 40;  // voxels each side of the centre

// Radius (mm) where 8 t exp(-r²/2σ²) falls to `level` x t.
double level_radius_mm(double level) {
  return kSigmaMm * std::sqrt(2.0 * std::log(8.0 / level));
}

render::SpreadSurfaceData gaussian_field(const Vec3& centre) {
  render::SpreadSurfaceData d;
  d.site_id = "s";
  const int n = 2 * kHalf + 1;
  d.dims = {n, n, n};
  d.index_to_world = {kSpacingMm, 0,          0,          centre.x - kHalf * kSpacingMm,
                      0,          kSpacingMm, 0,          centre.y - kHalf * kSpacingMm,
                      0,          0,          kSpacingMm, centre.z - kHalf * kSpacingMm,
                      0,          0,          0,          1};
  auto values = std::make_shared<std::vector<float>>(static_cast<std::size_t>(n) * n * n);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const double x = (i - kHalf) * kSpacingMm, y = (j - kHalf) * kSpacingMm,
                     z = (k - kHalf) * kSpacingMm;
        (*values)[static_cast<std::size_t>(i) + n * (static_cast<std::size_t>(j) + n * k)] =
            static_cast<float>(8.0 * kThreshold *
                               std::exp(-(x * x + y * y + z * z) / (2 * kSigmaMm * kSigmaMm)));
      }
  d.values = values;
  d.threshold = kThreshold;
  d.status = render::SiteStatus::WithinTarget;
  return d;
}

// G - B rises along the levels' colours: -57 for the threshold's blue, 5 for the 2x teal, 194
// for the 4x yellow.
double along_levels(const unsigned char* p) {
  return static_cast<double>(p[1]) - p[2];
}

}  // namespace

TEST(ImageSpreadField, NestedLevelsInTheLegendsColours) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  test::show_only(scene);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const Vec3 centre{0, 150, 0};
  scene.set_spread_colouring(render::Scene::SpreadColouring::ByField);
  scene.set_spread_surfaces({gaussian_field(centre)});
  scene.focus_on(centre, 120.0);  // after: the clipping range follows what is drawn
  const std::string path = test::output_path("spread_field");
  ASSERT_FALSE(render::render_png(scene, kSize, kSize, path).has_value());
  std::string error;
  const auto image = test::read_png_rgb(path, &error);
  ASSERT_TRUE(image) << error;

  // The legend: one swatch per level, in its colour, the threshold's level last.
  const auto& swatches = scene.overlays().legend_swatches();
  ASSERT_EQ(swatches.size(), render::kFieldLevels.size());
  for (std::size_t r = 0; r < swatches.size(); ++r) {
    const std::size_t l = render::kFieldLevels.size() - 1 - r;
    EXPECT_DOUBLE_EQ(swatches[r].level_u_per_cm3, kThreshold * render::kFieldLevels[l]);
    const unsigned char* p = image->at(static_cast<int>(std::lround(swatches[r].x)),
                                       kSize - 1 - static_cast<int>(std::lround(swatches[r].y)));
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(p[c], 255.0 * render::kFieldLevelColours[l][static_cast<std::size_t>(c)], 3.0)
          << "swatch " << r << " channel " << c;
  }

  // Across the field on the screen: the centre, between the 4x and 2x radii, between the 2x and
  // threshold radii, and beyond the threshold's.
  double cx, cy;
  ASSERT_TRUE(scene.world_to_display(centre, kSize, kSize, &cx, &cy));
  double ex, ey;
  ASSERT_TRUE(scene.world_to_display(centre + Vec3{-1, 0, 0}, kSize, kSize, &ex, &ey));
  const double px_per_mm = std::hypot(ex - cx, ey - cy);
  auto pixel_at = [&](double r_mm) {
    const int x = static_cast<int>(std::lround(cx + r_mm * px_per_mm));
    const int y = kSize - 1 - static_cast<int>(std::lround(cy));
    return image->at(x, y);
  };
  const double r1 = level_radius_mm(1), r2 = level_radius_mm(2), r4 = level_radius_mm(4);
  const unsigned char* outer = pixel_at(0.5 * (r1 + r2));
  const unsigned char* middle = pixel_at(0.5 * (r2 + r4));
  const unsigned char* core = pixel_at(0.0);
  const unsigned char* beyond = pixel_at(r1 + 3.0);
  const unsigned char* far = pixel_at(r1 + 8.0);
  EXPECT_GT(outer[2], outer[0]) << "the threshold's shell is not blue";
  EXPECT_LT(along_levels(outer) + 5.0, along_levels(middle));
  EXPECT_LT(along_levels(middle) + 5.0, along_levels(core)) << "no 4x yellow at the centre";
  int beyond_difference = 0;
  for (int c = 0; c < 3; ++c)
    beyond_difference += std::abs(beyond[c] - far[c]);
  EXPECT_LT(beyond_difference, 12) << "something is drawn beyond the threshold's radius";
}

TEST(ImageSpreadField, ByFlagDrawsOneSurfaceAndNoLegend) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_spread_surfaces({gaussian_field({0, 150, 0})});
  ASSERT_FALSE(render::render_png(scene, 200, 200, test::output_path("spread_flag")).has_value());
  EXPECT_TRUE(scene.overlays().legend_swatches().empty());
}
