// An atlas: structures with meshes and spatial indexes, and named landmarks, loaded from a
// manifest folder (docs/atlas-format.md). Read-only once loaded; queries are thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "anatomy/label_volume.h"
#include "anatomy/structure.h"
#include "core/finding.h"

namespace toxplan::anatomy {

// One structure crossed by a needle: where the needle enters and leaves it, from the skin.
struct NeedleSegment {
  int label = 0;
  double entry_depth_mm = 0.0;
  double exit_depth_mm = 0.0;
};

struct SkinHit {
  core::Vec3 point_mm;
  core::Vec3 outward_normal;  // unit
};

struct NearStructure {
  int label = 0;
  double distance_mm = 0.0;  // 0 when the point is inside
};

class Atlas {
 public:
  // Loads manifest + meshes. Never throws for bad input: returns nullptr and error findings
  // (each naming the file and field), or an atlas plus warnings.
  static std::unique_ptr<Atlas> load(const std::string& dir, core::Findings* findings);
  // The default atlas shipped in assets/atlas/default.
  static std::string default_dir();

  ~Atlas();
  Atlas(const Atlas&) = delete;
  Atlas& operator=(const Atlas&) = delete;

  const std::string& id() const;
  const std::string& version() const;
  const std::string& dir() const;
  const std::vector<Structure>& structures() const;
  const std::vector<Landmark>& landmarks() const;
  const Structure* find(const std::string& id) const;          // nullptr if none
  const Structure* by_label(int label) const;                  // nullptr for 0 / out of range
  const Landmark* landmark(const std::string& id) const;       // nullptr if none
  Box bounds() const;

  // Label of the highest-priority structure containing the point; 0 if none.
  int label_at(const core::Vec3& p_mm) const;
  // Structures within max_distance_mm, nearest first.
  std::vector<NearStructure> nearest(const core::Vec3& p_mm, double max_distance_mm) const;
  // First hit of a ray with the skin surface (kind Skin), from outside.
  std::optional<SkinHit> cast_to_skin(const core::Vec3& origin_mm, const core::Vec3& dir) const;
  // Structures crossed by a needle from a skin point along `dir`, to max_depth_mm, in order.
  std::vector<NeedleSegment> along_needle(const core::Vec3& skin_mm, const core::Vec3& dir,
                                          double max_depth_mm) const;
  // Thickness of the first muscle under a skin point along the inward normal; 0 if none.
  double muscle_thickness_mm(const core::Vec3& skin_mm, const core::Vec3& inward_dir) const;
  // Cached labelled voxel grid of `box` (snapped outward to the spacing).
  std::shared_ptr<const LabelVolume> label_volume(const Box& box, double spacing_mm) const;

 private:
  Atlas();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace toxplan::anatomy
