// Needle direction as a clinician states it: the angle to the skin (90° = perpendicular) and
// the direction the needle leans toward, measured around the skin normal from "superior".
#pragma once

#include "base/vec3.h"

namespace toxplan::session {

struct NeedleAngles {
  double angle_to_skin_deg = 90.0;
  double lean_azimuth_deg = 0.0;  // 0 = leaning toward superior, 90 = toward the normal x up
};

NeedleAngles needle_angles(const Vec3& direction, const Vec3& inward_normal);
Vec3 needle_direction(const NeedleAngles& angles, const Vec3& inward_normal);

}  // namespace toxplan::session
