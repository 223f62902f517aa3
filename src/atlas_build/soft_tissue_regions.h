// The skin regions (forehead, glabella, temple, scalp, occiput, eyelid, cheek, nose, neck)
// decided from the landmarks, and the regional skin and subcutaneous-fat thicknesses of
// docs/reference/anatomy-dimensions.md (docs/atlas-build-soft-tissue.md "Regions").
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/vec3.h"

namespace toxplan::atlas_build::soft {

// The landmarks the regions and outlines use, both sides where there are two (index 0 = L,
// 1 = R; atlas frame, +x patient's right).
struct Landmarks {
  Vec3 nasion, glabella, vertex, inion, c7_spinous, jugular_notch;
  Vec3 tragion[2], supraorbital_rim[2], orbitale[2], zygomatic_arch[2], mastoid[2];
  Vec3 superior_nuchal_line[2], temporal_fusion_line[2], gonion[2], coronoid_process[2], pupil[2];
  Vec3 eyebrow_centre[2];
  // Optional (read when present): the skin is conformed to the sourced depths only medial of
  // them, since the arm muscles are not in the sources.
  Vec3 acromion[2];
  bool has_acromion = false;
};

// The ids read (docs/atlas-build-soft-tissue.md). Throws std::runtime_error naming every
// missing landmark id.
Landmarks read_landmarks(const std::map<std::string, Vec3>& by_id);
std::vector<std::string> required_landmark_ids();

// One layer's value per region with its sourced range, as documented.
struct RegionValue {
  double value_mm;
  double low_mm, high_mm;  // the sourced range the measured thickness must fall in
  std::string source;      // "anatomy-dimensions.md S1+S2 (forehead, male)" or "choice: ..."
};

struct RegionTable {
  std::map<std::string, RegionValue> skin, fat;
};
const RegionTable& region_table();

// The skin regions of an atlas: the skin and fat thickness under each skin point, the region it
// is measured in, and how the skin is conformed there. The head's scheme is `Regions`, the
// limbs' is `LimbRegions` (soft_tissue_limb_regions.h).
class SkinRegions {
 public:
  // How deep the real bones and muscles may lie under a skin point, and how strongly the
  // skin is moved to make them so (0 where nothing beneath is modelled: eyelid, nose, cheek,
  // chest and arms) (docs/atlas-build-soft-tissue.md "Conforming the skin").
  struct CoverBand {
    double low_mm = 0.0, high_mm = 0.0, weight = 0.0;
  };
  virtual ~SkinRegions() = default;
  virtual double skin_mm(const Vec3& skin_point) const = 0;
  virtual double fat_mm(const Vec3& skin_point) const = 0;
  // The region a point belongs to wholly (its weight 1, no blend with a neighbour), or "" in a
  // transition zone. Thickness is measured on such core points only.
  virtual std::string core_region(const Vec3& skin_point) const = 0;
  virtual CoverBand cover_band(const Vec3& skin_point) const = 0;
  // The regional values with their sources.
  virtual const RegionTable& table() const = 0;
};

// The head and neck: smooth membership of a skin point in each region, so that the layer
// thickness blended from the regional values has no steps.
class Regions : public SkinRegions {
 public:
  explicit Regions(const Landmarks& lm);
  double skin_mm(const Vec3& skin_point) const override;
  double fat_mm(const Vec3& skin_point) const override;
  std::string core_region(const Vec3& skin_point) const override;
  CoverBand cover_band(const Vec3& skin_point) const override;
  const RegionTable& table() const override { return region_table(); }
  const Landmarks& landmarks() const { return lm_; }

 private:
  struct Weights {
    double head, face, forehead, glabella, temple, eyelid, occiput, cheek, nose;
  };
  Weights weights(const Vec3& q) const;
  double blend(const Weights& w, const std::map<std::string, RegionValue>& table) const;
  Landmarks lm_;
};

double smoothstep(double e0, double e1, double x);

}  // namespace toxplan::atlas_build::soft
