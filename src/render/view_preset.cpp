#include "render/view_preset.h"

#include <vtkCamera.h>
#include <vtkRenderer.h>

namespace toxplan::render {

namespace {

struct ViewDirection {
  ViewPreset view;
  const char* name;
  double from[3];  // direction from the focal point toward the camera
  double up[3];
};

// "Left" and "right" are the patient's: a left view looks at the left side of the head, so the
// camera sits at -x.
constexpr ViewDirection kViews[] = {
    {ViewPreset::Anterior, "anterior", {0, 1, 0}, {0, 0, 1}},
    {ViewPreset::Posterior, "posterior", {0, -1, 0}, {0, 0, 1}},
    {ViewPreset::Left, "left", {-1, 0, 0}, {0, 0, 1}},
    {ViewPreset::Right, "right", {1, 0, 0}, {0, 0, 1}},
    {ViewPreset::Superior, "superior", {0, 0, 1}, {0, 1, 0}},
    {ViewPreset::Oblique, "oblique", {-0.6, 0.75, 0.3}, {0, 0, 1}},
};

}  // namespace

const std::vector<ViewPreset>& all_view_presets() {
  static const std::vector<ViewPreset> views = {ViewPreset::Anterior, ViewPreset::Posterior,
                                                ViewPreset::Left,     ViewPreset::Right,
                                                ViewPreset::Superior, ViewPreset::Oblique};
  return views;
}

const char* view_name(ViewPreset view) {
  for (const ViewDirection& v : kViews) {
    if (v.view == view)
      return v.name;
  }
  return "anterior";
}

std::optional<ViewPreset> view_from_name(const std::string& name) {
  for (const ViewDirection& v : kViews) {
    if (name == v.name)
      return v.view;
  }
  return std::nullopt;
}

void apply_view(vtkRenderer* renderer, ViewPreset view) {
  const ViewDirection* d = &kViews[0];
  for (const ViewDirection& v : kViews) {
    if (v.view == view)
      d = &v;
  }
  vtkCamera* camera = renderer->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(d->from[0], d->from[1], d->from[2]);
  camera->SetViewUp(d->up[0], d->up[1], d->up[2]);
  camera->SetViewAngle(30.0);
  renderer->ResetCamera();
  camera->Zoom(1.15);  // ResetCamera leaves a generous margin; fill more of the view
  renderer->ResetCameraClippingRange();
}

}  // namespace toxplan::render
