// Landmarks computed from the real skull, spine, shoulder girdle and skin by documented rules
// (docs/atlas-build-landmarks.md): the points the frame, the protocols and the views use.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "anatomy/triangle_mesh.h"
#include "base/vec3.h"

namespace toxplan::atlas_build {

// Meshes by role, all in one RAS frame in mm (BodyParts3D 4.0 with x and y negated, not yet
// moved to the atlas origin). Roles: frontal_bone, parietal_bone_L/R, occipital_bone,
// temporal_bone_L/R, zygomatic_bone_L/R, maxilla_L/R, nasal_bone_L/R, sphenoid_bone,
// mandible, vertebra_C2, vertebra_C7, clavicle_L/R, scapula_L/R, manubrium, skin.
using MeshesByRole = std::map<std::string, const anatomy::TriangleMesh*>;

struct ComputedLandmark {
  std::string id;    // "nasion", "tragion_L" (ids of docs/atlas-build-landmarks.md)
  std::string name;  // "Nasion"
  std::string rule;  // one line: how it was found ("most anterior midline point of ...")
  Vec3 position_mm;
};

// Every landmark of docs/atlas-build-landmarks.md. Throws std::runtime_error naming the missing
// role when a mesh it needs is absent.
std::vector<ComputedLandmark> compute_landmarks(const MeshesByRole& meshes);

struct AtlasFrame {
  // Row-major 4x4: input RAS frame -> atlas frame (origin mid-tragion, Frankfort horizontal
  // through both porions and the left orbitale parallel to z = 0, midsagittal plane x = 0).
  std::array<double, 16> transform{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
  Vec3 apply(const Vec3& p) const;
  // The frame whose axes (orthonormal, in the input frame) are ex, ey, ez, with its origin at
  // `origin`.
  static AtlasFrame from_axes(const Vec3& ex, const Vec3& ey, const Vec3& ez, const Vec3& origin);
  double frankfort_tilt_before_deg = 0.0;  // angle between the Frankfort plane and z = 0, before
};

AtlasFrame frame_from_landmarks(const std::vector<ComputedLandmark>& landmarks);

}  // namespace toxplan::atlas_build
