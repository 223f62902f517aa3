// What a rendered picture shows, measured from its pixels: where the site glyphs and the spread
// surfaces are, in the colours the program draws them in (render/display_style.h), checked
// against where the program says each site lands (render/image_about.h). One place for the
// pixel analysis of every image test (tests/support/image_check.h, tools/image_test.cpp).
//
// Glyphs and spread surfaces of a site share its status colour; they are told apart by shape:
// a needle is a pixel or two wide, a spread surface is a blob many times wider. A morphological
// opening of the colour mask (erode, then dilate) with a square wider than any drawn needle
// keeps the surfaces (and at most a tip sphere, far smaller than the area a surface must show);
// the colour pixels away from what it keeps are glyphs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "render/display_style.h"
#include "render/image_about.h"

namespace toxplan::test {

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;  // top row first, 3 bytes a pixel
  const unsigned char* at(int x, int y) const {
    return &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
  }
};

// Reads a PNG (RGB or RGBA, 8 bits); nothing and `error` when it cannot.
std::optional<RgbImage> read_png_rgb(const std::string& path, std::string* error);

// A pixel shows `colour` lit by the scene's lights: its hue is within kHueToleranceDeg of the
// colour's, its saturation at least kMinSaturationShare of the colour's (lighting and the
// translucent skin over a needle lower it; the anatomy's muscle and skin colours are far less
// saturated than any status colour), and it is not darker than kMinValue (the background).
inline constexpr double kHueToleranceDeg = 14.0;
inline constexpr double kMinSaturationShare = 0.6;
inline constexpr double kMinValue = 0.3;
bool shows_colour(const unsigned char* pixel, const render::Rgb& colour);

struct Mask {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> on;
  bool at(int x, int y) const { return on[static_cast<std::size_t>(y) * width + x] != 0; }
  int count() const;
};

// Pixels inside `rect` that show `colour`.
Mask colour_mask(const RgbImage& image, const render::Rgb& colour, const render::PixelRect& rect);
// Pixels of the described 3D view that show `colour`, leaving out dialogs drawn over it.
Mask scene_colour_mask(const RgbImage& image, const render::Rgb& colour,
                       const render::ImageAbout& about);
Mask erode(const Mask& mask, int radius);   // square (2r+1)^2 structuring element
Mask dilate(const Mask& mask, int radius);  // the same square
Mask minus(const Mask& a, const Mask& b);   // on in a, off in b

// Every colour a site glyph can be drawn in: the four statuses, selection, practice reference.
std::vector<render::Rgb> site_glyph_colours();
// Pixels of the described 3D view (outside dialogs) in any of those colours.
int site_coloured_pixels(const RgbImage& image, const render::ImageAbout& about);
// Pixels of the described 3D view (outside dialogs) that show anatomy: skin, muscle and bone are
// warm (red above blue), the background gradient is cool (render/display_style.h).
int anatomy_pixels(const RgbImage& image, const render::ImageAbout& about);

struct Blob {
  int pixels = 0;
  int min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  std::vector<std::pair<int, int>> points;
};
// Pixels of the square of half-side `radius` around a point in VTK display coordinates (x right,
// y up from the bottom row) for which `keep(pixel)` holds: what a picture shows where the
// program says it drew something (an overlay letter, a needle's depth mark).
int count_pixels_near(const RgbImage& image, double x, double y_up, int radius,
                      const std::function<bool(const unsigned char*)>& keep);

// Connected components (8-neighbour) of the mask.
std::vector<Blob> blobs(const Mask& mask);

// Mask pixels within `radius` pixels of the segment a-b.
int count_near_segment(const Mask& mask, render::Pixel a, render::Pixel b, double radius);
double distance_to_segment(double x, double y, render::Pixel a, render::Pixel b);

// What the picture shows, per colour, and every disagreement with the description.
struct ImageContent {
  int glyph_pixels = 0;
  int glyph_blobs = 0;
  int spread_pixels = 0;
  int spread_blobs = 0;
  int visible_sites_with_glyph = 0;
  int visible_sites_with_spread = 0;
  std::vector<std::string> problems;  // empty: the picture shows what `about` says
  std::string summary() const;
};

// Checks, inside about.view:
// - every visible site has glyph pixels of its colour along its needle (hub to tip);
// - every glyph-coloured blob away from the surfaces lies along some site's needle or around
//   the tip of a site with spread (no glyph where the plan has no site);
// - every visible site with spread has spread pixels of its colour around its tip;
// - every spread blob lies around the tip of a site with spread of that colour (none at all
//   when the plan shows no spread).
ImageContent analyse_image(const RgbImage& image, const render::ImageAbout& about);

}  // namespace toxplan::test
