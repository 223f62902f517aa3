#include "support/image_content.h"

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

namespace toxplan::test {

namespace {

// Drawn sizes (render/scene.cpp): the tip sphere is the widest part of a glyph, 1.6 mm in
// radius and 1.4 times that when the site is selected; the needle is 0.45 mm in radius, 1.8
// times that when selected.
constexpr double kWidestGlyphRadiusMm = 1.6 * 1.4;
constexpr double kWidestNeedleRadiusMm = 0.45 * 1.8;
// A visible site's spread surface shows at least the area of a disc this wide around its tip,
// about twice the area of a tip sphere (what the opening may keep of a glyph).
constexpr double kMinSpreadDiscRadiusMm = 2.2;
// A spread surface lies within this distance of its site's tip in the picture (a 5 U site's
// effect region is about 10 mm across; neighbouring surfaces merge into one blob, so a blob
// only has to touch this radius around one of its sites).
constexpr double kSpreadReachMm = 20.0;
// Where a visible site's own spread must show: around its tip.
constexpr double kSpreadNearTipMm = 12.0;
// A glyph pixel belongs to a needle when it is this close to the needle's drawn line.
constexpr double kNeedleSlackPx = 3.0;

struct Hsv {
  double h = 0, s = 0, v = 0;
};

Hsv to_hsv(double r, double g, double b) {
  const double mx = std::max({r, g, b});
  const double mn = std::min({r, g, b});
  Hsv out;
  out.v = mx;
  out.s = mx > 0 ? (mx - mn) / mx : 0.0;
  if (mx == mn) return out;
  const double d = mx - mn;
  if (mx == r) {
    out.h = 60.0 * std::fmod((g - b) / d + 6.0, 6.0);
  } else if (mx == g) {
    out.h = 60.0 * ((b - r) / d + 2.0);
  } else {
    out.h = 60.0 * ((r - g) / d + 4.0);
  }
  return out;
}

double hue_distance(double a, double b) {
  const double d = std::fabs(a - b);
  return std::min(d, 360.0 - d);
}

std::string px(render::Pixel p) {
  std::ostringstream s;
  s << "(" << static_cast<int>(std::lround(p.x)) << ", " << static_cast<int>(std::lround(p.y))
    << ")";
  return s.str();
}

std::string colour_name(const render::Rgb& c) {
  std::ostringstream s;
  s << "rgb(" << std::lround(c[0] * 255) << "," << std::lround(c[1] * 255) << ","
    << std::lround(c[2] * 255) << ")";
  return s.str();
}

bool near_any_point(const Blob& blob, render::Pixel p, double radius) {
  for (const auto& [x, y] : blob.points) {
    if (std::hypot(x - p.x, y - p.y) <= radius) return true;
  }
  return false;
}

int count_near_point(const Mask& mask, render::Pixel p, double radius) {
  int n = 0;
  const int x0 = std::max(0, static_cast<int>(std::floor(p.x - radius)));
  const int x1 = std::min(mask.width - 1, static_cast<int>(std::ceil(p.x + radius)));
  const int y0 = std::max(0, static_cast<int>(std::floor(p.y - radius)));
  const int y1 = std::min(mask.height - 1, static_cast<int>(std::ceil(p.y + radius)));
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) {
      if (mask.at(x, y) && std::hypot(x - p.x, y - p.y) <= radius) ++n;
    }
  }
  return n;
}

}  // namespace

