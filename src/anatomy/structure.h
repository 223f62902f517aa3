// One anatomical structure of an atlas, as declared in its manifest (docs/atlas-format.md),
// with its mesh once loaded.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "anatomy/lazy_poly_data.h"
#include "base/vec3.h"

namespace toxplan::anatomy {

enum class StructureKind { Skin, Fat, Muscle, Bone, Organ, Nerve, Vessel, Other };

const char* kind_name(StructureKind kind);                          // "muscle"
bool kind_from_name(const std::string& name, StructureKind* kind);  // false if unknown

// Where a muscle's fibres run. Evaluated at any point inside the structure.
struct FibreField {
  enum class Type { None, Constant, Converge, Path };
  Type type = Type::None;
  Vec3 direction;                   // Constant: unit vector
  Vec3 point_mm;                    // Converge: fibres run toward this point (e.g. coronoid)
  std::vector<Vec3> path_mm;        // Path: polyline origin -> insertion; tangent of nearest
                                    // segment
  Vec3 at(const Vec3& p_mm) const;  // unit vector, or zero for None
};

struct Structure {
  std::string id;    // snake_case, unique: "frontalis_L"
  std::string name;  // display: "Frontalis (left)"
  StructureKind kind = StructureKind::Other;
  std::string side;   // "L", "R" or "midline"
  std::string group;  // muscle group for totals and panels: "frontalis", "cervical_paraspinal"
  std::array<double, 3> colour{0.8, 0.8, 0.8};  // linear RGB 0..1
  std::vector<std::string> mesh_files;          // relative to the manifest's folder
  std::vector<std::string> display_mesh_files;  // the manifest's display_mesh; may be empty
  std::string fma_id;  // Foundational Model of Anatomy id where known, else empty
  FibreField fibre;
  bool danger = false;
  std::string adverse_effect;  // for danger structures: "eyelid ptosis", "dysphagia", ...
  int priority = 0;            // higher wins where structures overlap in the label volume
  // Not segmented from a real scan but derived (from the real skin and bones, with sourced
  // outlines and thicknesses): how, and from what. Empty for a real structure. The window and
  // `atlas info` say so wherever the structure is named.
  std::string derived_method;
  std::vector<std::string> derived_sources;
  bool derived() const { return !derived_method.empty(); }

  // Filled by the loader:
  LazyPolyData mesh;  // atlas frame, mm, with point normals; built on first use
  // What the window and pictures draw: the display_mesh files (a decimated copy written by the
  // atlas build) if the manifest names them, else the same surface as `mesh`. Built on first
  // use. Containment, spread and picking always use the full mesh.
  LazyPolyData display_mesh;
  double volume_cm3 = 0.0;
  bool closed = false;
  int label = 0;  // index + 1 in Atlas::structures(); 0 is "outside every structure"
};

struct Landmark {
  std::string id;    // "nasion"
  std::string name;  // "Nasion"
  Vec3 position_mm;
};

}  // namespace toxplan::anatomy
