// What the spread solver needs to know about the anatomy: a labelled voxel grid (with fibre
// directions) of any box, and per label the properties of the structure. The solver works on
// this interface only, so tests can hand it analytic label volumes and the app hands it an atlas
// (atlas_tissue.h).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "anatomy/label_volume.h"
#include "anatomy/structure.h"
#include "base/vec3.h"

namespace toxplan::sim {

// Properties of one label (structure) that the model and its flags use.
struct TissueClass {
  std::string id;    // structure id; empty for label 0
  std::string name;  // display name, used in flag sentences
  anatomy::StructureKind kind = anatomy::StructureKind::Other;
  std::string group;
  bool danger = false;
  std::string adverse_effect;  // for danger structures, e.g. "eyelid ptosis"
  std::string side;            // "L", "R", "midline" or empty (test tissues)
};

// Landmark id -> position (mm, atlas frame).
using Landmarks = std::unordered_map<std::string, Vec3>;

// Index = label. Entry 0 is "unlabelled tissue" (no structure: fat or connective tissue
// between modelled structures, or outside the body).
class TissueTable {
 public:
  TissueTable();
  explicit TissueTable(std::vector<TissueClass> by_label);  // by_label[0] is label 0
  const TissueClass& at(int label) const;                   // label 0 entry for unknown labels
  int label_of(const std::string& id) const;                // 0 when unknown
  int size() const { return static_cast<int>(by_label_.size()); }

 private:
  std::vector<TissueClass> by_label_;
};

class Tissue {
 public:
  virtual ~Tissue() = default;
  // Labelled grid covering `box` at `spacing_mm` (may be cached and shared). Thread-safe.
  virtual std::shared_ptr<const anatomy::LabelVolume> label_volume(const anatomy::Box& box,
                                                                   double spacing_mm) const = 0;
  virtual const TissueTable& table() const = 0;
  // Named skin and bone landmarks (eyebrow, supraorbital rim, inion, C2 spinous process, ...)
  // for the position rules (position_rules.h); empty for tissues without landmarks.
  virtual const Landmarks& landmarks() const;
};

}  // namespace toxplan::sim
