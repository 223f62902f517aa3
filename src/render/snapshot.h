// Rendering a scene to a PNG file without a window on screen (needs an X display such as Xvfb,
// which is how Debian's VTK renders off screen).
#pragma once

#include <optional>
#include <string>

#include <vtkSmartPointer.h>

class vtkImageData;
class vtkRenderWindow;

namespace toxplan::render {

class Scene;

// Debian's VTK renders off screen through X: without a display it would abort. Returns an
// explanation (how to run headless) when there is no display, nothing when there is one.
std::optional<std::string> missing_display_message();

// An off-screen window set up as every snapshot needs it: no multisampling (llvmpipe is slow at
// it) and destination alpha, which depth peeling needs.
vtkSmartPointer<vtkRenderWindow> make_offscreen_window(int width, int height);

// The window's back buffer as an RGB image (a copy that outlives the window).
vtkSmartPointer<vtkImageData> grab_rgb(vtkRenderWindow* window);

// Renders `scene` at width x height and writes a PNG. Returns an error message on failure.
std::optional<std::string> render_png(Scene& scene, int width, int height, const std::string& path);

// Writes an RGB image (VTK's bottom-row-first order) to a PNG atomically.
std::optional<std::string> write_image_png(vtkImageData* image, const std::string& path);

// Writes RGB pixels (bottom row first, as OpenGL reads them) to a PNG atomically.
std::optional<std::string> write_rgb_png(const unsigned char* rgb, int width, int height,
                                         const std::string& path);

}  // namespace toxplan::render
