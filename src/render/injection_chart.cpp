#include "render/injection_chart.h"

#include <vtkCamera.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkStdString.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "plan/printed_numbers.h"
#include "render/scene.h"
#include "render/snapshot.h"
#include "render/view_overlays.h"
#include "render/view_preset.h"

namespace toxplan::render {

namespace {

using Rgb = std::array<double, 3>;
constexpr Rgb kInk{0.10, 0.10, 0.12};
constexpr Rgb kGrey{0.40, 0.40, 0.45};
constexpr Rgb kNoteRed{0.60, 0.12, 0.10};
constexpr Rgb kNoteAmber{0.72, 0.42, 0.0};  // a warning's row: dark enough to read on paper

// RGB canvas addressed from the top-left corner, as a page is read.
class Canvas {
 public:
  Canvas(int width, int height) : width_(width), height_(height) {
    image_->SetDimensions(width, height, 1);
    image_->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
    std::memset(image_->GetScalarPointer(), 255, static_cast<std::size_t>(width) * height * 3);
  }
  vtkImageData* image() { return image_; }
  int width() const { return width_; }
  int height() const { return height_; }

  unsigned char* pixel(int x, int y_from_top) {
    return static_cast<unsigned char*>(image_->GetScalarPointer(x, height_ - 1 - y_from_top, 0));
  }

  // Copies an RGB image (bottom row first) with its top-left corner at (x, y).
  void paste(vtkImageData* src, int x, int y) {
    int dims[3];
    src->GetDimensions(dims);
    const int n = src->GetNumberOfScalarComponents();
    for (int row = 0; row < dims[1]; ++row) {
      const int cy = y + (dims[1] - 1 - row);
      if (cy < 0 || cy >= height_) continue;
      const auto* in = static_cast<const unsigned char*>(src->GetScalarPointer(0, row, 0));
      for (int col = 0; col < dims[0]; ++col) {
        const int cx = x + col;
        if (cx < 0 || cx >= width_) continue;
        std::memcpy(pixel(cx, cy), in + col * n, 3);
      }
    }
  }

  void rectangle(int x0, int y0, int x1, int y1, const Rgb& colour) {
    for (int y = std::max(0, y0); y < std::min(height_, y1); ++y) {
      for (int x = std::max(0, x0); x < std::min(width_, x1); ++x) {
        unsigned char* p = pixel(x, y);
        for (int c = 0; c < 3; ++c)
          p[c] = static_cast<unsigned char>(255.0 * colour[c]);
      }
    }
  }

  // Width of one character of the monospace font at `size_px`, measured, not guessed.
  static double mono_char_px(int size_px) {
    vtkNew<vtkTextProperty> prop;
    prop->SetFontSize(size_px);
    prop->SetFontFamilyToCourier();
    int bbox[4] = {0, 0, 0, 0};
    const std::string sample(40, 'M');
    if (!vtkTextRenderer::GetInstance()->GetBoundingBox(prop, sample, bbox, 72)) {
      return 0.6 * size_px;
    }
    return (bbox[1] - bbox[0] + 1) / 40.0;
  }

  // Draws `text` with its top-left corner at (x, y); returns its width in pixels.
  int text(const std::string& text, int x, int y, int size_px, const Rgb& colour, bool bold = false,
           bool mono = false, const Rgb* background = nullptr) {
    if (text.empty()) return 0;
    vtkNew<vtkTextProperty> prop;
    prop->SetFontSize(size_px);
    prop->SetColor(colour[0], colour[1], colour[2]);
    prop->SetBold(bold);
    if (mono) prop->SetFontFamilyToCourier();
    if (background) {
      prop->SetBackgroundColor((*background)[0], (*background)[1], (*background)[2]);
      prop->SetBackgroundOpacity(0.9);
      prop->SetFrame(true);
      prop->SetFrameColor(colour[0], colour[1], colour[2]);
    }
    vtkNew<vtkImageData> rendered;
    int dims[2] = {0, 0};
    // 72 dpi: one point is one pixel.
    if (!vtkTextRenderer::GetInstance()->RenderString(prop, text, rendered, dims, 72)) return 0;
    const auto* rgba = static_cast<const unsigned char*>(rendered->GetScalarPointer());
    int full[3];
    rendered->GetDimensions(full);
    for (int row = 0; row < dims[1]; ++row) {
      const int cy = y + (dims[1] - 1 - row);
      if (cy < 0 || cy >= height_) continue;
      for (int col = 0; col < dims[0]; ++col) {
        const int cx = x + col;
        if (cx < 0 || cx >= width_) continue;
        const unsigned char* s = rgba + 4 * (row * full[0] + col);
        const double a = s[3] / 255.0;
        unsigned char* d = pixel(cx, cy);
        for (int c = 0; c < 3; ++c)
          d[c] = static_cast<unsigned char>(s[c] * a + d[c] * (1 - a));
      }
    }
    return dims[0];
  }

