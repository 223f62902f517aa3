// The skin regions of the limb atlases (upper arm, forearm, hand; thigh, leg, foot; the trunk
// or pelvis the cut leaves around them) and their skin and fat values
// (docs/atlas-build-soft-tissue.md "Limbs"). docs/reference has no limb skin or fat thickness:
// the skin takes the neck's sourced value and is marked NOT VERIFIED for the limbs; the fat
// fills the real gap between the skin and the real muscles and bones, up to a depth cap.
#pragma once

#include <map>
#include <string>

#include "atlas_build/recipe.h"
#include "atlas_build/soft_tissue_regions.h"

namespace toxplan::atlas_build::soft {

class LimbRegions : public SkinRegions {
 public:
  // Reads the limb landmarks of limb_landmarks.h (elbow and wrist centres and acromia, or knee
  // and ankle centres and greater trochanters). Throws std::runtime_error naming a missing id.
  LimbRegions(BodyRegion region, const std::map<std::string, Vec3>& landmarks);
  double skin_mm(const Vec3& skin_point) const override;
  double fat_mm(const Vec3& skin_point) const override;
  std::string core_region(const Vec3& skin_point) const override;
  // Weight 0 everywhere: the limb skin is used as the source has it.
  CoverBand cover_band(const Vec3& skin_point) const override;
  const RegionTable& table() const override { return table_; }

 private:
  struct Segment {
    Vec3 from, to;
  };
  // Per side (0 = L, 1 = R): proximal (upper arm, thigh), middle (forearm, leg), distal joint.
  Segment proximal_[2], middle_[2];
  bool upper_ = true;
  std::string names_[4];  // proximal, middle, distal, trunk
  RegionTable table_;
};

}  // namespace toxplan::atlas_build::soft
