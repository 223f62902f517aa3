#include "app/viewport.h"

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkMapper.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkPropCollection.h>
#include <vtkRenderer.h>
#include <vtkTextureObject.h>
#include <vtk_glew.h>

#include <algorithm>
#include <cmath>

#include "app/interactive_image_reduction.h"
#include "render/scene.h"

namespace toxplan::app {

namespace {

// The context is GLFW's and always current on the UI thread: answer VTK's question "yes".
void context_is_current(vtkObject*, unsigned long, void*, void* call_data) {
  *static_cast<bool*>(call_data) = true;
}

constexpr double kRotateDegreesPerPixel = 0.35;

}  // namespace

Viewport::Viewport(render::Scene& scene) : scene_(&scene), renderer_(scene.renderer()) {
  window_ = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
  window_->SetOwnContext(false);
  window_->SetFrameBlitModeToNoBlit();
  window_->SetMultiSamples(0);
  window_->SetAlphaBitPlanes(1);  // depth peeling needs destination alpha
  vtkNew<vtkCallbackCommand> is_current;
  is_current->SetCallback(&context_is_current);
  window_->AddObserver(vtkCommand::WindowIsCurrentEvent, is_current);
  window_->AddRenderer(renderer_);
}

Viewport::~Viewport() {
  if (window_) window_->RemoveRenderer(renderer_);
}

void Viewport::follow(render::Scene& scene) {
  if (&scene == scene_) return;
  if (initialised_) renderer_->ReleaseGraphicsResources(window_);  // its buffers and textures
  window_->RemoveRenderer(renderer_);
  scene_ = &scene;
  renderer_ = scene.renderer();
  window_->AddRenderer(renderer_);
  rendered_once_ = false;  // draw the new scene at once
}

unsigned int Viewport::render(int width, int height) {
  width = std::max(width, 16);
  height = std::max(height, 16);
  if (!initialised_) {
    window_->InitializeFromCurrentContext();
    window_->SetReadyForRendering(true);
    window_->SetIsCurrent(true);
    initialised_ = true;
  }
  width_ = width;
  height_ = height;
  const bool reduced = scene_->interacting();
  const int image_width = reduced ? interactive_image_size(width) : width;
  const int image_height = reduced ? interactive_image_size(height) : height;
  bool resized = false;
  if (image_width != image_width_ || image_height != image_height_) {
    image_width_ = image_width;
    image_height_ = image_height;
    window_->SetSize(image_width, image_height);
    resized = true;
  }
  // Software rendering of the full scene takes a good part of a second: draw it only when
  // something that shows changed, and keep showing the last image otherwise.
  const vtkMTimeType stamp = scene_stamp();
  drew_last_call_ = false;
  if (resized || stamp != last_stamp_ || !rendered_once_) {
    reset_gl_state();
    scene_->renderer()->ResetCameraClippingRange();
    window_->Render();
    if (scene_->fall_back_if_shaders_failed()) window_->Render();
    bind_default_framebuffer();
    last_stamp_ = scene_stamp();  // clipping-range reset touches the camera
    rendered_once_ = true;
    drew_last_call_ = true;
  }
  vtkOpenGLFramebufferObject* fbo = window_->GetDisplayFramebuffer();
  if (!fbo) return 0;
  vtkTextureObject* texture = fbo->GetColorAttachmentAsTextureObject(0);
  if (!texture) return 0;
  if (drew_last_call_) {
    // A reduced image is stretched smoothly; a full one is shown texel for texel (nearest keeps
    // the still picture exactly what VTK rendered).
    const GLint filter = reduced ? GL_LINEAR : GL_NEAREST;
    glBindTexture(GL_TEXTURE_2D, texture->GetHandle());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  return texture->GetHandle();
}

vtkMTimeType Viewport::scene_stamp() const {
  vtkRenderer* renderer = scene_->renderer();
  vtkMTimeType stamp = std::max(renderer->GetMTime(), renderer->GetActiveCamera()->GetMTime());
  vtkPropCollection* props = renderer->GetViewProps();
  vtkCollectionSimpleIterator it;
  props->InitTraversal(it);
  while (vtkProp* prop = props->GetNextProp(it)) {
    stamp = std::max(stamp, prop->GetRedrawMTime());
    if (auto* actor = vtkActor::SafeDownCast(prop)) {
      if (actor->GetMapper()) stamp = std::max(stamp, actor->GetMapper()->GetMTime());
    }
  }
  // Adding or removing props changes the count even when no MTime moves.
  return stamp + static_cast<vtkMTimeType>(props->GetNumberOfItems());
}

void Viewport::reset_gl_state() {
  if (initialised_) window_->GetState()->Reset();
}

void Viewport::bind_default_framebuffer() {
  if (initialised_) window_->GetState()->vtkglBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void Viewport::rotate(double dx_px, double dy_px) {
  vtkCamera* camera = scene_->renderer()->GetActiveCamera();
  camera->Azimuth(-dx_px * kRotateDegreesPerPixel);
  camera->Elevation(dy_px * kRotateDegreesPerPixel);
  camera->OrthogonalizeViewUp();
}

void Viewport::pan(double dx_px, double dy_px) {
  vtkCamera* camera = scene_->renderer()->GetActiveCamera();
  // Moves the camera parallel to the view plane so that the picked point follows the mouse.
  const double height_mm =
      2.0 * camera->GetDistance() * std::tan(camera->GetViewAngle() * 0.5 * 3.14159265 / 180.0);
  const double mm_per_px = height_mm / std::max(height_, 1);
  double up[3];
  double right[3];
  double forward[3];
  camera->GetViewUp(up);
  camera->GetDirectionOfProjection(forward);
  right[0] = forward[1] * up[2] - forward[2] * up[1];
  right[1] = forward[2] * up[0] - forward[0] * up[2];
  right[2] = forward[0] * up[1] - forward[1] * up[0];
  double shift[3];
  for (int i = 0; i < 3; ++i)
    shift[i] = (-dx_px * right[i] + dy_px * up[i]) * mm_per_px;
  double f[3];
  double p[3];
  camera->GetFocalPoint(f);
  camera->GetPosition(p);
  camera->SetFocalPoint(f[0] + shift[0], f[1] + shift[1], f[2] + shift[2]);
  camera->SetPosition(p[0] + shift[0], p[1] + shift[1], p[2] + shift[2]);
}

void Viewport::zoom(double factor) {
  scene_->renderer()->GetActiveCamera()->Dolly(factor);
  scene_->renderer()->ResetCameraClippingRange();
}

}  // namespace toxplan::app
