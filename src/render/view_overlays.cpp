#include "render/view_overlays.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <vtkActor2D.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCommand.h>
#include <vtkCoordinate.h>
#include <vtkMatrix4x4.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include "render/display_style.h"

namespace toxplan::render {

namespace {

// Sizes at an 800-pixel-tall view; scaled with the view (the window's moving picture is drawn at
// half size and stretched, and stays alike).
constexpr double kReferenceHeightPx = 800.0;
constexpr double kMarkerArmPx = 34.0;     // full arm, for an axis across the view
constexpr double kMarkerMarginPx = 58.0;  // centre from the left and bottom edges
constexpr double kBarMaxPx = 140.0;
constexpr double kBarMarginPx = 24.0;
constexpr double kLetterGapPx = 11.0;  // letter beyond the arm's end
constexpr double kFontPx = 15.0;
constexpr int kMinFontPx = 12;  // still legible in a small picture
int font_px(double scale) {
  return std::max(kMinFontPx, static_cast<int>(std::lround(kFontPx * scale)));
}
// An axis whose projection is shorter than this share of the arm points nearly at the viewer:
// its letters would sit on top of each other, so they are hidden.
constexpr double kMinShownShare = 0.3;

void on_start(vtkObject*, unsigned long, void* client, void*) {
  static_cast<ViewOverlays*>(client)->update();
}

}  // namespace

double pixels_per_mm_at_focus(vtkCamera* camera, int height_px) {
  if (camera == nullptr || height_px <= 0) return 0.0;
  double visible_height_mm = 0.0;
  if (camera->GetParallelProjection()) {
    visible_height_mm = 2.0 * camera->GetParallelScale();
  } else {
    const double half_angle = camera->GetViewAngle() * 0.5 * 3.14159265358979323846 / 180.0;
    visible_height_mm = 2.0 * camera->GetDistance() * std::tan(half_angle);
  }
  return visible_height_mm > 0.0 ? height_px / visible_height_mm : 0.0;
}

double scale_bar_mm(double px_per_mm, double max_px) {
  if (!(px_per_mm > 0.0) || !(max_px > 0.0)) return 0.0;
  const double max_mm = max_px / px_per_mm;
  double best = 0.0;
  for (double decade = 1e-3; decade <= 1e6; decade *= 10.0) {
    for (double step : {1.0, 2.0, 5.0}) {
      if (step * decade <= max_mm) best = step * decade;
    }
  }
  return best;
}

ViewOverlays::ViewOverlays(vtkRenderer* renderer) : renderer_(renderer) {
  lines_ = vtkSmartPointer<vtkPolyData>::New();
  vtkNew<vtkCoordinate> display;
  display->SetCoordinateSystemToDisplay();
  vtkNew<vtkPolyDataMapper2D> mapper;
  mapper->SetInputData(lines_);
  mapper->SetTransformCoordinate(display);
  lines_actor_ = vtkSmartPointer<vtkActor2D>::New();
  lines_actor_->SetMapper(mapper);
  lines_actor_->GetProperty()->SetColor(kOverlayColour[0], kOverlayColour[1], kOverlayColour[2]);
  lines_actor_->GetProperty()->SetLineWidth(2.0f);
  lines_actor_->PickableOff();
  renderer_->AddActor2D(lines_actor_);
  // The selection outline: its own actor, in the selection colour, dashed-free and thin so that
  // it reads as an outline of the needle and not as a second needle.
  selected_lines_ = vtkSmartPointer<vtkPolyData>::New();
  vtkNew<vtkCoordinate> selected_display;
  selected_display->SetCoordinateSystemToDisplay();
  vtkNew<vtkPolyDataMapper2D> selected_mapper;
  selected_mapper->SetInputData(selected_lines_);
  selected_mapper->SetTransformCoordinate(selected_display);
  selected_actor_ = vtkSmartPointer<vtkActor2D>::New();
  selected_actor_->SetMapper(selected_mapper);
  selected_actor_->GetProperty()->SetColor(kSelectionColour[0], kSelectionColour[1],
                                           kSelectionColour[2]);
  selected_actor_->GetProperty()->SetLineWidth(1.5f);
  selected_actor_->PickableOff();
  renderer_->AddActor2D(selected_actor_);
  auto make_text = [&]() {
    auto text = vtkSmartPointer<vtkTextActor>::New();
    vtkTextProperty* p = text->GetTextProperty();
    p->SetColor(kOverlayColour[0], kOverlayColour[1], kOverlayColour[2]);
    p->SetJustificationToCentered();
    p->SetVerticalJustificationToCentered();
    p->BoldOn();
    text->PickableOff();
    renderer_->AddActor2D(text);
    return text;
  };
  for (auto& letter : letters_)
    letter = make_text();
  bar_label_ = make_text();
  legend_swatch_polys_ = vtkSmartPointer<vtkPolyData>::New();
  vtkNew<vtkCoordinate> legend_display;
  legend_display->SetCoordinateSystemToDisplay();
  vtkNew<vtkPolyDataMapper2D> legend_mapper;
  legend_mapper->SetInputData(legend_swatch_polys_);
  legend_mapper->SetTransformCoordinate(legend_display);
  legend_mapper->ScalarVisibilityOn();
  legend_mapper->SetScalarModeToUseCellData();
  legend_mapper->SetColorModeToDirectScalars();
  legend_actor_ = vtkSmartPointer<vtkActor2D>::New();
  legend_actor_->SetMapper(legend_mapper);
  legend_actor_->PickableOff();
  legend_actor_->SetVisibility(false);
  renderer_->AddActor2D(legend_actor_);
  for (auto& text : legend_text_) {
    text = make_text();
    text->GetTextProperty()->SetJustificationToLeft();
    text->SetVisibility(false);
  }
  before_render_ = vtkSmartPointer<vtkCallbackCommand>::New();
  before_render_->SetCallback(on_start);
  before_render_->SetClientData(this);
  observer_ = renderer_->AddObserver(vtkCommand::StartEvent, before_render_);
}

ViewOverlays::~ViewOverlays() {
  renderer_->RemoveObserver(observer_);
  renderer_->RemoveActor2D(lines_actor_);
  for (auto& letter : letters_)
    renderer_->RemoveActor2D(letter);
  renderer_->RemoveActor2D(bar_label_);
  renderer_->RemoveActor2D(selected_actor_);
  renderer_->RemoveActor2D(legend_actor_);
  for (auto& text : legend_text_)
    renderer_->RemoveActor2D(text);
}

void ViewOverlays::set_field_legend(double threshold_u_per_cm3, const std::string& title) {
  const double threshold = threshold_u_per_cm3 > 0.0 ? threshold_u_per_cm3 : 0.0;
  if (threshold == legend_threshold_ && title == legend_title_) return;
  legend_threshold_ = threshold;
  legend_title_ = title;
  renderer_->Modified();  // the window redraws only when something in the scene changed
}

void ViewOverlays::update_legend(double width, double height) {
  const bool shown = legend_threshold_ > 0.0;
  legend_actor_->SetVisibility(shown);
  for (auto& text : legend_text_)
    text->SetVisibility(shown);
  swatches_.clear();
  if (!shown) return;
  const double scale = std::clamp(height / kReferenceHeightPx, 0.4, 3.0);
  const double swatch_w = 22.0 * scale, swatch_h = 14.0 * scale, row = 22.0 * scale;
  // Wide enough for the longest line at the font's size, which has a floor (font_px): the title
  // (about 0.6 em a character in the overlay font) or a level line (14 em).
  std::size_t title_chars = 0;
  for (unsigned char ch : legend_title_)
    title_chars += (ch & 0xC0) != 0x80;  // UTF-8: count code points, not bytes
  const double text_em = std::max(14.0, 0.6 * static_cast<double>(title_chars) + 1.0);
  const double left = width - std::max(190.0 * scale, text_em * font_px(scale));
  const double top = height - 28.0 * scale;
  legend_text_[0]->SetInput(legend_title_.c_str());
  legend_text_[0]->GetTextProperty()->SetFontSize(font_px(scale));
  legend_text_[0]->SetDisplayPosition(static_cast<int>(std::lround(left)),
                                      static_cast<int>(std::lround(top)));
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> polys;
  vtkNew<vtkUnsignedCharArray> colours;
  colours->SetNumberOfComponents(3);
  // Highest level first, at the top, as on a map's legend.
  for (std::size_t r = 0; r < kFieldLevels.size(); ++r) {
    const std::size_t l = kFieldLevels.size() - 1 - r;
    const double cy = top - row * static_cast<double>(r + 1);
    const double x0 = left, x1 = left + swatch_w, y0 = cy - 0.5 * swatch_h,
                 y1 = cy + 0.5 * swatch_h;
    const vtkIdType ids[4] = {
        points->InsertNextPoint(x0, y0, 0), points->InsertNextPoint(x1, y0, 0),
        points->InsertNextPoint(x1, y1, 0), points->InsertNextPoint(x0, y1, 0)};
    polys->InsertNextCell(4, ids);
    const Rgb& c = kFieldLevelColours[l];
    const unsigned char rgb[3] = {static_cast<unsigned char>(std::lround(255 * c[0])),
                                  static_cast<unsigned char>(std::lround(255 * c[1])),
                                  static_cast<unsigned char>(std::lround(255 * c[2]))};
    colours->InsertNextTypedTuple(rgb);
    const double level = legend_threshold_ * kFieldLevels[l];
    swatches_.push_back({0.5 * (x0 + x1), cy, level});
    char text[64];
    std::snprintf(text, sizeof text, l == 0 ? ">= %.2f (threshold)" : ">= %.2f (%gx)", level,
                  kFieldLevels[l]);
    vtkTextActor* t = legend_text_[r + 1];
    t->SetInput(text);
    t->GetTextProperty()->SetFontSize(font_px(scale));
    t->SetDisplayPosition(static_cast<int>(std::lround(x1 + 8.0 * scale)),
                          static_cast<int>(std::lround(cy)));
  }
  legend_swatch_polys_->SetPoints(points);
  legend_swatch_polys_->SetPolys(polys);
  legend_swatch_polys_->GetCellData()->SetScalars(colours);
  legend_swatch_polys_->Modified();
}

void ViewOverlays::set_selected_needles(std::vector<std::pair<Vec3, Vec3>> needles) {
  selected_ = std::move(needles);
  renderer_->Modified();  // the window redraws only when something in the scene changed
}

void ViewOverlays::set_visible(bool visible) {
  visible_ = visible;
  lines_actor_->SetVisibility(visible);
  for (auto& letter : letters_)
    letter->SetVisibility(visible);
  bar_label_->SetVisibility(visible);
}

void ViewOverlays::update_selection_outline(double height) {
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> cells;
  const double scale = std::clamp(height / kReferenceHeightPx, 0.4, 3.0);
  auto to_display = [&](const Vec3& p, double* x, double* y) {
    renderer_->SetWorldPoint(p.x, p.y, p.z, 1.0);
    renderer_->WorldToDisplay();
    double d[3];
    renderer_->GetDisplayPoint(d);
    *x = d[0];
    *y = d[1];
    return d[2] >= 0.0 && d[2] <= 1.0;  // between the clipping planes: in front of the camera
  };
  for (const auto& [hub, tip] : selected_) {
    double hx, hy, tx, ty;
    if (!to_display(hub, &hx, &hy) || !to_display(tip, &tx, &ty)) continue;
    const vtkIdType a = points->InsertNextPoint(hx, hy, 0.0);
    const vtkIdType b = points->InsertNextPoint(tx, ty, 0.0);
    const vtkIdType ids[2] = {a, b};
    cells->InsertNextCell(2, ids);
    // A ring round the tip, where the dose goes.
    constexpr int kRingSides = 16;
    const double r = 6.0 * scale;
    vtkIdType ring[kRingSides + 1];
    for (int k = 0; k < kRingSides; ++k) {
      const double t = 2.0 * 3.14159265358979323846 * k / kRingSides;
      ring[k] = points->InsertNextPoint(tx + r * std::cos(t), ty + r * std::sin(t), 0.0);
    }
    ring[kRingSides] = ring[0];
    cells->InsertNextCell(kRingSides + 1, ring);
  }
  selected_lines_->SetPoints(points);
  selected_lines_->SetLines(cells);
  selected_lines_->Modified();
}

void ViewOverlays::update() {
  const int* size = renderer_->GetSize();
  const double width = size[0], height = size[1];
  vtkCamera* camera = renderer_->GetActiveCamera();
  if (width < 16 || height < 16 || camera == nullptr) return;
  update_selection_outline(height);
  update_legend(width, height);
  if (!visible_) return;
  const double scale = std::clamp(height / kReferenceHeightPx, 0.4, 3.0);

  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> cells;
  auto segment = [&](double x0, double y0, double x1, double y1) {
    const vtkIdType a = points->InsertNextPoint(x0, y0, 0.0);
    const vtkIdType b = points->InsertNextPoint(x1, y1, 0.0);
    const vtkIdType ids[2] = {a, b};
    cells->InsertNextCell(2, ids);
  };

  // Orientation marker: each patient axis (atlas frame RAS: +x the patient's right, +y anterior,
  // +z superior) as it lies on the screen, from the rows of the camera's view matrix.
  vtkMatrix4x4* view = camera->GetViewTransformMatrix();
  marker_.centre_x = kMarkerMarginPx * scale;
  marker_.centre_y = kMarkerMarginPx * scale;
  const double arm = kMarkerArmPx * scale;
  struct Axis {
    double world[3];
    char positive, negative;
  };
  const Axis axes[3] = {{{-1, 0, 0}, 'L', 'R'}, {{0, 1, 0}, 'A', 'P'}, {{0, 0, 1}, 'S', 'I'}};
  for (int a = 0; a < 3; ++a) {
    double sx = 0.0, sy = 0.0;
    for (int c = 0; c < 3; ++c) {
      sx += view->GetElement(0, c) * axes[a].world[c];
      sy += view->GetElement(1, c) * axes[a].world[c];
    }
    const double share = std::hypot(sx, sy);
    segment(marker_.centre_x - sx * arm, marker_.centre_y - sy * arm, marker_.centre_x + sx * arm,
            marker_.centre_y + sy * arm);
    const double ux = share > 1e-9 ? sx / share : 0.0, uy = share > 1e-9 ? sy / share : 0.0;
    const double reach = share * arm + kLetterGapPx * scale;
    for (int end = 0; end < 2; ++end) {
      MarkerLabel& label = marker_.labels[static_cast<std::size_t>(2 * a + end)];
      const double sign = end == 0 ? 1.0 : -1.0;
      label.letter = end == 0 ? axes[a].positive : axes[a].negative;
      label.x = marker_.centre_x + sign * ux * reach;
      label.y = marker_.centre_y + sign * uy * reach;
      label.shown = share >= kMinShownShare;
      vtkTextActor* text = letters_[static_cast<std::size_t>(2 * a + end)];
      const char letter[2] = {label.letter, '\0'};
      text->SetInput(letter);
      text->GetTextProperty()->SetFontSize(font_px(scale));
      text->SetDisplayPosition(static_cast<int>(std::lround(label.x)),
                               static_cast<int>(std::lround(label.y)));
      text->SetVisibility(label.shown);
    }
  }

  // Scale bar: true at the focal point's depth.
  const double px_per_mm = pixels_per_mm_at_focus(camera, static_cast<int>(height));
  bar_.length_mm = scale_bar_mm(px_per_mm, kBarMaxPx * scale);
  bar_.length_px = bar_.length_mm * px_per_mm;
  bar_.right_x = width - kBarMarginPx * scale;
  bar_.left_x = bar_.right_x - bar_.length_px;
  bar_.y = kBarMarginPx * scale;
  const double tick = 5.0 * scale;
  segment(bar_.left_x, bar_.y, bar_.right_x, bar_.y);
  segment(bar_.left_x, bar_.y - tick, bar_.left_x, bar_.y + tick);
  segment(bar_.right_x, bar_.y - tick, bar_.right_x, bar_.y + tick);
  char text[32];
  std::snprintf(text, sizeof text, "%g mm", bar_.length_mm);
  bar_label_->SetInput(text);
  bar_label_->GetTextProperty()->SetFontSize(font_px(scale));
  bar_label_->SetDisplayPosition(static_cast<int>(std::lround(0.5 * (bar_.left_x + bar_.right_x))),
                                 static_cast<int>(std::lround(bar_.y + 14.0 * scale)));
  bar_label_->SetVisibility(bar_.length_mm > 0.0);

  lines_->SetPoints(points);
  lines_->SetLines(cells);
  lines_->Modified();
}

}  // namespace toxplan::render
