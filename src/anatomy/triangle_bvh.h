// A bounding-volume hierarchy over the triangles of one mesh, for exact ray crossings (needles,
// skin casts) and closest-point queries. Built once; immutable afterwards, so queries are safe
// from any number of threads without locks. (VTK 9.1's cell locators keep per-call scratch
// state in the locator, which is why the queries do not go through them.)
#pragma once

#include <cstdint>
#include <vector>

#include "anatomy/triangle_mesh.h"

namespace toxplan::anatomy {

struct RayHit {
  double t = 0.0;    // parameter along origin + t * dir
  int triangle = 0;  // index into TriangleMesh::triangles
};

struct ClosestPoint {
  Vec3 point_mm;
  double distance_mm = 0.0;
  int triangle = 0;
};

class TriangleBvh {
 public:
  TriangleBvh() = default;
  // Keeps a pointer to `mesh`, which must outlive the tree and not change.
  explicit TriangleBvh(const TriangleMesh* mesh);

  // Every crossing of the line origin + t * dir with t in [t_min, t_max], sorted by t. A line
  // through a shared edge may report that edge once per triangle: callers that need parity use
  // AxisRaster instead.
  void intersect_line(const Vec3& origin, const Vec3& dir, double t_min, double t_max,
                      std::vector<RayHit>* hits) const;

  // Closest surface point no farther than max_distance_mm; false when there is none.
  bool closest_point(const Vec3& p, double max_distance_mm, ClosestPoint* out) const;

 private:
  struct Node {
    double min[3];
    double max[3];
    // Leaf when count > 0: triangles order_[first, first + count). Otherwise children are
    // first (left) and first + 1 (right).
    std::uint32_t first = 0;
    std::uint32_t count = 0;
  };
  struct BuildInput {
    std::vector<double> lo, hi;  // per triangle box, 3 per triangle
    std::vector<double> centre;  // per triangle box centre, 3 per triangle
  };
  std::uint32_t build(std::uint32_t begin, std::uint32_t end, const BuildInput& input);

  const TriangleMesh* mesh_ = nullptr;
  std::vector<Node> nodes_;
  std::vector<int> order_;
};

}  // namespace toxplan::anatomy
