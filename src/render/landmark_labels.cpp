#include "render/landmark_labels.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCoordinate.h>
#include <vtkNew.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include "render/display_style.h"

namespace toxplan::render {

namespace {

constexpr double kDotRadiusMm = 1.2;
// Sizes at an 800-pixel-tall view, scaled with the view.
constexpr double kReferenceHeightPx = 800.0;
constexpr int kNameFontPx = 13;
constexpr int kMinNameFontPx = 10;
constexpr int kNameOffsetPx[2] = {6, 4};  // the name's lower left corner from its point
// The overlay font's advance and line height, in font sizes (for keeping names apart).
constexpr double kCharWidthEm = 0.6;
constexpr double kLineHeightEm = 1.3;

void on_start(vtkObject*, unsigned long, void* client, void*) {
  static_cast<LandmarkLabels*>(client)->update();
}

}  // namespace

LandmarkLabels::LandmarkLabels(const anatomy::Atlas& atlas, vtkRenderer* renderer, Occludes opaque,
                               Occludes drawn, std::function<bool()> moving)
    : atlas_(atlas),
      renderer_(renderer),
      opaque_(std::move(opaque)),
      drawn_(std::move(drawn)),
      moving_(std::move(moving)) {
  for (const anatomy::Landmark& l : atlas_.landmarks()) {
    vtkNew<vtkSphereSource> dot;
    dot->SetCenter(l.position_mm.x, l.position_mm.y, l.position_mm.z);
    dot->SetRadius(kDotRadiusMm);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(dot->GetOutputPort());
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(kLandmarkColour[0], kLandmarkColour[1], kLandmarkColour[2]);
    actor->PickableOff();
    actor->SetVisibility(false);
    renderer_->AddActor(actor);
    dots_.push_back(actor);

    // A name in the overlay plane, beside a point in the world: drawn over the picture.
    auto name = vtkSmartPointer<vtkTextActor>::New();
    name->SetInput((l.name.empty() ? l.id : l.name).c_str());
    name->GetPositionCoordinate()->SetCoordinateSystemToDisplay();
    vtkNew<vtkCoordinate> anchor;
    anchor->SetCoordinateSystemToWorld();
    anchor->SetValue(l.position_mm.x, l.position_mm.y, l.position_mm.z);
    name->GetPositionCoordinate()->SetReferenceCoordinate(anchor);
    name->GetPositionCoordinate()->SetValue(kNameOffsetPx[0], kNameOffsetPx[1]);  // beside the dot
    vtkTextProperty* text = name->GetTextProperty();
    text->SetFontSize(kNameFontPx);
    text->SetColor(kLandmarkNameColour[0], kLandmarkNameColour[1], kLandmarkNameColour[2]);
    text->SetBackgroundColor(0.05, 0.05, 0.08);
    text->SetBackgroundOpacity(0.6);
    name->PickableOff();
    name->SetVisibility(false);
    renderer_->AddActor2D(name);
    names_.push_back(name);
    placed_.push_back({l.id, false, false, l.position_mm});
  }
  before_render_ = vtkSmartPointer<vtkCallbackCommand>::New();
  before_render_->SetCallback(on_start);
  before_render_->SetClientData(this);
  observer_ = renderer_->AddObserver(vtkCommand::StartEvent, before_render_);
}

LandmarkLabels::~LandmarkLabels() {
  renderer_->RemoveObserver(observer_);
  for (auto& dot : dots_)
    renderer_->RemoveActor(dot);
  for (auto& name : names_)
    renderer_->RemoveActor2D(name);
}

void LandmarkLabels::set_visible(bool visible) {
  if (visible == visible_) return;
  visible_ = visible;
  for (auto& dot : dots_)
    dot->SetVisibility(visible);
  stale_ = true;  // place the names again for the next frame
  if (!visible) {
    for (auto& name : names_)
      name->SetVisibility(false);
  }
  renderer_->Modified();  // the window redraws only when something in the scene changed
}

void LandmarkLabels::scene_changed() {
  stale_ = true;
}

void LandmarkLabels::update() {
  if (!visible_) return;
  // The names keep their size on the screen: the window's moving picture is rendered at half
  // size and stretched (as view_overlays.cpp scales its text).
  const int* size = renderer_->GetSize();
  const double scale = std::clamp(size[1] / kReferenceHeightPx, 0.4, 3.0);
  const int font_px = std::max(kMinNameFontPx, static_cast<int>(std::lround(kNameFontPx * scale)));
  if (font_px != font_px_) {
    font_px_ = font_px;
    for (auto& name : names_)
      name->GetTextProperty()->SetFontSize(font_px);
    for (int a = 0; a < 2; ++a)
      offset_px_[a] = static_cast<int>(std::lround(kNameOffsetPx[a] * scale));
    for (auto& name : names_)
      name->GetPositionCoordinate()->SetValue(offset_px_[0], offset_px_[1]);
  }
  vtkCamera* camera = renderer_->GetActiveCamera();
  const unsigned long camera_stamp = camera->GetMTime();
  if (camera_stamp == placed_for_camera_ && !stale_) return;
  if (moving_ && moving_() && placed_for_camera_ != 0 && !stale_) return;
  placed_for_camera_ = camera_stamp;
  stale_ = false;
  double eye[3];
  camera->GetPosition(eye);
  const Vec3 eye_mm{eye[0], eye[1], eye[2]};
  const auto& landmarks = atlas_.landmarks();
  // Names that would cover one already placed are left out (their dots stay): the first in the
  // atlas's order wins, and zooming in makes room for the others.
  std::vector<std::array<double, 4>> taken;  // x0, y0, x1, y1 in display pixels
  for (std::size_t i = 0; i < landmarks.size() && i < names_.size(); ++i) {
    const std::optional<Vec3> at =
        visible_label_anchor(atlas_, landmarks[i].id, eye_mm, opaque_, drawn_);
    bool shown = at.has_value();
    if (shown) {
      renderer_->SetWorldPoint(at->x, at->y, at->z, 1.0);
      renderer_->WorldToDisplay();
      double d[3];
      renderer_->GetDisplayPoint(d);
      const std::string text = names_[i]->GetInput() ? names_[i]->GetInput() : "";
      const std::array<double, 4> box = {
          d[0] + offset_px_[0], d[1] + offset_px_[1],
          d[0] + offset_px_[0] + kCharWidthEm * font_px_ * static_cast<double>(text.size()),
          d[1] + offset_px_[1] + kLineHeightEm * font_px_};
      for (const auto& t : taken) {
        if (box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3]) shown = false;
      }
      if (shown) {
        taken.push_back(box);
        names_[i]->GetPositionCoordinate()->GetReferenceCoordinate()->SetValue(at->x, at->y, at->z);
      }
    }
    placed_[i].in_sight = at.has_value();
    placed_[i].shown = shown;
    if (at) placed_[i].anchor_mm = *at;
    names_[i]->SetVisibility(shown);
  }
}

}  // namespace toxplan::render
