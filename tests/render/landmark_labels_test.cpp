// Landmark names in the 3D view (render/landmark_labels.h) on the real default atlas: a name is
// drawn over the picture where the camera sees its landmark (or the surface just over it), never
// for a landmark on the far side of the head, and names never cover each other.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "render/landmark_labels.h"
#include "render/scene.h"
#include "support/default_atlas.h"
#include "support/image_content.h"
#include "support/scene_setup.h"

using namespace toxplan;

namespace {

constexpr int kWidth = 960, kHeight = 720;

const render::LandmarkLabels::Placed& placed(const render::Scene& scene, const std::string& id) {
  for (const auto& p : scene.landmark_labels().placed())
    if (p.id == id) return p;
  throw std::runtime_error("no landmark " + id);
}

// Pixels within `radius` of (x, y up) that differ by more than 30 (summed over RGB) between two
// pictures of the same size.
int pixels_changed_near(const test::RgbImage& a, const test::RgbImage& b, double x, double y_up,
                        int radius) {
  const int cx = static_cast<int>(std::lround(x));
  const int cy = a.height - 1 - static_cast<int>(std::lround(y_up));
  int n = 0;
  for (int py = std::max(0, cy - radius); py <= std::min(a.height - 1, cy + radius); ++py) {
    for (int px = std::max(0, cx - radius); px <= std::min(a.width - 1, cx + radius); ++px) {
      const unsigned char* p = a.at(px, py);
      const unsigned char* q = b.at(px, py);
      n += std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 30;
    }
  }
  return n;
}

}  // namespace

TEST(ImageLandmarkLabels, NamesWhatTheCameraSeesAndNotTheFarSide) {
  auto atlas = test::default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_landmarks_visible(true);

  scene.set_view(anatomy::ViewPreset::Anterior);
  test::draw_scene(scene, kWidth, kHeight, "landmark_labels_anterior");
  EXPECT_TRUE(placed(scene, "menton").in_sight);
  EXPECT_TRUE(placed(scene, "jugular_notch").in_sight);
  EXPECT_FALSE(placed(scene, "inion").in_sight) << "the inion is on the far side from the front";
  EXPECT_FALSE(placed(scene, "mastoid_L").in_sight) << "behind the ear, hidden from the front";

  scene.set_view(anatomy::ViewPreset::Posterior);
  test::draw_scene(scene, kWidth, kHeight, "landmark_labels_posterior");
  EXPECT_TRUE(placed(scene, "inion").in_sight);
  EXPECT_FALSE(placed(scene, "menton").in_sight) << "the chin is on the far side from behind";
  EXPECT_FALSE(placed(scene, "nasion").in_sight);

  scene.set_view(anatomy::ViewPreset::Left);
  test::draw_scene(scene, kWidth, kHeight, "landmark_labels_left");
  EXPECT_TRUE(placed(scene, "tragion_L").in_sight);
  EXPECT_FALSE(placed(scene, "tragion_R").in_sight) << "the right ear seen through the head";
}

TEST(ImageLandmarkLabels, NamesAreDrawnOverThePictureAndApart) {
  auto atlas = test::default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Oblique);
  const test::RgbImage without = test::draw_scene(scene, kWidth, kHeight, "landmark_labels_off");
  scene.set_landmarks_visible(true);
  const test::RgbImage with = test::draw_scene(scene, kWidth, kHeight, "landmark_labels_on");
  ASSERT_FALSE(without.rgb.empty());
  ASSERT_EQ(with.rgb.size(), without.rgb.size());

  int shown = 0;
  std::vector<std::pair<double, double>> at;
  for (const auto& p : scene.landmark_labels().placed()) {
    if (!p.shown) continue;
    ++shown;
    double x, y;
    ASSERT_TRUE(scene.world_to_display(p.anchor_mm, kWidth, kHeight, &x, &y));
    // The name starts just right of and above its point: its dark box changes the picture there.
    const int changed = pixels_changed_near(without, with, x + 20, y + 10, 6);
    EXPECT_GT(changed, 10) << p.id << ": its name is not in the picture";
    // Two names on the same line overlap unless their points are at least a line apart
    // vertically or far apart horizontally.
    for (const auto& [ox, oy] : at) {
      EXPECT_FALSE(std::abs(oy - y) < 15.0 && std::abs(ox - x) < 30.0)
          << p.id << " is drawn over another name";
    }
    at.emplace_back(x, y);
  }
  EXPECT_GE(shown, 8) << "the oblique view should name the face's and neck's landmarks";
}
