#include "app/needle_angles.h"

#include <algorithm>
#include <cmath>

namespace toxplan::app {

namespace {

constexpr double kDegPerRad = 180.0 / 3.14159265358979323846;

// An orthonormal frame in the skin plane: `up` is superior projected onto the plane (anterior
// where the normal is vertical), `side` completes it.
void skin_frame(const core::Vec3& n, core::Vec3* up, core::Vec3* side) {
  core::Vec3 ref{0, 0, 1};
  if (std::abs(core::dot(ref, n)) > 0.95) ref = {0, 1, 0};
  *up = core::normalized(ref - n * core::dot(ref, n));
  *side = core::cross(n, *up);
}

}  // namespace

NeedleAngles needle_angles(const core::Vec3& direction, const core::Vec3& inward_normal) {
  const core::Vec3 n = core::normalized(inward_normal);
  const core::Vec3 d = core::normalized(direction);
  core::Vec3 up;
  core::Vec3 side;
  skin_frame(n, &up, &side);
  NeedleAngles a;
  a.angle_to_skin_deg = std::asin(std::clamp(core::dot(d, n), -1.0, 1.0)) * kDegPerRad;
  const double u = core::dot(d, up);
  const double s = core::dot(d, side);
  a.lean_azimuth_deg = (std::abs(u) + std::abs(s) < 1e-9) ? 0.0 : std::atan2(s, u) * kDegPerRad;
  return a;
}

core::Vec3 needle_direction(const NeedleAngles& angles, const core::Vec3& inward_normal) {
  const core::Vec3 n = core::normalized(inward_normal);
  core::Vec3 up;
  core::Vec3 side;
  skin_frame(n, &up, &side);
  const double alpha = angles.angle_to_skin_deg / kDegPerRad;
  const double phi = angles.lean_azimuth_deg / kDegPerRad;
  const core::Vec3 lean = up * std::cos(phi) + side * std::sin(phi);
  return core::normalized(n * std::sin(alpha) + lean * std::cos(alpha));
}

}  // namespace toxplan::app
