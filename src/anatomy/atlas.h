// An atlas: structures with meshes and spatial indexes, and named landmarks, loaded from a
// manifest folder (docs/atlas-format.md). Read-only once loaded; queries are thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "anatomy/label_volume.h"
#include "anatomy/structure.h"
#include "base/finding.h"

namespace toxplan::anatomy {

// One structure crossed by a needle: where the needle enters and leaves it, from the skin.
struct NeedleSegment {
  int label = 0;
  double entry_depth_mm = 0.0;
  double exit_depth_mm = 0.0;
};

struct SkinHit {
  Vec3 point_mm;
  Vec3 outward_normal;  // unit
};

struct NearStructure {
  int label = 0;
  double distance_mm = 0.0;  // 0 when the point is inside
};

struct AtlasLoadOptions {
  // Load what can be loaded: structures whose entry or mesh has an error are left out (their
  // findings stay errors) instead of failing the whole atlas. For `toxplan atlas check`, which
  // still wants to run its geometric checks on the rest. nullptr is still returned when the
  // manifest itself cannot be read.
  bool keep_going = false;
  // Called after each structure's meshes are read, on whichever thread of the shared pool
  // (base/parallel_for.h) read them, in no particular order: progress for a caller that shows
  // it. An exception it throws (to cancel) ends the load like any other failure: nullptr and an
  // ATLAS_LOAD_FAILED finding with the reason.
  std::function<void(const std::string& structure_id)> structure_read;
  // Read the display meshes now (they are read when first drawn otherwise), so that a broken
  // one is reported: for `toxplan atlas check`.
  bool read_display_meshes = false;
};

class Atlas {
 public:
  // Loads manifest + meshes. Never throws for bad input: returns nullptr and error findings
  // (each naming the file and field), or an atlas plus warnings.
  static std::unique_ptr<Atlas> load(const std::string& dir, Findings* findings);
  static std::unique_ptr<Atlas> load(const std::string& dir, Findings* findings,
                                     const AtlasLoadOptions& options);
  // The default atlas shipped in assets/atlas/default (the real anatomy built from BodyParts3D;
  // the schematic generated one is assets/atlas/schematic).
  static std::string default_dir();
  // The folder where the shipped atlas `id` would be: assets/atlas/<id>; "" (as in a plan
  // without an atlas) and "default" give default_dir(). Empty when `id` is not a plain folder
  // name (letters, digits, '-', '_', '.'; no "..") so that a plan cannot point outside.
  static std::string shipped_dir(const std::string& id);

  ~Atlas();
  Atlas(const Atlas&) = delete;
  Atlas& operator=(const Atlas&) = delete;

  const std::string& id() const;
  const std::string& version() const;
  const std::string& dir() const;
  const std::string& name() const;         // display name from the manifest
  const std::string& licence() const;      // may be empty
  const std::string& attribution() const;  // may be empty
  const std::vector<Structure>& structures() const;
  const std::vector<Landmark>& landmarks() const;
  const Structure* find(const std::string& id) const;     // nullptr if none
  const Structure* by_label(int label) const;             // nullptr for 0 / out of range
  const Landmark* landmark(const std::string& id) const;  // nullptr if none
  Box bounds() const;

  // Label of the highest-priority structure containing the point; 0 if none.
  int label_at(const Vec3& p_mm) const;
  // Structures within max_distance_mm, nearest first.
  std::vector<NearStructure> nearest(const Vec3& p_mm, double max_distance_mm) const;
  // First hit of a ray with the skin surface (kind Skin), from outside.
  std::optional<SkinHit> cast_to_skin(const Vec3& origin_mm, const Vec3& dir) const;
  // Where the segment from `from_mm` to `to_mm` first crosses the surface of a structure for
  // which counts(structure) holds (a structure drawn opaque, for what the camera sees): its
  // label and the distance from `from_mm`. Nothing when it crosses none of them.
  struct SurfaceCrossing {
    int label = 0;
    double distance_mm = 0.0;
  };
  std::optional<SurfaceCrossing> first_surface_crossing(
      const Vec3& from_mm, const Vec3& to_mm,
      const std::function<bool(const Structure&)>& counts) const;
  // Structures crossed by a needle from a skin point along `dir`, to max_depth_mm, in order.
  std::vector<NeedleSegment> along_needle(const Vec3& skin_mm, const Vec3& dir,
                                          double max_depth_mm) const;
  // Thickness of the first muscle under a skin point along the inward normal; 0 if none.
  double muscle_thickness_mm(const Vec3& skin_mm, const Vec3& inward_dir) const;
  // Cached labelled voxel grid of `box` (snapped outward to the spacing).
  // An empty volume (dims 0) when spacing_mm <= 0, the box is not finite, or the grid would
  // exceed 256 M voxels.
  std::shared_ptr<const LabelVolume> label_volume(const Box& box, double spacing_mm) const;

  // Per-structure queries, for checks and tools. label is Structure::label.
  bool structure_contains(int label, const Vec3& p_mm) const;
  // Distance from p to the structure's surface (ignores inside/outside); negative if farther
  // than max_distance_mm or the label is invalid.
  double distance_to_surface_mm(int label, const Vec3& p_mm, double max_distance_mm) const;
  // Area-weighted centroid of the structure's surface; zero vector for an invalid label.
  Vec3 surface_centroid_mm(int label) const;
  Box structure_bounds(int label) const;
  // Builds every structure's ray indexes now, the BVH and the containment rasters (they are
  // built on first use otherwise): the window calls it in the background so that the first
  // hover and click do not wait for them.
  void build_ray_indexes() const;
  // Builds every structure's containment rasters now, on every core: what label volumes need.
  // `toxplan simulate` calls it after loading, so that its first sites, solved in parallel,
  // do not wait for each other's raster builds.
  void build_containment_indexes() const;
  // Drops every cached label volume (benchmarks; memory pressure).
  void clear_label_volume_cache() const;

 private:
  Atlas();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace toxplan::anatomy
