#include "anatomy/anatomical_view.h"

namespace toxplan::anatomy {

namespace {

struct ViewDirection {
  ViewPreset view;
  const char* name;
  Vec3 from;  // direction from the focal point toward the eye (not normalised)
  Vec3 up;
};

// "Left" and "right" are the patient's: a left view looks at the left side of the head, so the
// eye sits at -x.
constexpr ViewDirection kViews[] = {
    {ViewPreset::Anterior, "anterior", {0, 1, 0}, {0, 0, 1}},
    {ViewPreset::Posterior, "posterior", {0, -1, 0}, {0, 0, 1}},
    {ViewPreset::Left, "left", {-1, 0, 0}, {0, 0, 1}},
    {ViewPreset::Right, "right", {1, 0, 0}, {0, 0, 1}},
    {ViewPreset::Superior, "superior", {0, 0, 1}, {0, 1, 0}},
    {ViewPreset::Oblique, "oblique", {-0.6, 0.75, 0.3}, {0, 0, 1}},
};

const ViewDirection& direction_of(ViewPreset view) {
  for (const ViewDirection& v : kViews) {
    if (v.view == view) return v;
  }
  return kViews[0];
}

}  // namespace

const std::vector<ViewPreset>& all_view_presets() {
  static const std::vector<ViewPreset> views = {ViewPreset::Anterior, ViewPreset::Posterior,
                                                ViewPreset::Left,     ViewPreset::Right,
                                                ViewPreset::Superior, ViewPreset::Oblique};
  return views;
}

const char* view_name(ViewPreset view) {
  return direction_of(view).name;
}

std::optional<ViewPreset> view_from_name(const std::string& name) {
  for (const ViewDirection& v : kViews) {
    if (name == v.name) return v.view;
  }
  return std::nullopt;
}

Vec3 view_eye_direction(ViewPreset view) {
  return normalized(direction_of(view).from);
}

Vec3 view_up_direction(ViewPreset view) {
  return direction_of(view).up;
}

}  // namespace toxplan::anatomy
