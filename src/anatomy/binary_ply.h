// Reads binary PLY files (little or big endian) into an indexed triangle list, for the atlas's
// mesh import (mesh_import.cpp).
//
// Why not Assimp, which reads every other format: Assimp 5.2's PLY reader skips whitespace after
// `end_header`, so a binary file whose first vertex coordinate begins with a byte 0x09, 0x0a,
// 0x0d or 0x20 is read shifted: garbage faces, and an assertion that ends the process in its
// triangulation step. vtkPLYWriter writes such files for about one mesh in a hundred (found on
// the BodyParts3D atlas, docs/speed-real-anatomy.md). This reader also reads the atlas's binary
// PLY files several times faster than Assimp or vtkPLYReader.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "base/vec3.h"

namespace toxplan::anatomy {

struct PlyTriangles {
  std::vector<Vec3> vertices;                 // file coordinates, in file order
  std::vector<std::array<int, 3>> triangles;  // polygons as fans; points and lines left out
  // Faces with other than three corners (points, lines, polygons): the file is left to the
  // general reader, which treats them as it always has (unless it would misread the file).
  bool other_faces = false;
  // The data begins with a byte Assimp's PLY reader skips as whitespace: Assimp cannot read
  // this file correctly.
  bool data_starts_with_whitespace = false;
};

enum class PlyReadResult {
  Read,          // binary PLY, read into the PlyTriangles
  NotBinary,     // an ASCII PLY (or no PLY header at all): read it another way
  Unreadable,    // a binary PLY that is damaged: see the message
  IndexInvalid,  // a face names a vertex the file does not have
};

// Never throws for bad input; `problem` says what is wrong for Unreadable (for the finding).
PlyReadResult read_binary_ply(const std::string& path, PlyTriangles* out, std::string* problem);

}  // namespace toxplan::anatomy
