// The regular grid the soft-tissue layers are computed on, and the fields on it: which samples
// lie inside a closed surface (ray parity), the exact distance to a surface near it (narrow
// band) and, everywhere, the distance to the nearest surface point (a feature transform: the
// exact separable Euclidean distance transform that also keeps which seed is nearest).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "anatomy/triangle_mesh.h"
#include "base/vec3.h"

namespace toxplan::atlas_build::soft {

struct Grid {
  Vec3 origin_mm;  // centre of sample (0, 0, 0)
  double spacing_mm = 1.0;
  int nx = 0, ny = 0, nz = 0;

  std::size_t size() const { return static_cast<std::size_t>(nx) * ny * nz; }
  std::size_t index(int i, int j, int k) const {
    return (static_cast<std::size_t>(k) * ny + j) * nx + i;
  }
  Vec3 point(int i, int j, int k) const {
    return {origin_mm.x + i * spacing_mm, origin_mm.y + j * spacing_mm,
            origin_mm.z + k * spacing_mm};
  }
  Vec3 point(std::size_t idx) const {
    const int i = static_cast<int>(idx % nx);
    const int j = static_cast<int>((idx / nx) % ny);
    const int k = static_cast<int>(idx / (static_cast<std::size_t>(nx) * ny));
    return point(i, j, k);
  }
};

// A grid covering `box` plus `pad_mm` on every side, sample positions on multiples of the
// spacing (so that two builds of overlapping boxes share sample positions).
Grid grid_around(const anatomy::Box& box, double spacing_mm, double pad_mm);

// Sets mask[v] = 1 for every sample strictly inside the closed surface `mesh` (parity of the
// crossings of a vertical ray through the sample's column). Samples already set stay set, so
// calling it for several meshes gives their union. Returns the number of columns whose
// crossings did not pair up (a surface with a hole there); those columns are left unchanged.
int add_inside_by_parity(const anatomy::TriangleMesh& mesh, const Grid& grid,
                         std::vector<std::uint8_t>* mask);

// Distance from the samples near a surface to the nearest triangle of `meshes`.
struct NarrowBand {
  std::vector<float> distance_mm;  // per sample; `radius_mm` where no triangle is that close
  // Per sample, the nearest triangle (an index into `triangles`), -1 where none is within the
  // radius; filled only when asked for.
  std::vector<std::int32_t> nearest;
  std::vector<std::array<Vec3, 3>> triangles;  // of all meshes, in input order
};

// Every sample within `radius_mm` of a triangle of any of `meshes` gets its exact distance to
// the nearest one. Deterministic: ties keep the first triangle in input order.
NarrowBand narrow_band_distance(const std::vector<const anatomy::TriangleMesh*>& meshes,
                                const Grid& grid, double radius_mm, bool keep_nearest);

// Replaces every entry of `ids` by the id of the nearest sample whose id is >= 0 (Euclidean
// distance between sample centres: the exact separable distance transform of Felzenszwalb and
// Huttenlocher 2012, keeping the argmin). Each grid line is computed on its own, so the result
// does not depend on threads. With no seed at all, `ids` is left unchanged.
void propagate_nearest_seed(const Grid& grid, std::vector<std::int32_t>* ids);

// The point of triangle (a, b, c) nearest to p (Ericson, Real-Time Collision Detection 5.1.5).
Vec3 closest_point_on_triangle(const Vec3& p, const Vec3& a, const Vec3& b, const Vec3& c);

}  // namespace toxplan::atlas_build::soft
