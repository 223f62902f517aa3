// The x-ray skin (shaders/skin_xray.frag.glsl through render/xray_shading.h) on the real default
// atlas, rendered by VTK under Xvfb: the shader is in the binary and compiles here, the outline
// of the skin reads while the muscles under it keep their contrast, and a shader that fails
// falls back to VTK's default shading instead of a missing skin or a black view.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "render/image_compare.h"
#include "render/scene.h"
#include "render/shader_library.h"
#include "render/snapshot.h"
#include "render/xray_shading.h"
#include "support/default_atlas.h"
#include "support/image_check.h"
#include "support/image_content.h"
#include "support/scene_setup.h"

using namespace toxplan;

namespace {

constexpr int kSize = 400;

int channel_distance(const unsigned char* a, const unsigned char* b) {
  return std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]);
}

// Pixels where `image` differs from `background` by more than a faint tint.
test::Mask differs_from(const test::RgbImage& image, const test::RgbImage& background) {
  test::Mask m{image.width, image.height,
               std::vector<unsigned char>(static_cast<std::size_t>(image.width) * image.height)};
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      m.on[static_cast<std::size_t>(y) * image.width + x] =
          channel_distance(image.at(x, y), background.at(x, y)) > 30;
  return m;
}

// Mean channel distance between two pictures over a mask.
double mean_distance(const test::RgbImage& a, const test::RgbImage& b, const test::Mask& m) {
  double sum = 0.0;
  int n = 0;
  for (int y = 0; y < m.height; ++y)
    for (int x = 0; x < m.width; ++x)
      if (m.at(x, y)) {
        sum += channel_distance(a.at(x, y), b.at(x, y));
        ++n;
      }
  return n == 0 ? 0.0 : sum / n;
}

class XrayShading : public ::testing::Test {
 protected:
  void TearDown() override { render::reset_shader_sources_for_testing(); }
};

}  // namespace

TEST_F(XrayShading, TheShaderIsEmbeddedInTheProgram) {
  const auto source = render::shader_source(render::kSkinXrayShader);
  ASSERT_TRUE(source) << "shaders/skin_xray.frag.glsl is not in the build";
  // It goes after VTK's lighting and keeps it: it starts with the tag it replaces.
  EXPECT_EQ(source->rfind("//VTK::Light::Impl", 0), 0u);
  EXPECT_NE(source->find("xrayRimScale"), std::string::npos);
  EXPECT_FALSE(render::shader_source("no_such_shader.glsl"));
}

TEST_F(XrayShading, CompilesAndLinksUnderThisRenderer) {
  auto atlas = test::default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Left);
  EXPECT_TRUE(scene.xray_shading_active());
  const long errors_before = render::shader_error_count();
  const long failures_before = render::shader_failure_count();
  test::draw_scene(scene, kSize, kSize, "xray_compiles");
  EXPECT_EQ(render::shader_error_count(), errors_before) << render::last_shader_error();
  EXPECT_EQ(render::shader_failure_count(), failures_before);
  EXPECT_TRUE(scene.xray_shading_active()) << "the scene fell back to default shading";
}

// The skin alone over the background, from the left: its outline (a band 3 px wide inside the
// silhouette) must stand out from the background far more than its middle does, and more so
// than the same skin drawn at one flat opacity.
TEST_F(XrayShading, TheSkinsOutlineReadsAndItsMiddleIsThin) {
  auto atlas = test::default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Left);
  test::show_only(scene);
  const test::RgbImage background = test::draw_scene(scene, kSize, kSize, "xray_background");
  test::show_only(scene, {"skin"});
  scene.set_structure_opacity("skin", 1.0);
  const test::Mask skin =
      differs_from(test::draw_scene(scene, kSize, kSize, "xray_skin_opaque"), background);
  scene.set_structure_opacity("skin", 0.3);
  const test::RgbImage xray = test::draw_scene(scene, kSize, kSize, "xray_skin");
  ASSERT_TRUE(scene.xray_shading_active());
  scene.set_xray_shading(false);
  const test::RgbImage flat = test::draw_scene(scene, kSize, kSize, "xray_skin_flat");

  ASSERT_GT(skin.count(), kSize * kSize / 10) << "the skin covers too little of the picture";
  const test::Mask outline = test::minus(skin, test::erode(skin, 3));
  const test::Mask middle = test::erode(skin, 20);
  ASSERT_GT(outline.count(), 300);
  ASSERT_GT(middle.count(), 3000);
  const double xray_outline = mean_distance(xray, background, outline);
  const double xray_middle = mean_distance(xray, background, middle);
  const double flat_outline = mean_distance(flat, background, outline);
  const double flat_middle = mean_distance(flat, background, middle);
  std::printf("outline / middle contrast: x-ray %.1f / %.1f, flat %.1f / %.1f\n", xray_outline,
              xray_middle, flat_outline, flat_middle);
  EXPECT_GT(xray_outline, 1.5 * xray_middle) << "the outline does not stand out";
  EXPECT_GT(xray_outline / xray_middle, 3.0 * (flat_outline / flat_middle))
      << "no more outline than flat shading gives";
  EXPECT_LT(xray_middle, flat_middle) << "the middle of the x-ray skin is not thinner";
}

