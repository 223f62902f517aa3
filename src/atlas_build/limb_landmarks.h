// Landmarks of the upper and lower limbs computed from the real bones by documented rules
// (docs/atlas-build-landmarks.md "Limbs"), and the limb atlases' frame. The points are the
// palpable bony landmarks the motor-point studies measure their lines between (acromion to
// lateral epicondyle, lateral malleolus to fibular head, ...;
// docs/reference/clinic-reference.md 2.3).
#pragma once

#include <string>
#include <vector>

#include "atlas_build/recipe.h"
#include "atlas_build/skull_landmarks.h"

namespace toxplan::atlas_build {

// The roles each limb's rules read, per side (`_L`, `_R` appended).
// Upper limb: scapula, humerus, radius, ulna, metacarpal_2, metacarpal_3, thumb_proximal_phalanx.
// Lower limb: hip_bone, femur, tibia, fibula, calcaneus.
std::vector<std::string> limb_landmark_roles(BodyRegion region);

// Every landmark of the region's rules, in the input RAS frame (BodyParts3D 4.0 with x and y
// negated). Throws std::runtime_error naming the role when a mesh it needs is absent.
std::vector<ComputedLandmark> compute_limb_landmarks(BodyRegion region, const MeshesByRole& meshes);

// The limb atlases keep the sources' upright axes (BodyParts3D stands in the anatomical
// position): origin at the midpoint of the two acromia (upper limb) or greater trochanters
// (lower limb), turned about z so that the line between them is the x axis.
// `frankfort_tilt_before_deg` holds that line's angle to the horizontal (not removed).
AtlasFrame limb_frame(BodyRegion region, const std::vector<ComputedLandmark>& landmarks);

}  // namespace toxplan::atlas_build
