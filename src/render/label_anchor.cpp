#include "render/label_anchor.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <vtkPoints.h>
#include <vtkPolyData.h>

namespace toxplan::render {

namespace {

// Surface points tried for a structure's label, at most: enough to find a visible patch of any
// muscle of the default atlas, few enough to place a step's labels in milliseconds.
constexpr std::size_t kMaxCandidatePoints = 1500;

// A landmark hidden under a surface is labelled this far in front of it.
constexpr double kInFrontOfSurfaceMm = 2.0;

}  // namespace

bool anchor_visible(const anatomy::Atlas& atlas, const Vec3& eye_mm, const Vec3& anchor_mm,
                    const Occludes& occludes) {
  const double length_mm = distance(eye_mm, anchor_mm);
  if (length_mm <= kAnchorSurfaceToleranceMm) return true;
  const Vec3 d = (anchor_mm - eye_mm) * (1.0 / length_mm);
  const Vec3 end = eye_mm + d * (length_mm - kAnchorSurfaceToleranceMm);
  return !atlas.first_surface_crossing(eye_mm, end, occludes).has_value();
}

namespace {

// The point of structure or landmark `id` the label names, when the camera sees it.
std::optional<Vec3> seen_point(const anatomy::Atlas& atlas, const std::string& id,
                               const Vec3& eye_mm, const Occludes& opaque, const Occludes& drawn) {
  if (const anatomy::Landmark* l = atlas.landmark(id)) {
    if (anchor_visible(atlas, eye_mm, l->position_mm, opaque)) return l->position_mm;
    // Hidden under a surface: the spot of that surface in front of it.
    const auto front = atlas.first_surface_crossing(eye_mm, l->position_mm, drawn);
    if (!front) return std::nullopt;
    if (distance(eye_mm, l->position_mm) - front->distance_mm > kLandmarkUnderSurfaceMaxMm)
      return std::nullopt;  // the far side
    const Vec3 at =
        eye_mm + normalized(l->position_mm - eye_mm) * std::max(0.0, front->distance_mm);
    if (anchor_visible(atlas, eye_mm, at, opaque)) return at;
    return std::nullopt;
  }
  const anatomy::Structure* s = atlas.find(id);
  if (!s) return std::nullopt;
  const Vec3 centroid = atlas.surface_centroid_mm(s->label);
  // First choice, as the tours were written: on the skin over the centroid, seen from outside
  // along the line from the atlas origin (mid-tragion).
  const Vec3 out = norm(centroid) > 1e-6 ? normalized(centroid) : Vec3{0, 1, 0};
  if (const auto skin = atlas.cast_to_skin(centroid + out * 400.0, -out)) {
    // Over this structure as the camera sees it: nothing opaque (the structure itself included)
    // in front of the skin point.
    if (anchor_visible(atlas, eye_mm, skin->point_mm, opaque)) return skin->point_mm;
  }
  // Else the visible point of the structure's own surface nearest its centroid.
  vtkPolyData* mesh = s->display_mesh.get();  // the surface drawn: its points are on screen
  if (mesh == nullptr || mesh->GetPoints() == nullptr) return std::nullopt;
  vtkPoints* points = mesh->GetPoints();
  const vtkIdType n = points->GetNumberOfPoints();
  const vtkIdType stride = std::max<vtkIdType>(1, n / static_cast<vtkIdType>(kMaxCandidatePoints));
  std::vector<std::pair<double, Vec3>> candidates;
  for (vtkIdType i = 0; i < n; i += stride) {
    double p[3];
    points->GetPoint(i, p);
    const Vec3 v{p[0], p[1], p[2]};
    candidates.emplace_back(distance(v, centroid), v);
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [distance_mm, point] : candidates) {
    if (anchor_visible(atlas, eye_mm, point, opaque)) return point;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Vec3> visible_label_anchor(const anatomy::Atlas& atlas, const std::string& id,
                                         const Vec3& eye_mm, const Occludes& opaque,
                                         const Occludes& drawn) {
  const std::optional<Vec3> seen = seen_point(atlas, id, eye_mm, opaque, drawn);
  if (!seen) return std::nullopt;
  const double length_mm = distance(eye_mm, *seen);
  const Vec3 d = (*seen - eye_mm) * (1.0 / std::max(length_mm, 1e-9));
  // In front of the first surface drawn on the line of sight (the skin, usually).
  double at_mm = length_mm;
  if (const auto front = atlas.first_surface_crossing(eye_mm, *seen, drawn)) {
    at_mm = front->distance_mm;
  }
  return eye_mm + d * std::max(0.0, at_mm - kInFrontOfSurfaceMm);
}

}  // namespace toxplan::render
