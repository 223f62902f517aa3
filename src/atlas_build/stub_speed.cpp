// TEMPORARY (removed when h-speed is merged).
#include <stdexcept>

#include "atlas_build/display_mesh.h"
namespace toxplan::atlas_build {
anatomy::TriangleMesh decimate_for_display(const anatomy::TriangleMesh&, int) {
  throw std::logic_error("pending");
}
}  // namespace toxplan::atlas_build
