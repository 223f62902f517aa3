// Finds whether a point set has two points that are close but not equal. The mesh importer uses
// it to tell when Assimp's JoinIdenticalVertices step could merge vertices at different
// positions (it merges within 1e-5), so that it can skip that costly step on every other file
// and still load exactly the same mesh (mesh_import.cpp).
#pragma once

#include <vector>

#include "base/vec3.h"

namespace toxplan::anatomy {

// True if two points differ but are less than `tolerance` apart, or if a point is not finite.
// Equal points (-0 equals +0) are not near duplicates. Conservative: it may also answer true
// when the points are crowded too densely to check quickly, never false when such a pair
// exists. `spacing` is a typical distance between neighbouring points (e.g. the mean edge
// length), which sizes the grid it searches; it does not change the answer otherwise.
bool has_near_duplicates(const std::vector<Vec3>& points, double tolerance, double spacing);

}  // namespace toxplan::anatomy
