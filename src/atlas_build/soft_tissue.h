// The layers and muscles no real mesh here has: the skin and subcutaneous fat as shells between
// the real skin and the real muscles and bones, and the frontalis, occipitalis, orbicularis
// oculi (orbital, palpebral), masseter and epicranial aponeurosis derived from the real skin and
// bones with sourced outlines and thicknesses (docs/atlas-build-soft-tissue.md).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "anatomy/triangle_mesh.h"
#include "atlas_build/recipe.h"
#include "base/vec3.h"

namespace toxplan::atlas_build {

struct SoftTissueInputs {
  // All in the atlas frame (mm, RAS, origin mid-tragion).
  const anatomy::TriangleMesh* skin = nullptr;  // the whole-body skin as read (open below)
  double cut_below_z_mm = -260.0;               // the body is cut here (below the shoulders)
  std::optional<double> cut_above_z_mm;         // and here (the limbs), keeping the largest part
  // Selects the skin regions: the head's (landmarks of soft_tissue_regions.h) or a limb's
  // (soft_tissue_limb_regions.h). The derived muscles exist for the head only.
  BodyRegion body_region = BodyRegion::HeadNeck;
  std::vector<std::pair<std::string, const anatomy::TriangleMesh*>> bones;    // by structure id
  std::vector<std::pair<std::string, const anatomy::TriangleMesh*>> muscles;  // by structure id
  std::map<std::string, Vec3> landmarks;                                      // by landmark id
  double spacing_mm = 1.0;  // grid of the depth-below-skin field
  // Move the skin so that the real tissue lies at the sourced depth under it (needs the
  // landmarks and at least one bone or muscle; docs/atlas-build-soft-tissue.md).
  bool conform_skin = true;
};

struct Thickness {
  double min_mm = 0.0, median_mm = 0.0, max_mm = 0.0;  // measured on the result
};

struct DerivedStructure {
  anatomy::TriangleMesh mesh;        // closed surface (a shell: outer plus reversed inner)
  std::string method;                // one line for the manifest's `derived.method`
  std::vector<std::string> sources;  // docs/reference rows it uses ("anatomy-dimensions.md S13")
  // Per region the thickness measured along the skin normal, and the sourced range it must
  // fall in: region -> (measured, {low, high}).
  std::map<std::string, std::pair<Thickness, std::pair<double, double>>> thickness;
  // For the build report: where the layer was clipped or thinned, what was handled.
  std::vector<std::string> notes;
};

class SoftTissueBuilder {
 public:
  explicit SoftTissueBuilder(SoftTissueInputs inputs);
  ~SoftTissueBuilder();
  SoftTissueBuilder(const SoftTissueBuilder&) = delete;
  SoftTissueBuilder& operator=(const SoftTissueBuilder&) = delete;

  // The skin cut below `cut_below_z_mm` and closed: the outer surface of everything.
  const anatomy::TriangleMesh& closed_skin();
  // A point on the source skin (a skin landmark) moved as the skin was conformed there.
  Vec3 moved_with_skin(const Vec3& point_mm);
  DerivedStructure skin_shell();
  DerivedStructure fat_shell();
  // method: "frontalis", "occipitalis", "orbicularis_oculi_orbital",
  // "orbicularis_oculi_palpebral", "masseter", "epicranial_aponeurosis"; side "L", "R" or
  // "midline". Throws std::invalid_argument for an unknown method.
  DerivedStructure derived(const std::string& method, const std::string& side);

  // For the build report: what the source skin was like (closed, manifold, windings turned),
  // columns the inside test could not decide, grid size. Grows as the steps run.
  const std::vector<std::string>& notes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace toxplan::atlas_build
