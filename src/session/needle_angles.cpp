#include "session/needle_angles.h"

#include <algorithm>
#include <cmath>

namespace toxplan::session {

namespace {

constexpr double kDegPerRad = 180.0 / 3.14159265358979323846;

// An orthonormal frame in the skin plane: `up` is superior projected onto the plane (anterior
// where the normal is vertical), `side` completes it.
void skin_frame(const Vec3& n, Vec3* up, Vec3* side) {
  Vec3 ref{0, 0, 1};
  if (std::abs(dot(ref, n)) > 0.95) ref = {0, 1, 0};
  *up = normalized(ref - n * dot(ref, n));
  *side = cross(n, *up);
}

}  // namespace

NeedleAngles needle_angles(const Vec3& direction, const Vec3& inward_normal) {
  const Vec3 n = normalized(inward_normal);
  const Vec3 d = normalized(direction);
  Vec3 up;
  Vec3 side;
  skin_frame(n, &up, &side);
  NeedleAngles a;
  a.angle_to_skin_deg = std::asin(std::clamp(dot(d, n), -1.0, 1.0)) * kDegPerRad;
  const double u = dot(d, up);
  const double s = dot(d, side);
  a.lean_azimuth_deg = (std::abs(u) + std::abs(s) < 1e-9) ? 0.0 : std::atan2(s, u) * kDegPerRad;
  return a;
}

Vec3 needle_direction(const NeedleAngles& angles, const Vec3& inward_normal) {
  const Vec3 n = normalized(inward_normal);
  Vec3 up;
  Vec3 side;
  skin_frame(n, &up, &side);
  const double alpha = angles.angle_to_skin_deg / kDegPerRad;
  const double phi = angles.lean_azimuth_deg / kDegPerRad;
  const Vec3 lean = up * std::cos(phi) + side * std::sin(phi);
  return normalized(n * std::sin(alpha) + lean * std::cos(alpha));
}

}  // namespace toxplan::session
