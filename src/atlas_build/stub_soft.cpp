// TEMPORARY (removed when h-soft is merged).
#include <stdexcept>

#include "atlas_build/soft_tissue.h"
namespace toxplan::atlas_build {
struct SoftTissueBuilder::Impl {};
SoftTissueBuilder::SoftTissueBuilder(SoftTissueInputs) { throw std::logic_error("pending"); }
SoftTissueBuilder::~SoftTissueBuilder() = default;
const anatomy::TriangleMesh& SoftTissueBuilder::closed_skin() { throw std::logic_error("pending"); }
DerivedStructure SoftTissueBuilder::skin_shell() { throw std::logic_error("pending"); }
DerivedStructure SoftTissueBuilder::fat_shell() { throw std::logic_error("pending"); }
DerivedStructure SoftTissueBuilder::derived(const std::string&, const std::string&) {
  throw std::logic_error("pending");
}
}  // namespace toxplan::atlas_build