std::optional<RgbImage> read_png_rgb(const std::string& path, std::string* error) {
  if (!std::filesystem::exists(path)) {
    if (error) *error = path + ": no such image";
    return std::nullopt;
  }
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  if (reader->GetErrorCode() != 0 || !image || image->GetNumberOfPoints() == 0 ||
      image->GetScalarType() != VTK_UNSIGNED_CHAR || image->GetNumberOfScalarComponents() < 3) {
    if (error) *error = path + ": not an 8-bit RGB PNG image";
    return std::nullopt;
  }
  int dims[3];
  image->GetDimensions(dims);
  const int components = image->GetNumberOfScalarComponents();
  const auto* in = static_cast<const unsigned char*>(image->GetScalarPointer());
  RgbImage out;
  out.width = dims[0];
  out.height = dims[1];
  out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y) {
    const int vtk_row = out.height - 1 - y;  // VTK's rows run bottom first
    for (int x = 0; x < out.width; ++x) {
      const unsigned char* p =
          in + (static_cast<std::size_t>(vtk_row) * out.width + x) * components;
      unsigned char* q = &out.rgb[(static_cast<std::size_t>(y) * out.width + x) * 3];
      q[0] = p[0];
      q[1] = p[1];
      q[2] = p[2];
    }
  }
  return out;
}

bool shows_colour(const unsigned char* pixel, const render::Rgb& colour) {
  const Hsv p = to_hsv(pixel[0] / 255.0, pixel[1] / 255.0, pixel[2] / 255.0);
  const Hsv c = to_hsv(colour[0], colour[1], colour[2]);
  return p.v >= kMinValue && p.s >= kMinSaturationShare * c.s && p.s > 0.0 &&
         hue_distance(p.h, c.h) <= kHueToleranceDeg;
}

int Mask::count() const {
  return static_cast<int>(std::count(on.begin(), on.end(), 1));
}

Mask colour_mask(const RgbImage& image, const render::Rgb& colour, const render::PixelRect& rect) {
  Mask m{image.width, image.height,
         std::vector<unsigned char>(static_cast<std::size_t>(image.width) * image.height, 0)};
  const int x0 = std::max(0, rect.x);
  const int y0 = std::max(0, rect.y);
  const int x1 = std::min(image.width, rect.x + rect.width);
  const int y1 = std::min(image.height, rect.y + rect.height);
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      if (shows_colour(image.at(x, y), colour)) m.on[static_cast<std::size_t>(y) * m.width + x] = 1;
    }
  }
  return m;
}

Mask scene_colour_mask(const RgbImage& image, const render::Rgb& colour,
                       const render::ImageAbout& about) {
  Mask m = colour_mask(image, colour, about.view);
  for (const render::PixelRect& d : about.dialogs) {
    for (int y = std::max(0, d.y); y < std::min(image.height, d.y + d.height); ++y) {
      for (int x = std::max(0, d.x); x < std::min(image.width, d.x + d.width); ++x)
        m.on[static_cast<std::size_t>(y) * m.width + x] = 0;
    }
  }
  return m;
}

std::vector<render::Rgb> site_glyph_colours() {
  using render::SiteStatus;
  std::vector<render::Rgb> colours;
  for (SiteStatus status : {SiteStatus::Unsimulated, SiteStatus::WithinTarget,
                            SiteStatus::SpreadBeyondTarget, SiteStatus::DangerReached}) {
    colours.push_back(render::site_status_colour(status));
  }
  colours.push_back(render::kSelectionColour);
  colours.push_back(render::kReferenceSiteColour);
  return colours;
}

int site_coloured_pixels(const RgbImage& image, const render::ImageAbout& about) {
  Mask any{image.width, image.height,
           std::vector<unsigned char>(static_cast<std::size_t>(image.width) * image.height, 0)};
  for (const render::Rgb& c : site_glyph_colours()) {
    const Mask m = scene_colour_mask(image, c, about);
    for (std::size_t i = 0; i < any.on.size(); ++i)
      any.on[i] = any.on[i] || m.on[i];
  }
  return any.count();
}

int anatomy_pixels(const RgbImage& image, const render::ImageAbout& about) {
  // Red above blue by this much: no shade of the background gradient, every lit anatomy colour.
  constexpr int kWarmth = 25;
  int n = 0;
  const render::PixelRect& v = about.view;
  for (int y = std::max(0, v.y); y < std::min(image.height, v.y + v.height); ++y) {
    for (int x = std::max(0, v.x); x < std::min(image.width, v.x + v.width); ++x) {
      const bool in_dialog =
          std::any_of(about.dialogs.begin(), about.dialogs.end(), [&](const render::PixelRect& d) {
            return x >= d.x && x < d.x + d.width && y >= d.y && y < d.y + d.height;
          });
      const unsigned char* p = image.at(x, y);
      if (!in_dialog && p[0] > p[2] + kWarmth) ++n;
    }
  }
  return n;
}

