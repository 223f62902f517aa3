// An atlas recipe (docs/atlas-build.md): which source meshes make which structure, how the
// sources map into one frame, and the processing each structure gets. Read with findings that
// name the recipe file, the JSON pointer and the line.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/finding.h"
#include "base/vec3.h"

namespace toxplan::atlas_build {

// A folder of sources that share units and frame ("4.0": BodyParts3D 4.0 GLB, 100 mm units,
// LPS). `to_reference_*` maps a release onto the reference one (3.0 -> 4.0) in the set's own
// (LPS, mm) coordinates before LPS -> RAS; `register_onto` refines that by ICP.
struct SourceSet {
  std::string id;
  std::string folder;  // prefix under --sources, '/' separated
  double scale_to_mm = 1.0;
  bool lps = true;
  double to_reference_scale = 1.0;
  Vec3 to_reference_translation_mm;
  std::vector<std::string> register_onto;  // structure ids (bones of the reference set)
  std::string pointer;                     // "/source_sets/1", for messages
};

struct FibreRule {
  // "constant" (direction), "converge" (toward a landmark), "attachments" (path from the
  // muscle's points near the `from` structures, through its middle, to those near `to`).
  std::string rule;
  Vec3 direction;
  std::string landmark;
  std::vector<std::string> from, to;
};

struct RecipeStructure {
  std::string id, name, kind, side, group;
  std::optional<std::array<double, 3>> colour;
  std::optional<int> priority;
  std::vector<std::string> sources;  // FMA ids, English names or paths under --sources
  std::string derived;               // a SoftTissueBuilder method instead of sources
  std::string fma_id;                // written to the manifest (defaults to the first source's)
  std::optional<FibreRule> fibre;
  bool danger = false;
  std::string adverse_effect;
  // Structures (ids) this one is moved out of where it overlaps them. Muscles default to every
  // bone of the recipe; "[]" turns it off.
  std::optional<std::vector<std::string>> clear_of;
  std::string note;     // why this entry is unusual (e.g. BodyParts3D names its side wrongly)
  std::string pointer;  // "/structures/12"
};

// Which part of the body the atlas holds: it selects the landmark rules, the frame and the skin
// regions (docs/atlas-build.md "Body regions").
enum class BodyRegion { HeadNeck, UpperLimb, LowerLimb };
const char* body_region_name(BodyRegion region);  // "head_neck", "upper_limb", "lower_limb"

struct Recipe {
  std::string path;  // as given
  BodyRegion body_region = BodyRegion::HeadNeck;
  std::string atlas_id, atlas_version, name, licence, attribution;
  std::string licence_file;  // relative to the recipe; copied to the atlas as LICENCE
  std::vector<SourceSet> source_sets;
  std::string skin_source;  // the real skin mesh (a source key): input of landmarks and layers
  std::map<std::string, std::string> landmark_roles;  // role (skull_landmarks.h) -> structure id
  double close_tolerance_mm = 0.5;
  double clearance_mm = 0.5;
  int display_triangles = 6000;
  double cut_below_z_mm = -260.0;
  // Everything above is cut too (the upper limb ends above the shoulders, the lower limb above
  // the pelvis); none for the head.
  std::optional<double> cut_above_z_mm;
  double soft_tissue_spacing_mm = 1.0;
  std::vector<RecipeStructure> structures;

  const RecipeStructure* find(const std::string& id) const;
};

// Nothing (and error findings) when the file cannot be read or is not a valid recipe.
std::optional<Recipe> read_recipe(const std::string& path, Findings* findings);

}  // namespace toxplan::atlas_build
