// The 3D view inside the ImGui window: VTK renders the scene into its own framebuffer in the
// window's OpenGL context, and ImGui shows that framebuffer's colour texture as an image.
#pragma once

#include <vtkSmartPointer.h>
#include <vtkType.h>

class vtkGenericOpenGLRenderWindow;
class vtkRenderer;

namespace toxplan::render {
class Scene;
}

namespace toxplan::app {

class Viewport {
 public:
  explicit Viewport(render::Scene& scene);
  ~Viewport();

  // Shows `scene` from now on, when it is not the one shown (the planner replaced its scene
  // with another atlas's). The old scene may already be gone: only its renderer, which the
  // view holds, is touched.
  void follow(render::Scene& scene);

  // Renders the view of width x height pixels (the OpenGL context must be current) and returns
  // the colour texture's GL name, to be drawn over the whole view with V flipped. While the
  // scene is interacting (the camera moves) the texture has fewer pixels (see
  // interactive_image_reduction.h) and is filtered linearly when stretched; a still picture is
  // always rendered at width x height, pixel for pixel.
  unsigned int render(int width, int height);

  // The view's size in pixels (what picking and camera moves work in), whatever the size of
  // the last rendered image.
  int width() const { return width_; }
  int height() const { return height_; }
  // Whether the last `render` call drew the scene (false: it reused the previous image).
  bool drew_last_call() const { return drew_last_call_; }

  // Camera moves in screen pixels.
  void rotate(double dx_px, double dy_px);
  void pan(double dx_px, double dy_px);
  void zoom(double factor);  // > 1 moves closer

  // VTK caches OpenGL state; ImGui changes it behind VTK's back every frame.
  void reset_gl_state();
  // Leaves the window's default framebuffer bound so ImGui draws to the screen.
  void bind_default_framebuffer();

 private:
  // Changes whenever anything that would change the picture changes.
  vtkMTimeType scene_stamp() const;

  render::Scene* scene_;
  vtkSmartPointer<vtkRenderer> renderer_;  // scene_'s, held so that follow() can remove it
  vtkMTimeType last_stamp_ = 0;
  bool rendered_once_ = false;
  bool drew_last_call_ = false;
  vtkSmartPointer<vtkGenericOpenGLRenderWindow> window_;
  int width_ = 0;  // the view
  int height_ = 0;
  int image_width_ = 0;  // the image VTK renders (smaller while interacting)
  int image_height_ = 0;
  bool initialised_ = false;
};

}  // namespace toxplan::app
