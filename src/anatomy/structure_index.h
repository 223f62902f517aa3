// Everything the queries need about one structure's surface: the oriented mesh and its
// topology (closed or not), built at load, and axis rasters for containment and scanlines and a
// BVH for rays and nearest points, each built on first use. Immutable after construction apart
// from those once-only builds, so every method is thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "anatomy/axis_raster.h"
#include "anatomy/triangle_bvh.h"
#include "anatomy/triangle_mesh.h"

class vtkPolyData;  // to_poly_data(): its callers include <vtkPolyData.h>
template <class T>
class vtkSmartPointer;

namespace toxplan::anatomy {

struct SurfaceTopology {
  int boundary_edges = 0;      // used by one triangle: a hole
  int non_manifold_edges = 0;  // used by three or more triangles
  int components = 0;          // edge-connected surface pieces (a shell has two)
  bool closed() const { return boundary_edges == 0 && non_manifold_edges == 0; }
};

class StructureIndex {
 public:
  // Orients every surface piece outward (a shell's inner surface faces its cavity), then builds
  // the indexes. `mesh` must have at least one triangle.
  explicit StructureIndex(TriangleMesh mesh);
  StructureIndex(const StructureIndex&) = delete;
  StructureIndex& operator=(const StructureIndex&) = delete;

  const TriangleMesh& mesh() const { return mesh_; }
  const Box& bounds() const { return bounds_; }
  const SurfaceTopology& topology() const { return topology_; }
  bool closed() const { return topology_.closed(); }
  // Built on first use, once, thread-safely: containment and label volumes (`toxplan simulate`)
  // never need it, and building every structure's BVH is a sixth of the atlas's load time.
  const TriangleBvh& bvh() const;
  // Raster along axis 0, 1 or 2, built on first use, once, thread-safely: a label volume or a
  // containment query needs only the structures around it (and a closed surface only axis 2),
  // and building every structure's raster was an eighth of the atlas's load time.
  const AxisRaster& raster(int axis) const;
  double volume_mm3() const { return volume_mm3_; }
  Vec3 surface_centroid_mm() const { return centroid_mm_; }

  bool in_bounds(const Vec3& p) const;
  // Ray parity along +z. For an open surface parity is unreliable, so the answer is the
  // majority of three axis-parallel rays.
  bool contains(const Vec3& p) const;
  // contains() for each point, from passes over every triangle instead of the rasters: the
  // same answers, cheaper for a handful of points.
  std::vector<bool> contains_unbinned(const std::vector<Vec3>& points) const;
  // Outward unit normal of a triangle.
  Vec3 outward_normal(int triangle) const;
  // Builds the rasters that contains() reads, if not built yet.
  void build_rasters() const;

  // The surface as vtkPolyData with outward point normals ("Normals").
  vtkSmartPointer<vtkPolyData> to_poly_data() const;

 private:
  TriangleMesh mesh_;
  Box bounds_;
  SurfaceTopology topology_;
  // Each raster is read only once its flag is set (acquire); call_once builds it. The flag keeps
  // call_once's cost off the per-column path of label volumes.
  mutable std::array<std::once_flag, 3> raster_once_;
  mutable std::array<std::atomic<bool>, 3> raster_ready_{};
  mutable std::array<AxisRaster, 3> rasters_;
  mutable std::once_flag bvh_once_;
  mutable TriangleBvh bvh_;
  double volume_mm3_ = 0.0;
  Vec3 centroid_mm_;
};

}  // namespace toxplan::anatomy
