#include "render/view_preset.h"

#include <vtkCamera.h>
#include <vtkRenderer.h>

namespace toxplan::render {

void apply_view(vtkRenderer* renderer, anatomy::ViewPreset view) {
  const Vec3 from = anatomy::view_eye_direction(view);
  const Vec3 up = anatomy::view_up_direction(view);
  vtkCamera* camera = renderer->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(from.x, from.y, from.z);
  camera->SetViewUp(up.x, up.y, up.z);
  camera->SetViewAngle(30.0);
  renderer->ResetCamera();
  camera->Zoom(1.15);  // ResetCamera leaves a generous margin; fill more of the view
  renderer->ResetCameraClippingRange();
}

}  // namespace toxplan::render