// A muscle under the skin (left temporalis, seen from the left) must look nearly as it does with
// no skin: closer to it than under the same skin drawn flat.
TEST_F(XrayShading, AMuscleUnderTheSkinKeepsItsContrast) {
  auto atlas = test::default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Left);
  test::show_only(scene);
  const test::RgbImage background = test::draw_scene(scene, kSize, kSize, "xray_muscle_background");
  test::show_only(scene, {"temporalis_L"});
  const test::RgbImage bare = test::draw_scene(scene, kSize, kSize, "xray_muscle_bare");
  // Its inside, away from the outline of the skin and of the muscle.
  const test::Mask muscle = test::erode(differs_from(bare, background), 4);
  ASSERT_GT(muscle.count(), 2000);
  test::show_only(scene, {"temporalis_L", "skin"});
  const test::RgbImage xray = test::draw_scene(scene, kSize, kSize, "xray_muscle_under_xray");
  scene.set_xray_shading(false);
  const test::RgbImage flat = test::draw_scene(scene, kSize, kSize, "xray_muscle_under_flat");
  const double xray_change = mean_distance(xray, bare, muscle);
  const double flat_change = mean_distance(flat, bare, muscle);
  std::printf("muscle colour change under the skin: x-ray %.1f, flat %.1f (of 765)\n", xray_change,
              flat_change);
  EXPECT_LT(xray_change, 0.6 * flat_change);
  EXPECT_LT(xray_change, 80.0);
}

// A shader that does not compile: VTK reports it, the scene goes back to default shading, says
// so, and the picture is the flat-shaded one, not a view without skin.
TEST_F(XrayShading, AFailingShaderFallsBackToDefaultShading) {
  auto atlas = test::default_atlas();
  ASSERT_TRUE(atlas);
  std::string flat_path;
  {
    render::Scene reference(*atlas);
    reference.set_view(anatomy::ViewPreset::Left);
    reference.set_xray_shading(false);
    flat_path = test::output_path("xray_fallback_expected");
    ASSERT_FALSE(render::render_png(reference, kSize, kSize, flat_path).has_value());
  }
  render::override_shader_source_for_testing(
      render::kSkinXrayShader, std::string("//VTK::Light::Impl\n  this is not GLSL;\n"));
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Left);
  ASSERT_TRUE(scene.xray_shading_active());
  const long errors_before = render::shader_error_count();
  const std::string path = test::output_path("xray_fallback");
  testing::internal::CaptureStderr();
  const auto error = render::render_png(scene, kSize, kSize, path);
  const std::string said = testing::internal::GetCapturedStderr();
  ASSERT_FALSE(error.has_value()) << *error;
  EXPECT_GT(render::shader_error_count(), errors_before);
  EXPECT_GT(render::shader_failure_count(), 0);
  EXPECT_FALSE(scene.xray_shading_active());
  EXPECT_NE(said.find("did not compile here"), std::string::npos) << said;
  EXPECT_NE(said.find("default shading"), std::string::npos) << said;
  std::string compare_error;
  const auto diff = render::compare_png_files(flat_path, path, &compare_error);
  ASSERT_TRUE(diff) << compare_error;
  EXPECT_LT(diff->mean_abs_difference, 0.5) << "the fall-back picture is not the flat one";
}

TEST_F(XrayShading, AMissingShaderFallsBackAndSaysSo) {
  auto atlas = test::default_atlas();
  ASSERT_TRUE(atlas);
  render::override_shader_source_for_testing(render::kSkinXrayShader, std::nullopt);
  testing::internal::CaptureStderr();
  render::Scene scene(*atlas);
  const std::string said = testing::internal::GetCapturedStderr();
  EXPECT_FALSE(scene.xray_shading_active());
  EXPECT_NE(said.find("is not in this build"), std::string::npos) << said;
  test::draw_scene(scene, kSize, kSize, "xray_missing");  // and it still draws
}
