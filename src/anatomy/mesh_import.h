// Reads mesh files through Assimp (any format it knows: OBJ, STL, PLY, glTF, FBX, ...) and
// merges them into one welded triangle mesh in the atlas frame.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "anatomy/triangle_mesh.h"
#include "base/finding.h"

namespace toxplan::anatomy {

// How file coordinates map into the atlas frame: unit scale, then LPS -> RAS, then `transform`.
struct MeshFrame {
  double scale_to_mm = 1.0;  // 1 for "mm", 10 for "cm", 1000 for "m"
  bool lps = false;          // file is LPS: x and y are negated
  std::array<double, 16> transform{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};  // row-major

  Vec3 apply(const Vec3& file_point) const;
};

struct MeshSource {
  std::string path;     // absolute or relative to the working directory, as opened
  std::string display;  // as written in the manifest, for messages
  std::string field;    // JSON pointer of the manifest entry naming this file
};

// Appends every triangle of every source to `mesh` (vertices welded by exact position). Returns
// false after adding an error finding when a file is missing, unreadable, has no triangles or
// has non-finite coordinates; `owner` (a structure id) is named in the messages.
bool import_meshes(const std::vector<MeshSource>& sources, const MeshFrame& frame,
                   const std::string& owner, TriangleMesh* mesh, Findings* findings);

}  // namespace toxplan::anatomy
