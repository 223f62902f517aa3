// Rendering a scene to a PNG file without a window on screen (needs an X display such as Xvfb,
// which is how Debian's VTK renders off screen).
#pragma once

#include <optional>
#include <string>

namespace toxplan::render {

class Scene;

// Debian's VTK renders off screen through X: without a display it would abort. Returns an
// explanation (how to run headless) when there is no display, nothing when there is one.
std::optional<std::string> missing_display_message();

// Renders `scene` at width x height and writes a PNG. Returns an error message on failure.
std::optional<std::string> render_png(Scene& scene, int width, int height, const std::string& path);

// Writes RGB pixels (bottom row first, as OpenGL reads them) to a PNG atomically.
std::optional<std::string> write_rgb_png(const unsigned char* rgb, int width, int height,
                                         const std::string& path);

}  // namespace toxplan::render
