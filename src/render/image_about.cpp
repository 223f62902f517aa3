#include "render/image_about.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "render/scene.h"

namespace toxplan::render {

namespace {

// A site's entry point counts as hidden only when the first occluding surface is clearly in
// front of it (the skin it sits on is at its own depth).
constexpr double kOcclusionToleranceMm = 1.0;

Pixel to_image(const Scene& scene, const Vec3& p, const PixelRect& view, bool* in_front) {
  double x = 0.0;
  double y = 0.0;
  const bool ok = scene.world_to_display(p, view.width, view.height, &x, &y);
  if (in_front) *in_front = ok;
  return {view.x + x, view.y + (view.height - y)};  // display y runs up from the bottom
}

bool inside(const Pixel& p, const PixelRect& view) {
  return p.x >= view.x && p.x < view.x + view.width && p.y >= view.y && p.y < view.y + view.height;
}

nlohmann::json pixel_json(const Pixel& p) {
  return {p.x, p.y};
}

nlohmann::json rect_json(const PixelRect& r) {
  return {{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}};
}

PixelRect rect_from_json(const nlohmann::json& j) {
  return {j.at("x").get<int>(), j.at("y").get<int>(), j.at("width").get<int>(),
          j.at("height").get<int>()};
}

nlohmann::json rgb_json(const Rgb& c) {
  return {c[0], c[1], c[2]};
}

}  // namespace

int ImageAbout::visible_sites() const {
  return static_cast<int>(
      std::count_if(sites.begin(), sites.end(), [](const SiteInImage& s) { return s.visible; }));
}

int ImageAbout::sites_with_spread() const {
  return static_cast<int>(
      std::count_if(sites.begin(), sites.end(), [](const SiteInImage& s) { return s.spread; }));
}

ImageAbout describe_scene(const Scene& scene, PixelRect view, int image_width, int image_height) {
  ImageAbout about;
  about.image_width = image_width;
  about.image_height = image_height;
  about.view = view;
  const auto spread = scene.spread_statuses();
  for (const SiteGlyph& g : scene.sites()) {
    SiteInImage s;
    s.id = g.id;
    const Vec3 dir = normalized(g.tip_mm - g.entry_mm);
    const Vec3 hub = g.entry_mm - dir * kNeedleOutsideSkinMm;
    bool entry_in_front = false;
    s.hub = to_image(scene, hub, view, nullptr);
    s.entry = to_image(scene, g.entry_mm, view, &entry_in_front);
    s.tip = to_image(scene, g.tip_mm, view, nullptr);
    // Scale: a 10 mm step across the viewing ray at the tip.
    const Ray to_tip = scene.display_ray(s.tip.x - view.x, view.height - (s.tip.y - view.y),
                                         view.width, view.height);
    Vec3 across = cross(to_tip.direction, Vec3{0, 0, 1});
    if (norm(across) < 1e-6) across = cross(to_tip.direction, Vec3{1, 0, 0});
    const Pixel step = to_image(scene, g.tip_mm + normalized(across) * 10.0, view, nullptr);
    s.pixels_per_mm = std::hypot(step.x - s.tip.x, step.y - s.tip.y) / 10.0;
    if (entry_in_front && inside(s.entry, view)) {
      const Ray ray = scene.display_ray(s.entry.x - view.x, view.height - (s.entry.y - view.y),
                                        view.width, view.height);
      const double entry_depth = dot(g.entry_mm - ray.origin_mm, ray.direction);
      s.visible = scene.occluding_depth_mm(ray) >= entry_depth - kOcclusionToleranceMm;
    }
    s.glyph_colour = g.selected ? kSelectionColour : site_status_colour(g.status);
    if (auto it = spread.find(g.id); it != spread.end()) {
      s.spread = true;
      s.spread_colour = site_status_colour(it->second);
    }
    about.sites.push_back(s);
  }
  return about;
}

std::optional<std::string> write_image_about(const ImageAbout& about, const std::string& path) {
  nlohmann::json sites = nlohmann::json::array();
  for (const SiteInImage& s : about.sites) {
    nlohmann::json j = {{"id", s.id},
                        {"hub_px", pixel_json(s.hub)},
                        {"entry_px", pixel_json(s.entry)},
                        {"tip_px", pixel_json(s.tip)},
                        {"pixels_per_mm", s.pixels_per_mm},
                        {"visible", s.visible},
                        {"glyph_colour", rgb_json(s.glyph_colour)},
                        {"spread", s.spread}};
    if (s.spread) j["spread_colour"] = rgb_json(s.spread_colour);
    sites.push_back(j);
  }
  nlohmann::json dialogs = nlohmann::json::array();
  for (const PixelRect& r : about.dialogs)
    dialogs.push_back(rect_json(r));
  const nlohmann::json doc = {
      {"image", {{"width", about.image_width}, {"height", about.image_height}}},
      {"view", rect_json(about.view)},
      {"visible_sites", about.visible_sites()},
      {"sites_with_spread", about.sites_with_spread()},
      {"sites", sites},
      {"messages", about.messages},
      {"dialogs", dialogs}};
  std::ofstream out(path);
  out << doc.dump(1) << "\n";
  if (!out) return "cannot write " + path;
  return std::nullopt;
}

std::optional<ImageAbout> read_image_about(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    if (error) *error = path + ": cannot read the picture's description";
    return std::nullopt;
  }
  try {
    const nlohmann::json doc = nlohmann::json::parse(in);
    ImageAbout about;
    about.image_width = doc.at("image").at("width").get<int>();
    about.image_height = doc.at("image").at("height").get<int>();
    about.view = rect_from_json(doc.at("view"));
    for (const auto& j : doc.at("sites")) {
      SiteInImage s;
      s.id = j.at("id").get<std::string>();
      const auto pixel = [&](const char* key) {
        return Pixel{j.at(key).at(0).get<double>(), j.at(key).at(1).get<double>()};
      };
      s.hub = pixel("hub_px");
      s.entry = pixel("entry_px");
      s.tip = pixel("tip_px");
      s.pixels_per_mm = j.at("pixels_per_mm").get<double>();
      s.visible = j.at("visible").get<bool>();
      s.glyph_colour = j.at("glyph_colour").get<Rgb>();
      s.spread = j.at("spread").get<bool>();
      if (s.spread) s.spread_colour = j.at("spread_colour").get<Rgb>();
      about.sites.push_back(s);
    }
    about.messages = doc.value("messages", std::vector<std::string>{});
    if (doc.contains("dialogs")) {
      for (const auto& r : doc.at("dialogs"))
        about.dialogs.push_back(rect_from_json(r));
    }
    return about;
  } catch (const nlohmann::json::exception& e) {
    if (error) *error = path + ": " + e.what();
    return std::nullopt;
  }
}

}  // namespace toxplan::render
