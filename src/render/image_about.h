// What a picture of the scene should show, written beside it (`toxplan render --about FILE`,
// the window's `--about FILE` with --screenshot) so that image tests can check the picture's
// content and not only its likeness to a baseline: where each site's needle lands in the image,
// whether it faces the camera, the colour its glyph and its spread surface are drawn in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "render/display_style.h"

namespace toxplan::render {

class Scene;

// Image pixels: x to the right and y down from the top-left corner, as a PNG's rows run.
struct Pixel {
  double x = 0.0;
  double y = 0.0;
};

struct PixelRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

struct SiteInImage {
  std::string id;
  // The needle as drawn: from kNeedleOutsideSkinMm outside the skin (hub) through the entry
  // point to the tip.
  Pixel hub;
  Pixel entry;
  Pixel tip;
  double pixels_per_mm = 0.0;  // at the tip, across the view
  // The entry point is inside the view and neither an opaque structure nor the far side of the
  // body lies in front of it: its needle must show.
  bool visible = false;
  Rgb glyph_colour{0, 0, 0};
  bool spread = false;  // a spread surface is drawn for the site (in spread_colour)
  Rgb spread_colour{0, 0, 0};
};

struct ImageAbout {
  int image_width = 0;
  int image_height = 0;
  PixelRect view;  // where the 3D view is in the image (all of it for `toxplan render`)
  std::vector<SiteInImage> sites;
  // Text the picture shows besides the 3D view (the window's status line, an open error).
  std::vector<std::string> messages;
  // Dialogs drawn over the view (the window's error dialog): not part of the scene's picture.
  std::vector<PixelRect> dialogs;

  int visible_sites() const;
  int sites_with_spread() const;
};

// The scene's sites and spread surfaces as they land in a view of `view.width` x `view.height`
// pixels placed at (view.x, view.y) in an image of image_width x image_height.
ImageAbout describe_scene(const Scene& scene, PixelRect view, int image_width, int image_height);

// JSON: {"image": {"width", "height"}, "view": {...}, "sites": [...], "messages": [...],
// "dialogs": [...]}.
std::optional<std::string> write_image_about(const ImageAbout& about, const std::string& path);
std::optional<ImageAbout> read_image_about(const std::string& path, std::string* error);

}  // namespace toxplan::render
