#include "atlas_build/soft_tissue_limb_regions.h"

#include <algorithm>
#include <stdexcept>

namespace toxplan::atlas_build::soft {
namespace {

// Skin: anatomy-dimensions.md S1 + S2, neck, male (epidermis 0.19 + dermis 0.98 mm), the
// nearest sourced region; the limbs' own values are not in docs/reference.
constexpr double kSkinMm = 1.17;
constexpr double kSkinLowMm = 0.9, kSkinHighMm = 1.5;
// Fat: whatever lies between the skin and the real muscles and bones, down to this depth under
// the skin (choice: deeper than the fat over any limb muscle of the source models, measured in
// the build report; it stops the band under the trunk, where no muscle is modelled).
constexpr double kFatMaxMm = 25.0;
// Under the trunk or pelvis, where the atlas has no muscle (choice: keeps the band thin where it
// means nothing; NOT VERIFIED).
constexpr double kTrunkFatMm = 5.0;
// A skin point farther than this from the limb's proximal segment belongs to the trunk or the
// pelvis (choice: about the radius of the upper arm or thigh plus its fat).
constexpr double kProximalRadiusMm = 75.0;
constexpr double kMiddleRadiusMm = 60.0;  // forearm
constexpr double kDistalRadiusMm = 70.0;  // hand

double distance_to_segment(const Vec3& p, const Vec3& a, const Vec3& b) {
  const Vec3 ab = b - a;
  const double t = std::clamp(dot(p - a, ab) / std::max(dot(ab, ab), 1e-9), 0.0, 1.0);
  return distance(p, a + ab * t);
}

Vec3 get(const std::map<std::string, Vec3>& by_id, const std::string& id) {
  const auto it = by_id.find(id);
  if (it == by_id.end())
    throw std::runtime_error("limb skin regions: the landmark '" + id +
                             "' is missing (limb_landmarks.h)");
  return it->second;
}

}  // namespace

LimbRegions::LimbRegions(BodyRegion region, const std::map<std::string, Vec3>& landmarks) {
  const bool upper = region == BodyRegion::UpperLimb;
  upper_ = upper;
  if (!upper && region != BodyRegion::LowerLimb)
    throw std::invalid_argument("limb skin regions: the head has its own regions");
  const std::string top = upper ? "acromion" : "greater_trochanter";
  const std::string joint = upper ? "elbow_centre" : "knee_centre";
  const std::string end = upper ? "wrist_centre" : "ankle_centre";
  for (int s = 0; s < 2; ++s) {
    const std::string suffix = s == 0 ? "_L" : "_R";
    proximal_[s] = {get(landmarks, top + suffix), get(landmarks, joint + suffix)};
    middle_[s] = {get(landmarks, joint + suffix), get(landmarks, end + suffix)};
  }
  if (upper) {
    names_[0] = "upper_arm", names_[1] = "forearm", names_[2] = "hand", names_[3] = "trunk";
  } else {
    names_[0] = "thigh", names_[1] = "leg", names_[2] = "foot", names_[3] = "pelvis";
  }
  const std::string skin_source =
      "Epidermis, HF ultrasound (BMC Med Imaging 2022;22:113); Dermis, HF ultrasound (BMC Med "
      "Imaging 2022;22:113) neck (0.19 + 0.98), the nearest sourced region: NOT VERIFIED for the "
      "limb";
  const std::string fat_source = "the real gap between the source skin and muscles, capped at " +
                                 std::to_string(static_cast<int>(kFatMaxMm)) +
                                 " mm (choice; no sourced limb value)";
  for (const std::string& n : names_) {
    table_.skin[n] = {kSkinMm, kSkinLowMm, kSkinHighMm, skin_source};
    table_.fat[n] = {kFatMaxMm, 0.0, kFatMaxMm, fat_source};
  }
  table_.fat[names_[3]] = {kTrunkFatMm, 0.0, kTrunkFatMm + 1.0,
                           "choice: a thin band where the atlas models nothing beneath (NOT "
                           "VERIFIED)"};
}

double LimbRegions::skin_mm(const Vec3&) const {
  return kSkinMm;
}

double LimbRegions::fat_mm(const Vec3& p) const {
  // Under the trunk (or pelvis) nothing is modelled beneath the fat: a thin band there, blended
  // over 20 mm so that the fat's inner surface has no step.
  const int s = p.x < 0.0 ? 0 : 1;
  double d = distance_to_segment(p, proximal_[s].from, proximal_[s].to);
  if (upper_) {
    const Vec3 fingers = middle_[s].to + (middle_[s].to - middle_[s].from) * 0.8;
    d = std::min({d, distance_to_segment(p, middle_[s].from, middle_[s].to),
                  distance_to_segment(p, middle_[s].to, fingers)});
  } else if (p.z < middle_[s].from.z) {
    d = 0.0;  // the leg and foot
  }
  const double t = smoothstep(kProximalRadiusMm, kProximalRadiusMm + 20.0, d);
  return kFatMaxMm + (kTrunkFatMm - kFatMaxMm) * t;
}

std::string LimbRegions::core_region(const Vec3& p) const {
  const int s = p.x < 0.0 ? 0 : 1;  // RAS: the patient's left is -x
  const Segment& prox = proximal_[s];
  const Segment& mid = middle_[s];
  if (upper_) {
    // The hand continues the forearm by about 0.8 of its length; the trunk and thighs beside
    // the hanging arm are farther than the radii from these axes.
    const Vec3 fingers = mid.to + (mid.to - mid.from) * 0.8;
    if (distance_to_segment(p, mid.to, fingers) < kDistalRadiusMm && p.z < mid.to.z)
      return names_[2];
    if (distance_to_segment(p, mid.from, mid.to) < kMiddleRadiusMm) return names_[1];
  } else {
    // The legs stand on the feet: below the ankle is the foot, between the joints the leg.
    if (p.z < mid.to.z) return names_[2];
    if (p.z < mid.from.z) return names_[1];
  }
  if (distance_to_segment(p, prox.from, prox.to) < kProximalRadiusMm) return names_[0];
  return names_[3];
}

SkinRegions::CoverBand LimbRegions::cover_band(const Vec3&) const {
  return {};
}

}  // namespace toxplan::atlas_build::soft
