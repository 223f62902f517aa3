// What the 3D view shows besides the anatomy, so that a picture reads on its own (a screenshot,
// a projected demo): an orientation marker in the lower-left corner (the patient's left and
// right, anterior and posterior, superior and inferior as they point in this view), a scale
// bar in millimetres in the lower right, and the outline of each selected site's needle, drawn
// over everything so that the site being edited stays visible through the skin and the head.
// All are 2-D actors of the scene's renderer, recomputed from its camera and size before every
// render, so every picture the scene draws has them.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include <vtkSmartPointer.h>

#include "base/vec3.h"

class vtkActor2D;
class vtkCallbackCommand;
class vtkCamera;
class vtkPolyData;
class vtkRenderer;
class vtkTextActor;

namespace toxplan::render {

// Pale blue-grey: unlike every site status colour and the warm anatomy, so the image checks never
// take an overlay for a glyph or for anatomy (render/display_style.h).
inline constexpr std::array<double, 3> kOverlayColour{0.80, 0.85, 0.92};

// Pixels per millimetre at the camera's focal point in a view `height_px` pixels tall (the
// depth the scale bar is true at; nearer structures look larger under perspective).
double pixels_per_mm_at_focus(vtkCamera* camera, int height_px);
// The bar's length: the longest 1, 2 or 5 x 10^k mm whose bar is at most `max_px` long.
double scale_bar_mm(double px_per_mm, double max_px);

// Display coordinates: pixels from the bottom-left corner of the view.
struct ScaleBarGeometry {
  double length_mm = 0.0;
  double length_px = 0.0;
  double left_x = 0.0, right_x = 0.0, y = 0.0;
};
struct MarkerLabel {
  char letter = ' ';  // 'L', 'R', 'A', 'P', 'S' or 'I'
  double x = 0.0, y = 0.0;
  bool shown = false;  // hidden when its axis points nearly at the viewer
};
struct OrientationMarkerGeometry {
  double centre_x = 0.0, centre_y = 0.0;
  std::array<MarkerLabel, 6> labels;  // L, R, A, P, S, I
};

class ViewOverlays {
 public:
  explicit ViewOverlays(vtkRenderer* renderer);
  ~ViewOverlays();
  ViewOverlays(const ViewOverlays&) = delete;
  ViewOverlays& operator=(const ViewOverlays&) = delete;

  void set_visible(bool visible);
  bool visible() const { return visible_; }
  // The legend of the field views of the spread (Scene::SpreadColouring::ByField, PlanField),
  // for a paralytic threshold in U/cm³ (0 hides it), under `title`.
  void set_field_legend(double threshold_u_per_cm3, const std::string& title);
  // Where the last update drew each level's swatch (display coordinates, its centre), for tests.
  struct LegendSwatch {
    double x = 0.0, y = 0.0;
    double level_u_per_cm3 = 0.0;
  };
  const std::vector<LegendSwatch>& legend_swatches() const { return swatches_; }
  const std::string& legend_title() const { return legend_title_; }
  // The selected sites' needles (hub outside the skin, tip), outlined in the selection colour.
  void set_selected_needles(std::vector<std::pair<Vec3, Vec3>> needles);
  // Recomputes both from the renderer's camera and size (done before each render).
  void update();
  // What the last update drew.
  const ScaleBarGeometry& scale_bar() const { return bar_; }
  const OrientationMarkerGeometry& marker() const { return marker_; }

 private:
  void update_selection_outline(double height);
  void update_legend(double width, double height);

  vtkRenderer* renderer_;
  bool visible_ = true;
  vtkSmartPointer<vtkPolyData> lines_;
  vtkSmartPointer<vtkActor2D> lines_actor_;
  std::array<vtkSmartPointer<vtkTextActor>, 6> letters_;
  vtkSmartPointer<vtkTextActor> bar_label_;
  std::vector<std::pair<Vec3, Vec3>> selected_;
  vtkSmartPointer<vtkPolyData> selected_lines_;
  vtkSmartPointer<vtkActor2D> selected_actor_;
  double legend_threshold_ = 0.0;
  std::string legend_title_;
  vtkSmartPointer<vtkPolyData> legend_swatch_polys_;
  vtkSmartPointer<vtkActor2D> legend_actor_;
  std::array<vtkSmartPointer<vtkTextActor>, 4> legend_text_;  // title, then one per level
  std::vector<LegendSwatch> swatches_;
  vtkSmartPointer<vtkCallbackCommand> before_render_;
  unsigned long observer_ = 0;
  ScaleBarGeometry bar_;
  OrientationMarkerGeometry marker_;
};

}  // namespace toxplan::render
