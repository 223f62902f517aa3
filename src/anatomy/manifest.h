// The atlas manifest (atlas.json, docs/atlas-format.md): parsing and validation into plain
// structures, with a finding for every problem. Meshes are not read here (see mesh_import.h).
#pragma once

#include <string>
#include <vector>

#include "anatomy/mesh_import.h"
#include "anatomy/structure.h"
#include "base/finding.h"

namespace toxplan::anatomy {

inline constexpr int kAtlasFormatVersion = 1;
inline constexpr const char* kManifestFileName = "atlas.json";

struct Manifest {
  std::string path;  // of atlas.json, for messages
  std::string id;
  std::string atlas_version;
  std::string name;
  std::string units = "mm";
  std::string coordinate_system = "RAS";
  std::string licence;
  std::string attribution;
  MeshFrame frame;
  std::vector<Structure> structures;            // meshes not loaded yet
  std::vector<std::vector<MeshSource>> meshes;  // per structure, resolved against the folder
  // Per structure, its display_mesh files (empty: drawn from `meshes`), resolved likewise.
  std::vector<std::vector<MeshSource>> display_meshes;
  std::vector<bool> structure_valid;  // false when the entry itself has an error
  std::vector<Landmark> landmarks;
};

// Reads <dir>/atlas.json. Returns false when the manifest cannot be used at all (missing,
// malformed, wrong format, newer version, not an object); otherwise true, with an error finding
// for every invalid entry (and structure_valid false for structures with errors).
bool read_manifest(const std::string& dir, Manifest* manifest, Findings* findings);

// True if the findings say the manifest itself could not be read (as opposed to bad entries).
bool manifest_unreadable(const Findings& findings);

// Default priority of a kind where structures overlap: skin 0, fat 1, everything else 2.
int default_priority(StructureKind kind);

}  // namespace toxplan::anatomy
