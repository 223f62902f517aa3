// A muscle's fibre field from a recipe rule and its real geometry (docs/atlas-build.md
// "Fibres"): a constant direction, convergence on a landmark (temporalis on the coronoid
// process), or a path between the muscle's attachments found on the bones it touches (SCM from
// the mastoid to the sternum and clavicle).
#pragma once

#include <map>
#include <string>

#include "anatomy/structure.h"
#include "anatomy/triangle_mesh.h"
#include "atlas_build/recipe.h"

namespace toxplan::atlas_build {

// Throws std::runtime_error naming `pointer` when the rule refers to a landmark or structure
// that is not there, or the muscle touches none of its attachment structures.
anatomy::FibreField fibre_field(const FibreRule& rule, const anatomy::TriangleMesh& muscle,
                                const std::map<std::string, const anatomy::TriangleMesh*>& meshes,
                                const std::map<std::string, Vec3>& landmarks,
                                const std::string& pointer);

// The attachment of a muscle on a set of structures: the mean of the muscle's vertices within
// `contact_mm` of any of them (or, when none is that close, of the nearest 5 % of its vertices).
Vec3 attachment_centre(const anatomy::TriangleMesh& muscle,
                       const std::vector<const anatomy::TriangleMesh*>& on, double contact_mm);

}  // namespace toxplan::atlas_build
