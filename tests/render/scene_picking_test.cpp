// Picking maps a pixel of the view to a viewing ray from the camera alone. While the camera
// moves the window renders a smaller image and stretches it over the view, so the mapping must
// not depend on the size VTK last rendered at, must agree with VTK's own at the view's size,
// and must not touch the renderer (whose modification time triggers redraws).
#include <gtest/gtest.h>
#include <vtkCamera.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <cmath>

#include "anatomy/atlas.h"
#include "render/scene.h"

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

double distance_to_ray(const toxplan::Vec3& p, const render::Ray& ray) {
  const toxplan::Vec3 d = p - ray.origin_mm;
  const toxplan::Vec3 along = ray.direction * toxplan::dot(d, ray.direction);
  return toxplan::norm(d - along);
}

}  // namespace

TEST(ScenePicking, RayAgreesWithVtkAtTheViewSizeWhateverTheWindowSize) {
  auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Oblique);
  scene.renderer()->ResetCameraClippingRange();
  constexpr int kWidth = 540;
  constexpr int kHeight = 751;
  vtkNew<vtkRenderWindow> window;  // never rendered: only its size matters to VTK's mapping
  window->OffScreenRenderingOn();
  window->AddRenderer(scene.renderer());
  window->SetSize(kWidth, kHeight);
  const anatomy::Landmark* glabella = atlas->landmark("glabella");
  ASSERT_NE(glabella, nullptr);
  const toxplan::Vec3 p = glabella->position_mm;

  vtkRenderer* r = scene.renderer();
  r->SetWorldPoint(p.x, p.y, p.z, 1.0);
  r->WorldToDisplay();
  double vtk_display[3];
  r->GetDisplayPoint(vtk_display);

  double x = 0.0;
  double y = 0.0;
  ASSERT_TRUE(scene.world_to_display(p, kWidth, kHeight, &x, &y));
  EXPECT_NEAR(x, vtk_display[0], 1e-6);
  EXPECT_NEAR(y, vtk_display[1], 1e-6);

  // The window now renders a half-size image (the moving picture): the view's mapping stays.
  window->SetSize(kWidth / 2, (kHeight + 1) / 2);
  const vtkMTimeType renderer_time = r->GetMTime();
  const vtkMTimeType camera_time = r->GetActiveCamera()->GetMTime();
  const render::Ray ray = scene.display_ray(x, y, kWidth, kHeight);
  EXPECT_LT(distance_to_ray(p, ray), 1e-6);
  EXPECT_EQ(r->GetMTime(), renderer_time) << "picking must not trigger a redraw";
  EXPECT_EQ(r->GetActiveCamera()->GetMTime(), camera_time);

  // The same structure under the same point of the view, at any pixel density.
  EXPECT_EQ(scene.first_visible_label(ray), scene.first_visible_label(scene.display_ray(
                                                x / 2, y / 2, kWidth / 2.0, kHeight / 2.0)));
  window->RemoveRenderer(scene.renderer());
}

TEST(ScenePicking, EveryPointOfTheViewMapsBackToItself) {
  auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_view(anatomy::ViewPreset::Left);
  scene.renderer()->ResetCameraClippingRange();
  for (const auto& [px, py] : {std::pair{10.0, 20.0}, {270.0, 375.5}, {530.0, 740.0}}) {
    const render::Ray ray = scene.display_ray(px, py, 540, 751);
    const toxplan::Vec3 p = ray.origin_mm + ray.direction * 300.0;
    double x = 0.0;
    double y = 0.0;
    ASSERT_TRUE(scene.world_to_display(p, 540, 751, &x, &y));
    EXPECT_NEAR(x, px, 1e-6);
    EXPECT_NEAR(y, py, 1e-6);
  }
}