 private:
  int width_;
  int height_;
  vtkNew<vtkImageData> image_;
};

struct ViewImage {
  vtkSmartPointer<vtkImageData> image;
  std::vector<std::pair<int, std::array<int, 2>>> labels;  // site index, pixel from top-left
};

// The box around every site's entry point, widened so the region around them shows.
std::array<double, 6> sites_bounds(const std::vector<ChartSite>& sites, double margin_mm) {
  std::array<double, 6> b{std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(),
                          std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(),
                          std::numeric_limits<double>::max(), -std::numeric_limits<double>::max()};
  for (const ChartSite& s : sites) {
    const double p[3] = {s.entry_mm.x, s.entry_mm.y, s.entry_mm.z};
    for (int a = 0; a < 3; ++a) {
      b[2 * a] = std::min(b[2 * a], p[a] - margin_mm);
      b[2 * a + 1] = std::max(b[2 * a + 1], p[a] + margin_mm);
    }
  }
  return b;
}

ViewImage render_view(vtkRenderWindow* window, Scene& scene, anatomy::ViewPreset view,
                      const std::vector<ChartSite>& sites) {
  vtkRenderer* renderer = scene.renderer();
  scene.set_view(view);
  if (!sites.empty()) {
    auto b = sites_bounds(sites, 25.0);
    renderer->ResetCamera(b.data());
    renderer->GetActiveCamera()->Zoom(1.15);  // ResetCamera leaves a wide border
  }
  window->Render();
  if (scene.fall_back_if_shaders_failed()) window->Render();
  ViewImage out;
  out.image = grab_rgb(window);

  const int* size = window->GetSize();
  double dop[3];
  renderer->GetActiveCamera()->GetDirectionOfProjection(dop);
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const ChartSite& s = sites[i];
    // The skin faces the camera where the outward normal (against the needle) points back along
    // the view: label those sites only, so a number never floats over the far side of the head.
    const Vec3 outward = normalized(s.needle_direction) * -1.0;
    if (-(outward.x * dop[0] + outward.y * dop[1] + outward.z * dop[2]) < 0.2) continue;
    double d[2];
    if (!scene.world_to_display(s.entry_mm, size[0], size[1], &d[0], &d[1])) continue;
    if (d[0] < 0 || d[1] < 0 || d[0] >= size[0] || d[1] >= size[1]) continue;
    out.labels.push_back(
        {static_cast<int>(i), {static_cast<int>(d[0]), size[1] - 1 - static_cast<int>(d[1])}});
  }
  return out;
}

std::string padded(std::string s, std::size_t width) {
  if (s.size() > width) s = s.substr(0, width - 1) + "~";
  s.resize(width, ' ');
  return s;
}

// The table's last column is narrow: one word per status.
std::string short_status(const std::string& status) {
  if (status == "within target") return "within";
  if (status == "spread beyond target") return "beyond";
  if (status == "danger structure reached") return "DANGER";
  if (status == "not simulated") return "-";
  return status;
}

std::string right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

void draw_table(Canvas& canvas, const std::vector<ChartSite>& sites, int x, int y, int width,
                int bottom) {
  const int text_width = width * 96 / 100;  // glyph advances differ a little from the measure
  const int rows = static_cast<int>(sites.size()) + 1;
  const int row_px = std::clamp((bottom - y) / std::max(rows, 1), 12, 26);
  // The id and target columns are as wide as their longest entry (within limits), the numbers
  // as their longest printed value; the font shrinks, down to 10 px, until the whole row fits.
  ChartTableColumns columns = chart_table_columns(sites);
  const double char_per_px = Canvas::mono_char_px(100) / 100.0;
  const double row_chars = static_cast<double>(columns.fixed_chars() + columns.id + columns.target);
  const int font_px = std::max(
      10, std::min(row_px * 7 / 10, static_cast<int>(text_width / (row_chars * char_per_px))));
  // At the smallest font the target column gives way first.
  const auto fitting = static_cast<std::size_t>(text_width / Canvas::mono_char_px(font_px));
  if (fitting < columns.fixed_chars() + columns.id + columns.target) {
    columns.target =
        std::max<std::size_t>(8, fitting - std::min(fitting, columns.fixed_chars() + columns.id));
  }
  canvas.text(chart_table_header(columns), x, y, font_px, kInk, true, true);
  canvas.rectangle(x, y + row_px - 3, x + width, y + row_px - 2, kGrey);
  int row_y = y + row_px;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    if (row_y + row_px > bottom && i + 1 < sites.size()) {
      canvas.text("... and " + std::to_string(sites.size() - i) +
                      " more sites (toxplan export --csv lists them all)",
                  x, row_y, font_px, kNoteRed, false, true);
      return;
    }
    const ChartSite& s = sites[i];
    if (i % 2 == 1)
      canvas.rectangle(x, row_y - 2, x + width, row_y + row_px - 4, {0.94, 0.95, 0.97});
    const Rgb& colour = s.mark == ChartSite::Mark::Error     ? kNoteRed
                        : s.mark == ChartSite::Mark::Warning ? kNoteAmber
                                                             : kInk;
    canvas.text(chart_table_row(static_cast<int>(i) + 1, s, columns), x, row_y, font_px, colour,
                false, true);
    row_y += row_px;
  }
}

}  // namespace