namespace {

// Separable square min/max filter: erosion when `all`, dilation otherwise.
Mask square_filter(const Mask& mask, int radius, bool all) {
  if (radius <= 0) return mask;
  const int w = mask.width;
  const int h = mask.height;
  auto pass = [&](const std::vector<unsigned char>& in, bool horizontal) {
    std::vector<unsigned char> out(in.size(), 0);
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        bool result = all;
        for (int d = -radius; d <= radius; ++d) {
          const int xx = horizontal ? x + d : x;
          const int yy = horizontal ? y : y + d;
          const bool v = xx >= 0 && xx < w && yy >= 0 && yy < h &&
                         in[static_cast<std::size_t>(yy) * w + xx] != 0;
          if (all && !v) {
            result = false;
            break;
          }
          if (!all && v) {
            result = true;
            break;
          }
        }
        out[static_cast<std::size_t>(y) * w + x] = result ? 1 : 0;
      }
    }
    return out;
  };
  Mask out{w, h, pass(pass(mask.on, true), false)};
  return out;
}

}  // namespace

Mask erode(const Mask& mask, int radius) {
  return square_filter(mask, radius, true);
}

Mask dilate(const Mask& mask, int radius) {
  return square_filter(mask, radius, false);
}

Mask minus(const Mask& a, const Mask& b) {
  Mask out = a;
  for (std::size_t i = 0; i < out.on.size(); ++i)
    out.on[i] = a.on[i] && !b.on[i] ? 1 : 0;
  return out;
}

std::vector<Blob> blobs(const Mask& mask) {
  std::vector<Blob> out;
  std::vector<unsigned char> seen(mask.on.size(), 0);
  std::vector<std::pair<int, int>> stack;
  for (int y = 0; y < mask.height; ++y) {
    for (int x = 0; x < mask.width; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * mask.width + x;
      if (!mask.on[i] || seen[i]) continue;
      Blob b{0, x, y, x, y, {}};
      seen[i] = 1;
      stack.push_back({x, y});
      while (!stack.empty()) {
        const auto [cx, cy] = stack.back();
        stack.pop_back();
        ++b.pixels;
        b.points.push_back({cx, cy});
        b.min_x = std::min(b.min_x, cx);
        b.max_x = std::max(b.max_x, cx);
        b.min_y = std::min(b.min_y, cy);
        b.max_y = std::max(b.max_y, cy);
        for (int dy = -1; dy <= 1; ++dy) {
          for (int dx = -1; dx <= 1; ++dx) {
            const int nx = cx + dx;
            const int ny = cy + dy;
            if (nx < 0 || ny < 0 || nx >= mask.width || ny >= mask.height) continue;
            const std::size_t j = static_cast<std::size_t>(ny) * mask.width + nx;
            if (mask.on[j] && !seen[j]) {
              seen[j] = 1;
              stack.push_back({nx, ny});
            }
          }
        }
      }
      out.push_back(std::move(b));
    }
  }
  return out;
}

double distance_to_segment(double x, double y, render::Pixel a, render::Pixel b) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((x - a.x) * dx + (y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(x - (a.x + t * dx), y - (a.y + t * dy));
}

int count_near_segment(const Mask& mask, render::Pixel a, render::Pixel b, double radius) {
  int n = 0;
  const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - radius)));
  const int x1 = std::min(mask.width - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + radius)));
  const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - radius)));
  const int y1 =
      std::min(mask.height - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + radius)));
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) {
      if (mask.at(x, y) && distance_to_segment(x, y, a, b) <= radius) ++n;
    }
  }
  return n;
}

