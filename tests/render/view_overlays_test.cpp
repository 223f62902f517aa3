// The orientation marker and the scale bar over the 3D view (render/view_overlays.h): the bar is
// as long as its millimetres are at the focal point (checked against the scene's own projection
// of two points), the marker's letters point where the patient's sides are in the view, and both
// are in the pixels where they are said to be. Generic, so on the schematic atlas.
#include <gtest/gtest.h>

#include <cmath>

#include <vtkCamera.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkRenderer.h>

#include "render/scene.h"
#include "render/snapshot.h"
#include "render/view_overlays.h"
#include "support/image_check.h"
#include "support/image_content.h"
#include "support/scene_setup.h"
#include "support/schematic_atlas.h"

using namespace toxplan;

namespace {

constexpr int kWidth = 640, kHeight = 480;

bool overlay_coloured(const unsigned char* p) {
  int d = 0;
  for (int c = 0; c < 3; ++c)
    d += std::abs(p[c] - static_cast<int>(std::lround(render::kOverlayColour[c] * 255.0)));
  return d < 45;
}

// Text is anti-aliased: a letter's pixels are light and not warm (the anatomy is warm, the
// background dark).
bool letter_coloured(const unsigned char* p) {
  return p[0] + p[1] + p[2] > 330 && p[2] + 10 >= p[0];
}

// Letter pixels within `radius` of a point given in display coordinates (y up).
int overlay_pixels_near(const test::RgbImage& image, double x, double y_up, int radius) {
  return test::count_pixels_near(image, x, y_up, radius, letter_coloured);
}

const render::MarkerLabel& label(const render::OrientationMarkerGeometry& m, char letter) {
  for (const auto& l : m.labels)
    if (l.letter == letter) return l;
  throw std::runtime_error("no label");
}

}  // namespace

TEST(ScaleBar, LengthIsTheLongestRoundNumberThatFits) {
  EXPECT_DOUBLE_EQ(render::scale_bar_mm(1.3, 140.0), 100.0);  // 107 mm fit
  EXPECT_DOUBLE_EQ(render::scale_bar_mm(10.0, 140.0), 10.0);  // 14 mm fit
  EXPECT_DOUBLE_EQ(render::scale_bar_mm(0.5, 140.0), 200.0);  // 280 mm fit
  EXPECT_DOUBLE_EQ(render::scale_bar_mm(3.0, 140.0), 20.0);   // 46.7 mm fit
  EXPECT_DOUBLE_EQ(render::scale_bar_mm(0.0, 140.0), 0.0);
}

TEST(ScaleBar, PixelsPerMillimetreFollowTheCamera) {
  vtkNew<vtkCamera> camera;
  camera->SetPosition(0, -500, 0);
  camera->SetFocalPoint(0, 0, 0);
  camera->SetViewAngle(30.0);
  // 800 px over 2 x 500 x tan(15°) = 267.9 mm.
  EXPECT_NEAR(render::pixels_per_mm_at_focus(camera, 800), 800.0 / 267.949, 1e-3);
  camera->ParallelProjectionOn();
  camera->SetParallelScale(100.0);
  EXPECT_NEAR(render::pixels_per_mm_at_focus(camera, 800), 4.0, 1e-12);
}

// The bar's pixels per millimetre equal what the scene's own projection gives for two points
// 10 mm apart across the view at the focal point, and the bar is drawn that long.
TEST(ImageViewOverlays, TheScaleBarIsAsLongAsItsMillimetres) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const test::RgbImage image = test::draw_scene(scene, kWidth, kHeight, "overlay_scale_bar");
  const render::ScaleBarGeometry& bar = scene.overlays().scale_bar();
  ASSERT_GT(bar.length_mm, 0.0);

  vtkCamera* camera = scene.renderer()->GetActiveCamera();
  double f[3];
  camera->GetFocalPoint(f);
  vtkMatrix4x4* view = camera->GetViewTransformMatrix();
  const Vec3 focus{f[0], f[1], f[2]};
  const Vec3 across{view->GetElement(0, 0), view->GetElement(0, 1), view->GetElement(0, 2)};
  double x0, y0, x1, y1;
  ASSERT_TRUE(scene.world_to_display(focus, kWidth, kHeight, &x0, &y0));
  ASSERT_TRUE(scene.world_to_display(focus + across * 10.0, kWidth, kHeight, &x1, &y1));
  const double projected_px_per_mm = std::hypot(x1 - x0, y1 - y0) / 10.0;
  EXPECT_NEAR(bar.length_px / bar.length_mm, projected_px_per_mm, 0.01 * projected_px_per_mm);

  // In the pixels: the bar's row, from its left to its right end.
  const int row = image.height - 1 - static_cast<int>(std::lround(bar.y));
  int first = -1, last = -1;
  for (int x = image.width / 2; x < image.width; ++x) {
    if (overlay_coloured(image.at(x, row))) {
      if (first < 0) first = x;
      last = x;
    }
  }
  ASSERT_GE(first, 0) << "no scale bar in its row";
  EXPECT_NEAR(last - first, bar.length_px, 2.5);
  EXPECT_NEAR(first, bar.left_x, 2.0);
}

// Seen from the front the patient's left is on the viewer's right; seen from the left the face
// (anterior) is on the viewer's left. The letters are drawn where they are said to be.
TEST(ImageViewOverlays, TheMarkerShowsWhereThePatientsSidesAre) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const test::RgbImage front = test::draw_scene(scene, kWidth, kHeight, "overlay_marker_front");
  const render::OrientationMarkerGeometry m = scene.overlays().marker();
  EXPECT_GT(label(m, 'L').x, m.centre_x + 20.0);
  EXPECT_LT(label(m, 'R').x, m.centre_x - 20.0);
  EXPECT_GT(label(m, 'S').y, m.centre_y + 20.0);
  EXPECT_FALSE(label(m, 'A').shown) << "anterior points at the viewer";
  for (char c : {'L', 'R', 'S', 'I'}) {
    EXPECT_GT(overlay_pixels_near(front, label(m, c).x, label(m, c).y, 7), 6)
        << "letter " << c << " is not drawn where it is said to be";
  }
  EXPECT_EQ(overlay_pixels_near(front, label(m, 'A').x + 45.0, label(m, 'A').y + 45.0, 6), 0);

  scene.set_view(anatomy::ViewPreset::Left);
  const test::RgbImage side = test::draw_scene(scene, kWidth, kHeight, "overlay_marker_left");
  const render::OrientationMarkerGeometry s = scene.overlays().marker();
  EXPECT_LT(label(s, 'A').x, s.centre_x - 20.0);
  EXPECT_GT(label(s, 'P').x, s.centre_x + 20.0);
  EXPECT_FALSE(label(s, 'L').shown) << "the patient's left points at the viewer";
  EXPECT_GT(overlay_pixels_near(side, label(s, 'A').x, label(s, 'A').y, 7), 6);
}

TEST(ImageViewOverlays, HiddenOverlaysDrawNothing) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Anterior);
  scene.overlays().set_visible(false);
  const test::RgbImage image = test::draw_scene(scene, kWidth, kHeight, "overlay_hidden");
  int overlay = 0;
  for (int y = image.height - 120; y < image.height; ++y)
    for (int x = 0; x < 120; ++x)
      overlay += overlay_coloured(image.at(x, y)) ? 1 : 0;
  EXPECT_EQ(overlay, 0);
}
