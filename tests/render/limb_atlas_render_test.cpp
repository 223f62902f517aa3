// The shipped upper-limb atlas (assets/atlas/upper-limb, issue 16): it loads and checks clean, its
// real structures carry their FMA ids, and the 3D view draws both arms where their bones are.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "anatomy/atlas.h"
#include "anatomy/atlas_checks.h"
#include "render/scene.h"
#include "support/image_content.h"
#include "support/scene_setup.h"
#include "support/test_paths.h"

using namespace toxplan;

namespace {

constexpr int kWidth = 960, kHeight = 600;

std::shared_ptr<const anatomy::Atlas> upper_limb_atlas() {
  static const std::shared_ptr<const anatomy::Atlas> atlas = [] {
    Findings findings;
    std::shared_ptr<const anatomy::Atlas> a =
        anatomy::Atlas::load(test::source_dir() + "/assets/atlas/upper-limb", &findings);
    for (const Finding& f : findings)
      EXPECT_NE(f.severity, Severity::Error) << f.message;
    return a;
  }();
  return atlas;
}

TEST(UpperLimbAtlas, LoadsAndChecksCleanWithEveryRealStructureKeyedByItsFmaId) {
  const auto atlas = upper_limb_atlas();
  ASSERT_TRUE(atlas);
  EXPECT_EQ(atlas->id(), "upper-limb");
  EXPECT_EQ(atlas->structures().size(), 166u);
  int derived = 0;
  for (const anatomy::Structure& s : atlas->structures()) {
    if (s.derived()) {
      ++derived;
      continue;
    }
    EXPECT_EQ(s.fma_id.rfind("FMA", 0), 0u) << s.id;
  }
  EXPECT_EQ(derived, 2) << "skin and subcutaneous fat";
  for (const char* id : {"biceps_long_head_R", "brachialis_L", "flexor_carpi_radialis_R",
                         "flexor_digitorum_profundus_L", "pronator_quadratus_R",
                         "adductor_pollicis_oblique_head_L", "humerus_R", "ulna_L"})
    EXPECT_TRUE(atlas->find(id)) << id;
  for (const Finding& f : anatomy::check_atlas_geometry(*atlas))
    EXPECT_NE(f.severity, Severity::Error) << f.code << ": " << f.message;
}

// Anatomy pixels are warm (red above blue), the background cool (render/display_style.h).
bool warm_at(const test::RgbImage& image, double x, double y_up) {
  const int px = static_cast<int>(x), py = image.height - 1 - static_cast<int>(y_up);
  if (px < 0 || py < 0 || px >= image.width || py >= image.height) return false;
  const unsigned char* p = image.at(px, py);
  return p[0] > p[2] + 20;
}

TEST(ImageUpperLimbAtlas, TheFrontViewDrawsBothArmsWhereTheirBonesAre) {
  const auto atlas = upper_limb_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const test::RgbImage image = test::draw_scene(scene, kWidth, kHeight, "upper_limb_anterior");
  ASSERT_EQ(image.width, kWidth);
  int warm_landmarks = 0;
  for (const char* side : {"_L", "_R"}) {
    for (const char* id : {"elbow_centre", "wrist_centre", "metacarpal_3_middle", "acromion"}) {
      const anatomy::Landmark* l = atlas->landmark(std::string(id) + side);
      ASSERT_TRUE(l) << id << side;
      double x, y;
      ASSERT_TRUE(scene.world_to_display(l->position_mm, kWidth, kHeight, &x, &y));
      // Seen from the front, the patient's right is on the viewer's left.
      if (std::string(side) == "_R") {
        EXPECT_LT(x, kWidth / 2.0) << id << side;
      } else {
        EXPECT_GT(x, kWidth / 2.0) << id << side;
      }
      EXPECT_TRUE(warm_at(image, x, y)) << id << side << " at " << x << ", " << y;
      warm_landmarks += warm_at(image, x, y);
    }
  }
  EXPECT_EQ(warm_landmarks, 8);
  // Beside each hand, away from the body, only the background.
  const anatomy::Landmark* hand_r = atlas->landmark("metacarpal_3_middle_R");
  ASSERT_TRUE(hand_r);
  double x, y;
  ASSERT_TRUE(
      scene.world_to_display(hand_r->position_mm + Vec3{120, 0, 0}, kWidth, kHeight, &x, &y));
  EXPECT_FALSE(warm_at(image, x, y)) << "the background right of the right hand";
}

}  // namespace