ChartTableColumns chart_table_columns(const std::vector<ChartSite>& sites) {
  ChartTableColumns c;
  for (const ChartSite& s : sites) {
    c.id = std::max(c.id, s.id.size());
    c.target = std::max(c.target, s.target.size());
    c.units = std::max(c.units, plan::printed_units(s.dose_units).size());
    c.ml = std::max(c.ml, plan::printed_ml(s.volume_ml).size());
  }
  c.id = std::min<std::size_t>(c.id, 23);          // "cervical_paraspinal_L_1"
  c.target = std::min<std::size_t>(c.target, 32);  // "Corrugator supercilii (right)" whole
  return c;
}

std::string chart_table_header(const ChartTableColumns& c) {
  return right("#", 3) + " " + padded("site", c.id) + " " + padded("target", c.target) + " " +
         right("U", c.units) + " " + right("mL", c.ml) + " " + right("mm", 5) + "  spread";
}

std::string chart_table_row(int number, const ChartSite& s, const ChartTableColumns& c) {
  char depth[32];
  std::snprintf(depth, sizeof depth, "%.1f", s.depth_mm);
  return right(std::to_string(number), 3) + " " + padded(s.id, c.id) + " " +
         padded(s.target, c.target) + " " + right(plan::printed_units(s.dose_units), c.units) +
         " " + right(plan::printed_ml(s.volume_ml), c.ml) + " " + right(depth, 5) + "  " +
         short_status(s.spread);
}

