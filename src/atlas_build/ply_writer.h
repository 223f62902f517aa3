// Binary little-endian PLY, written byte for byte the same for the same mesh (no timestamps, no
// library version in the header), so that rebuilding an atlas reproduces its files exactly.
#pragma once

#include <string>

#include "anatomy/triangle_mesh.h"

namespace toxplan::atlas_build {

// Vertices as float32, triangles as uchar count + int32 indices. Throws std::runtime_error
// naming the file when it cannot be written (writes to a temporary name, then renames).
void write_binary_ply(const std::string& path, const anatomy::TriangleMesh& mesh);

}  // namespace toxplan::atlas_build
