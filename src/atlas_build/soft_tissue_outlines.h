// The derived muscles as implicit functions of one grid sample (negative inside): depth bands
// under the fat, clipped to outlines placed from the landmarks, kept clear of the real bones and
// muscles and of each other (docs/atlas-build-soft-tissue.md "Derived muscles").
#pragma once

#include <string>
#include <vector>

#include "atlas_build/soft_tissue_regions.h"

namespace toxplan::atlas_build::soft {

// What the fields say at one grid sample.
struct Sample {
  Vec3 p;           // the sample (atlas frame)
  Vec3 skin_point;  // nearest point of the closed skin
  double depth;     // below the skin (negative outside)
  double soft_top;  // skin + fat thickness of the region of skin_point
  double bone;      // signed distance to the real bones (negative inside; capped far away)
  double muscle;    // same for the real muscles
  double jaw;       // distance to the jaw bones (mandible, zygomatic, temporal), capped
  Vec3 jaw_point;   // nearest point of the jaw bones when jaw is below the cap
};

struct DerivedSpec {
  std::string method;  // "frontalis", ...
  std::string side;    // "L", "R" or "midline"
  std::string method_text;
  std::vector<std::string> sources;
  double thickness_low_mm = 0.0, thickness_high_mm = 0.0;  // sourced range, along the skin normal
  std::string thickness_source;
};

// Throws std::invalid_argument for an unknown method or a side it does not have.
DerivedSpec derived_spec(const std::string& method, const std::string& side);

// Gap kept to the real bones and muscles, and between derived muscles.
constexpr double kBoneClearance_mm = 1.0;
constexpr double kMuscleClearance_mm = 0.5;
constexpr double kJawBandRadius_mm = 12.0;  // the jaw distance is exact up to here

class DerivedOutlines {
 public:
  explicit DerivedOutlines(const Landmarks& lm) : lm_(lm) {}
  // Negative inside the structure; side 0 = L, 1 = R (ignored for the midline aponeurosis).
  double value(const std::string& method, int side, const Sample& s) const;

 private:
  double frontalis(int side, const Sample& s) const;
  double orbicularis(int side, const Sample& s) const;
  double orbital_margin(int side, const Vec3& p) const;
  double occipitalis(int side, const Sample& s) const;
  double aponeurosis(const Sample& s) const;
  double masseter(int side, const Sample& s) const;
  double clear_of_real(double d, const Sample& s) const;
  Landmarks lm_;
};

}  // namespace toxplan::atlas_build::soft