std::string ImageContent::summary() const {
  std::ostringstream s;
  s << glyph_pixels << " glyph pixels in " << glyph_blobs << " blob(s), " << spread_pixels
    << " spread pixels in " << spread_blobs << " blob(s); " << visible_sites_with_glyph
    << " visible site(s) with their glyph, " << visible_sites_with_spread << " with their spread";
  return s.str();
}

ImageContent analyse_image(const RgbImage& image, const render::ImageAbout& about) {
  ImageContent content;
  if (image.width != about.image_width || image.height != about.image_height) {
    content.problems.push_back("the image is " + std::to_string(image.width) + "x" +
                               std::to_string(image.height) + " but its description says " +
                               std::to_string(about.image_width) + "x" +
                               std::to_string(about.image_height));
    return content;
  }
  // Every colour a glyph or a surface is drawn in, analysed on its own.
  std::vector<render::Rgb> colours;
  auto add_colour = [&](const render::Rgb& c) {
    if (std::find(colours.begin(), colours.end(), c) == colours.end()) colours.push_back(c);
  };
  double widest_needle_px = 0.0;
  for (const auto& s : about.sites) {
    add_colour(s.glyph_colour);
    if (s.spread) add_colour(s.spread_colour);
    widest_needle_px = std::max(widest_needle_px, kWidestNeedleRadiusMm * s.pixels_per_mm);
  }
  // Wider than any needle: what survives the opening is a spread surface or, at most, a tip
  // sphere (which the area rule below tells apart). Flat surfaces seen edge-on are only a few
  // pixels thick, so the opening is no wider than it must be.
  const int open_radius = std::max(1, static_cast<int>(std::ceil(widest_needle_px)));
  std::map<const render::SiteInImage*, bool> glyph_found;
  std::map<const render::SiteInImage*, bool> spread_found;
  for (const render::Rgb& colour : colours) {
    const Mask mask = scene_colour_mask(image, colour, about);
    const Mask spread = dilate(erode(mask, open_radius), open_radius);
    // Colour pixels away from every spread blob: needles and tips.
    const Mask glyph = minus(mask, dilate(spread, open_radius));
    const Mask near_spread = dilate(spread, open_radius);
    // Colour pixels just beyond a surface's opened outline are its rim (a thin lobe of the
    // surface, a gap of shading), not a glyph; farther out, a blob must be on a needle.
    const Mask rim_zone = dilate(spread, 2 * open_radius + 1);
    // A needle leaving its surface touches it: its pixels next to the surface count for it.
    const Mask glyph_beside_spread = minus(mask, spread);
    const std::vector<Blob> glyph_blobs = blobs(glyph);
    const std::vector<Blob> spread_blobs = blobs(spread);
    content.glyph_pixels += glyph.count();
    content.glyph_blobs += static_cast<int>(glyph_blobs.size());
    content.spread_pixels += spread.count();
    content.spread_blobs += static_cast<int>(spread_blobs.size());
    for (const auto& s : about.sites) {
      const double slack = kNeedleSlackPx + kWidestGlyphRadiusMm * s.pixels_per_mm;
      if (s.visible && s.glyph_colour == colour) {
        // A needle seen end-on over its own spread surface is drawn inside it: only the part
        // outside the surfaces must show in the glyph colour.
        const bool hub_in_spread =
            rim_zone.at(std::clamp(static_cast<int>(s.hub.x), 0, image.width - 1),
                        std::clamp(static_cast<int>(s.hub.y), 0, image.height - 1));
        const int along =
            count_near_segment(hub_in_spread ? mask : glyph_beside_spread, s.hub, s.tip, slack);
        if (along > 0) {
          glyph_found[&s] = true;
        } else {
          content.problems.push_back("site " + s.id + ": visible, but no " + colour_name(colour) +
                                     " glyph pixel within " +
                                     std::to_string(static_cast<int>(slack)) +
                                     " px of its needle from " + px(s.hub) + " to " + px(s.tip));
        }
      }
      if (s.visible && s.spread && s.spread_colour == colour) {
        const double min_area = 3.14159 * std::pow(kMinSpreadDiscRadiusMm * s.pixels_per_mm, 2.0);
        if (count_near_point(spread, s.tip, kSpreadNearTipMm * s.pixels_per_mm + open_radius) >=
            min_area) {
          spread_found[&s] = true;
        } else {
          content.problems.push_back("site " + s.id + ": visible with spread, but no " +
                                     colour_name(colour) + " spread surface near its tip " +
                                     px(s.tip));
        }
      }
    }
    for (const Blob& b : glyph_blobs) {
      if (std::any_of(b.points.begin(), b.points.end(),
                      [&](const auto& p) { return rim_zone.at(p.first, p.second); })) {
        continue;
      }
      const bool on_a_needle =
          std::any_of(about.sites.begin(), about.sites.end(), [&](const render::SiteInImage& s) {
            const double slack = kNeedleSlackPx + kWidestGlyphRadiusMm * s.pixels_per_mm;
            const bool on_needle =
                s.glyph_colour == colour &&
                std::all_of(b.points.begin(), b.points.end(), [&](const auto& p) {
                  return distance_to_segment(p.first, p.second, s.hub, s.tip) <= slack;
                });
            // A lobe or speck of a surface seen through the anatomy, too thin to survive the
            // opening.
            const double reach = kSpreadReachMm * s.pixels_per_mm + open_radius;
            const bool in_spread =
                s.spread && s.spread_colour == colour &&
                std::any_of(b.points.begin(), b.points.end(), [&](const auto& p) {
                  return std::hypot(p.first - s.tip.x, p.second - s.tip.y) <= reach;
                });
            return on_needle || in_spread;
          });
      if (!on_a_needle) {
        content.problems.push_back(std::to_string(b.pixels) + " " + colour_name(colour) +
                                   " glyph pixels at " +
                                   px({(b.min_x + b.max_x) / 2.0, (b.min_y + b.max_y) / 2.0}) +
                                   " lie on no site's needle and in no site's spread");
      }
    }
    for (const Blob& b : spread_blobs) {
      const bool at_a_site =
          std::any_of(about.sites.begin(), about.sites.end(), [&](const render::SiteInImage& s) {
            // A close-up's tip sphere is wide enough to survive the opening: it is a glyph.
            const double tip_px = kWidestGlyphRadiusMm * s.pixels_per_mm + kNeedleSlackPx;
            const bool is_tip =
                s.glyph_colour == colour &&
                std::all_of(b.points.begin(), b.points.end(), [&](const auto& p) {
                  return std::hypot(p.first - s.tip.x, p.second - s.tip.y) <= tip_px;
                });
            return is_tip ||
                   (s.spread && s.spread_colour == colour &&
                    near_any_point(b, s.tip, kSpreadReachMm * s.pixels_per_mm + open_radius));
          });
      if (!at_a_site) {
        content.problems.push_back(std::to_string(b.pixels) + " " + colour_name(colour) +
                                   " spread pixels at " +
                                   px({(b.min_x + b.max_x) / 2.0, (b.min_y + b.max_y) / 2.0}) +
                                   " are near no site with spread");
      }
    }
  }
  content.visible_sites_with_glyph = static_cast<int>(glyph_found.size());
  content.visible_sites_with_spread = static_cast<int>(spread_found.size());
  return content;
}

int count_pixels_near(const RgbImage& image, double x, double y_up, int radius,
                      const std::function<bool(const unsigned char*)>& keep) {
  const int cx = static_cast<int>(std::lround(x));
  const int cy = image.height - 1 - static_cast<int>(std::lround(y_up));
  int n = 0;
  for (int y = std::max(0, cy - radius); y <= std::min(image.height - 1, cy + radius); ++y)
    for (int px = std::max(0, cx - radius); px <= std::min(image.width - 1, cx + radius); ++px)
      n += keep(image.at(px, y)) ? 1 : 0;
  return n;
}

}  // namespace toxplan::test