std::optional<std::string> render_injection_chart(Scene& scene, const ChartContent& content,
                                                  int width, int height, const std::string& path) {
  if (auto no_display = missing_display_message()) return no_display;
  if (width < 800 || height < 600 || width > 8192 || height > 8192) {
    return "chart size " + std::to_string(width) + "x" + std::to_string(height) +
           " is outside 800x600..8192x8192 pixels";
  }
  Canvas canvas(width, height);
  const int margin = width / 80;
  const int title_px = std::max(18, height / 40);
  const int text_px = std::max(12, height / 75);

  // Header: title, then the plan's summary lines.
  int y = margin;
  canvas.text(content.title, margin, y, title_px, kInk, true);
  y += title_px + title_px / 2;
  for (const std::string& line : content.summary_lines) {
    canvas.text(line, margin, y, text_px, kGrey);
    y += text_px + text_px / 2;
  }
  y += margin / 2;
  canvas.rectangle(margin, y, width - margin, y + 2, kInk);
  y += margin;
  const int footer_px = text_px;
  const int bottom = height - margin - 2 * footer_px;

  // Left: four views in a 2 x 2 grid. Right: the table.
  const int views_w = width * 58 / 100;
  const int cell_w = (views_w - margin) / 2;
  const int cell_h = (bottom - y - margin) / 2;
  auto window = make_offscreen_window(cell_w, cell_h - text_px - 4);
  vtkRenderer* renderer = scene.renderer();
  window->AddRenderer(renderer);
  // Paper, not a screen: a light background prints cleanly. The scene's own is put back below.
  double background[3], background2[3];
  renderer->GetBackground(background);
  renderer->GetBackground2(background2);
  const bool gradient = renderer->GetGradientBackground();
  renderer->GradientBackgroundOff();
  renderer->SetBackground(0.97, 0.97, 0.97);
  // Each view is named above it and the overlays' pale ink is made for the dark screen.
  const bool overlays = scene.overlays().visible();
  scene.overlays().set_visible(false);
  const anatomy::ViewPreset views[] = {anatomy::ViewPreset::Anterior,
                                       anatomy::ViewPreset::Posterior, anatomy::ViewPreset::Left,
                                       anatomy::ViewPreset::Right};
  for (int v = 0; v < 4; ++v) {
    const int cx = margin + (v % 2) * (cell_w + margin / 2);
    const int cy = y + (v / 2) * (cell_h + margin / 2);
    std::string name = anatomy::view_name(views[v]);
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    canvas.text(name, cx, cy, text_px, kInk, true);
    const ViewImage image = render_view(window, scene, views[v], content.sites);
    const int iy = cy + text_px + 4;
    canvas.paste(image.image, cx, iy);
    const Rgb paper{1.0, 1.0, 0.92};
    std::vector<std::array<int, 4>> placed;  // x0, y0, x1, y1 of the labels drawn so far
    for (const auto& [index, p] : image.labels) {
      const std::string number = std::to_string(index + 1);
      const int w = static_cast<int>(Canvas::mono_char_px(text_px) * number.size()) + 8;
      const int h = text_px + 6;
      // Next to the site, on the first side where it does not cover a label already drawn.
      const int px = cx + p[0], py = iy + p[1];
      const std::array<int, 2> offsets[] = {{4, -h - 2}, {4, 4},          {-w - 4, -h - 2},
                                            {-w - 4, 4}, {4, -2 * h - 4}, {-w - 4, -2 * h - 4},
                                            {4, h + 6},  {-w - 4, h + 6}, {-w / 2, -2 * h - 4}};
      std::array<int, 4> box{};
      for (const auto& o : offsets) {
        box = {px + o[0], py + o[1], px + o[0] + w, py + o[1] + h};
        const bool clear = std::none_of(placed.begin(), placed.end(), [&](const auto& q) {
          return box[0] < q[2] && q[0] < box[2] && box[1] < q[3] && q[1] < box[3];
        });
        if (clear) break;
      }
      placed.push_back(box);
      canvas.text(number, box[0], box[1], text_px, kInk, true, false, &paper);
    }
  }
  renderer->SetBackground(background);
  renderer->SetBackground2(background2);
  renderer->SetGradientBackground(gradient);
  scene.overlays().set_visible(overlays);
  window->RemoveRenderer(renderer);

  draw_table(canvas, content.sites, views_w + margin, y, width - views_w - 2 * margin, bottom);

  canvas.rectangle(margin, bottom + footer_px / 2, width - margin, bottom + footer_px / 2 + 1,
                   kGrey);
  canvas.text(content.footer, margin, bottom + footer_px, footer_px, kNoteRed);
  return write_image_png(canvas.image(), path);
}

}  // namespace toxplan::render
