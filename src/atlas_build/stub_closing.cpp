// TEMPORARY (removed when h-closing is merged).
#include <stdexcept>

#include "atlas_build/mesh_measures.h"
#include "atlas_build/overlap_resolution.h"
#include "atlas_build/surface_closing.h"
namespace toxplan::atlas_build {
OpenEdges count_open_edges(const anatomy::TriangleMesh&) { throw std::logic_error("pending"); }
double enclosed_volume_mm3(const anatomy::TriangleMesh&) { throw std::logic_error("pending"); }
ClosedSurface close_surface(const anatomy::TriangleMesh&, double) {
  throw std::logic_error("pending");
}
OverlapResolution move_out_of(const anatomy::TriangleMesh&,
                              const std::vector<const anatomy::TriangleMesh*>&, double) {
  throw std::logic_error("pending");
}
}  // namespace toxplan::atlas_build
