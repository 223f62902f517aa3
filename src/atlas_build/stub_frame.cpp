// TEMPORARY (removed when h-frame is merged).
#include <stdexcept>

#include "atlas_build/similarity_registration.h"
#include "atlas_build/skull_landmarks.h"
namespace toxplan::atlas_build {
Vec3 Similarity::apply(const Vec3&) const { throw std::logic_error("pending"); }
RegistrationResult register_similarity(const std::vector<Vec3>&, const anatomy::TriangleMesh&,
                                       const Similarity&, const RegistrationOptions&) {
  throw std::logic_error("pending");
}
std::vector<ComputedLandmark> compute_landmarks(const MeshesByRole&) {
  throw std::logic_error("pending");
}
Vec3 AtlasFrame::apply(const Vec3&) const { throw std::logic_error("pending"); }
AtlasFrame frame_from_landmarks(const std::vector<ComputedLandmark>&) {
  throw std::logic_error("pending");
}
}  // namespace toxplan::atlas_build
