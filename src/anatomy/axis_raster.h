// Crossings of a mesh with lines parallel to one axis: the primitive behind point containment
// (ray parity) and scanline label volumes. Triangles are binned on a 2-D grid in the plane
// perpendicular to the axis; a line is tested only against its bin's triangles.
//
// Parity is only right if a line through a shared edge or vertex is counted exactly once. The
// point-in-triangle test therefore uses "simulation of simplicity": the line is treated as
// displaced by (eps, eps^2) in the plane, and each projected edge is evaluated in one canonical
// vertex order, so two triangles sharing an edge always disagree about which side the line is on.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "anatomy/triangle_mesh.h"

namespace toxplan::anatomy {

class AxisRaster {
 public:
  AxisRaster() = default;
  // Keeps a pointer to `mesh`, which must outlive the raster and not change. axis: 0 x, 1 y, 2 z.
  AxisRaster(const TriangleMesh* mesh, int axis);

  int axis() const { return axis_; }
  // Coordinates along the axis where the line at in-plane position (u, v) crosses the mesh,
  // sorted ascending. u, v are the coordinates along axes (axis+1)%3 and (axis+2)%3. Appends to
  // nothing: `out` is cleared first.
  void crossings(double u, double v, std::vector<double>* out) const;
  // Number of crossings strictly beyond w along the axis (odd: inside a closed surface).
  int crossings_above(double u, double v, double w) const;

  struct LineQuery {
    double u, v, w;
  };
  // For each query, exactly what crossings_above of AxisRaster(&mesh, axis) would return, from
  // a pass over every triangle instead: for a handful of queries (the loader's orientation
  // test) that is much cheaper than binning the mesh.
  static std::vector<int> crossings_above_unbinned(const TriangleMesh& mesh, int axis,
                                                   const std::vector<LineQuery>& queries);

  // One crossing of a lattice line (see lattice_crossings): `column` = iv * us.size() + iu.
  struct LatticeCrossing {
    int column;
    double w;
  };
  // The crossings of every line of the lattice us x vs (both ascending) at once, in no
  // particular order: for each line, exactly the values crossings(us[iu], vs[iv]) returns, bit
  // for bit. Label volumes cast one line per voxel column. Going triangle by triangle, each
  // triangle is read once per lattice instead of once per line of its bins, and only the lines
  // inside its box are tested. `out` is cleared first.
  void lattice_crossings(std::span<const double> us, std::span<const double> vs,
                         std::vector<LatticeCrossing>* out) const;

 private:
  template <typename Visit>
  void for_each_crossing(double u, double v, Visit&& visit) const;

  const TriangleMesh* mesh_ = nullptr;
  int axis_ = 2;
  double u0_ = 0.0, v0_ = 0.0;  // grid origin
  double inv_cell_u_ = 1.0;     // bins per mm along u
  double inv_cell_v_ = 1.0;
  int nu_ = 0, nv_ = 0;
  std::vector<int> bin_start_;  // CSR: triangles of bin b are tris_[bin_start_[b], bin_start_[b+1])
  std::vector<int> tris_;
  // Projected bounding box of tris_[k], rounded outward to float: rejects most candidates of a
  // bin from one sequential 16-byte read instead of three vertex fetches (label volumes cast
  // one line per voxel column and structure, so this test runs millions of times per site).
  struct BinBox {
    float u0, u1, v0, v1;
  };
  std::vector<BinBox> boxes_;
  // Per slot, the first bin column and row of its triangle's range (nu_, nv_ <= 2048):
  // lattice_crossings handles a triangle in only the first of its bins that it visits.
  struct FirstBin {
    std::uint16_t i, j;
  };
  std::vector<FirstBin> first_bins_;
  // Per triangle, its three projected edges with the endpoints in canonical (lexicographic)
  // order, as canonical_side evaluates them, and whether the triangle runs along each edge
  // backwards (bit e). The inside test then reads one contiguous record instead of three vertex
  // indices and three vertices, and gives bit-identical results (same expression, same order).
  // A later change of the triangle's winding reverses all three edges, which leaves the test
  // unchanged, so the record stays valid.
  struct TriEdges {
    double u0, u1, v0, v1;  // exact projected bounding box
    double lo_u[3], lo_v[3], du[3], dv[3];
    unsigned char backwards = 0;
  };
  std::vector<TriEdges> edges_;

  // Whether the line (u, v) passes through the triangle of `e` (simulation of simplicity, see
  // the top of this file). lattice_crossings() evaluates the same expressions in two halves
  // (EdgeTermsOf in the .cpp), so that both agree to the bit.
  static bool inside(const TriEdges& e, double u, double v);
  static TriEdges edges_of(const TriangleMesh& mesh, std::size_t t, int axis);
};

}  // namespace toxplan::anatomy
