#include "anatomy/axis_raster.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace toxplan::anatomy {

namespace {

double component(const Vec3& v, int axis) {
  return axis == 0 ? v.x : (axis == 1 ? v.y : v.z);
}

struct P2 {
  double u;
  double v;
};

// The nearest float not above / not below x (a conservative bound in single precision).
float float_below(double x) {
  float f = static_cast<float>(x);
  if (static_cast<double>(f) > x) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}
float float_above(double x) {
  float f = static_cast<float>(x);
  if (static_cast<double>(f) < x) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

bool lex_less(const P2& a, const P2& b) {
  return a.u < b.u || (a.u == b.u && a.v < b.v);
}

// Side of the perturbed point (u + eps, v + eps^2) relative to the directed line lo -> hi
// (lo < hi lexicographically; du, dv = hi - lo): +1 left, -1 right, 0 only if lo == hi.
// Because every triangle evaluates an edge with its endpoints in this canonical order,
// neighbours sharing an edge get the same answer. The common case is computed without
// branches: label volumes run this for millions of lines, and its outcome is unpredictable.
inline int canonical_side(double lo_u, double lo_v, double du, double dv, double u, double v) {
  const double e = du * (v - lo_v) - dv * (u - lo_u);
  const int side = static_cast<int>(e > 0.0) - static_cast<int>(e < 0.0);
  if (side != 0) [[likely]] {
    return side;
  }
  if (dv != 0.0) {
    return dv < 0.0 ? 1 : -1;
  }
  return du > 0.0 ? 1 : (du < 0.0 ? -1 : 0);
}

// A triangle's projected corners and their coordinates along the axis, as the crossing
// coordinate needs them.
struct Corners {
  P2 a, b, c;
  double wa, wb, wc;
};

Corners corners(const TriangleMesh& mesh, int t, int axis) {
  const int ua = (axis + 1) % 3;
  const int va = (axis + 2) % 3;
  const auto& tri = mesh.triangles[static_cast<std::size_t>(t)];
  const Vec3& a3 = mesh.vertices_mm[tri[0]];
  const Vec3& b3 = mesh.vertices_mm[tri[1]];
  const Vec3& c3 = mesh.vertices_mm[tri[2]];
  return {{component(a3, ua), component(a3, va)},
          {component(b3, ua), component(b3, va)},
          {component(c3, ua), component(c3, va)},
          component(a3, axis),
          component(b3, axis),
          component(c3, axis)};
}

// Where the line (u, v), known to pass through the triangle, crosses it along the axis.
inline double crossing_w(const Corners& k, double u, double v) {
  const P2& a = k.a;
  const P2& bb = k.b;
  const P2& c = k.c;
  // Barycentric weights from the (unperturbed) sub-areas give the crossing coordinate.
  const double w0 = (c.u - bb.u) * (v - bb.v) - (c.v - bb.v) * (u - bb.u);
  const double w1 = (a.u - c.u) * (v - c.v) - (a.v - c.v) * (u - c.u);
  const double w2 = (bb.u - a.u) * (v - a.v) - (bb.v - a.v) * (u - a.u);
  const double sum = w0 + w1 + w2;
  if (sum != 0.0) {
    const double w = (w0 * k.wa + w1 * k.wb + w2 * k.wc) / sum;
    return std::clamp(w, std::min({k.wa, k.wb, k.wc}), std::max({k.wa, k.wb, k.wc}));
  }
  return (k.wa + k.wb + k.wc) / 3.0;
}

// The bin of coordinate x on a grid of `bins` cells from `origin`, or -1 outside the grid. A
// triangle is binned in every bin its projected box touches, border included, so a line exactly
// on a bin border finds all its candidates in either bin.
int bin_index(double x, double origin, double inv_cell, int bins) {
  const double f = std::floor((x - origin) * inv_cell);
  if (f < 0.0 || f > bins) {
    return -1;
  }
  return std::min(static_cast<int>(f), bins - 1);
}

// Lattice lines [first, end) that fall in one bin.
struct BinRun {
  int bin;
  int first;
  int end;
};

// Groups ascending lattice coordinates into runs of one bin each (bin_index), skipping lines
// outside the grid. The bin of a coordinate is monotonic in it, so each bin is one run.
void bin_runs(std::span<const double> coords, double origin, double inv_cell, int bins,
              std::vector<BinRun>* runs) {
  runs->clear();
  for (int n = 0; n < static_cast<int>(coords.size()); ++n) {
    const int b = bin_index(coords[static_cast<std::size_t>(n)], origin, inv_cell, bins);
    if (b < 0) {
      continue;
    }
    if (!runs->empty() && runs->back().bin == b && runs->back().end == n) {
      ++runs->back().end;
    } else {
      runs->push_back({b, n, n + 1});
    }
  }
}

// Ascending line coordinates, searched from a guess that is right or next to it for evenly
// spaced lines (a voxel lattice) and corrected by comparisons, so the answer is exact for any
// ascending input.
class SortedLines {
 public:
  explicit SortedLines(std::span<const double> xs)
      : xs_(xs), origin_(xs.front()), size_(static_cast<int>(xs.size())) {
    const double extent = xs.back() - xs.front();
    inv_step_ = size_ > 1 && extent > 0.0 ? (size_ - 1) / extent : 0.0;
  }
  double operator[](int i) const { return xs_[static_cast<std::size_t>(i)]; }
  // std::lower_bound (first line >= x) and std::upper_bound (first line > x) on [from, to).
  int lower(double x, int from, int to) const {
    return lower_from(x, guess(x, from, to), from, to);
  }
  int upper(double x, int from, int to) const {
    return upper_from(x, guess(x, from, to), from, to);
  }
  // The same, searching from index i: cheap when the answer is near it.
  int lower_from(double x, int i, int from, int to) const {
    while (i > from && (*this)[i - 1] >= x) {
      --i;
    }
    while (i < to && (*this)[i] < x) {
      ++i;
    }
    return i;
  }
  int upper_from(double x, int i, int from, int to) const {
    while (i > from && (*this)[i - 1] > x) {
      --i;
    }
    while (i < to && (*this)[i] <= x) {
      ++i;
    }
    return i;
  }

 private:
  // Truncation, not std::ceil: this is only a starting point, and std::ceil is a library call
  // on the baseline x86-64 target.
  int guess(double x, int from, int to) const {
    const double g = (x - origin_) * inv_step_;
    if (!(g > from)) return from;  // also NaN
    return g < to ? static_cast<int>(g) : to;
  }

  std::span<const double> xs_;
  double origin_;
  double inv_step_;
  int size_;
};

// inside() for a whole lattice. The edge function of canonical_side,
//   e = du * (v - lo_v) - dv * (u - lo_u),
// is the difference of a term of the row (v) and a term of the column (u), each rounded on its
// own, so computing the terms once per row and column gives the same e, bit for bit (the build
// does not contract into fused multiply-adds). What canonical_side returns for e == 0 depends
// only on the edge, so it is decided once too. Templated on the record only because TriEdges is
// private to AxisRaster.
template <typename Edges>
class EdgeTermsOf {
 public:
  explicit EdgeTermsOf(const Edges& e) : e_(e) {
    for (int m = 0; m < 3; ++m) {
      // canonical_side's tie-break: +1 (true) or -1 (false); 0 only for a zero-length edge.
      if (e.dv[m] != 0.0) {
        tie_positive_[m] = e.dv[m] < 0.0;
      } else if (e.du[m] != 0.0) {
        tie_positive_[m] = e.du[m] > 0.0;
      } else {
        degenerate_ = true;  // its side is 0 everywhere, so no line is inside the triangle
      }
      backwards_[m] = ((e.backwards >> m) & 1) != 0;
    }
  }
  bool degenerate() const { return degenerate_; }
  void row(double v, double out[3]) const {
    for (int m = 0; m < 3; ++m) {
      out[m] = e_.du[m] * (v - e_.lo_v[m]);
    }
  }
  void column(double u, double out[3]) const {
    for (int m = 0; m < 3; ++m) {
      out[m] = e_.dv[m] * (u - e_.lo_u[m]);
    }
  }
  // AxisRaster::inside at the line of these terms, for a triangle that is not degenerate: each
  // side is then +1 or -1, and inside means all three the same once flipped for the edges the
  // triangle runs backwards. No branches: this runs for every line in a triangle's box.
  bool inside(const double row[3], const double column[3]) const {
    bool positive[3];
    for (int m = 0; m < 3; ++m) {
      const double e = row[m] - column[m];
      // e > 0: +1; e < 0: -1; otherwise (0, or NaN, as canonical_side): the tie-break.
      const bool side_positive = (e > 0.0) | (!(e < 0.0) & tie_positive_[m]);
      positive[m] = side_positive != backwards_[m];
    }
    return (positive[0] == positive[1]) & (positive[1] == positive[2]);
  }

 private:
  const Edges& e_;
  bool tie_positive_[3] = {false, false, false};
  bool backwards_[3] = {false, false, false};
  bool degenerate_ = false;
};

}  // namespace

AxisRaster::TriEdges AxisRaster::edges_of(const TriangleMesh& mesh, std::size_t t, int axis) {
  const int ua = (axis + 1) % 3;
  const int va = (axis + 2) % 3;
  const auto& tri = mesh.triangles[t];
  P2 p[3];
  for (int c = 0; c < 3; ++c) {
    const Vec3& q = mesh.vertices_mm[tri[c]];
    p[c] = {component(q, ua), component(q, va)};
  }
  TriEdges e;
  e.u0 = std::min({p[0].u, p[1].u, p[2].u});
  e.u1 = std::max({p[0].u, p[1].u, p[2].u});
  e.v0 = std::min({p[0].v, p[1].v, p[2].v});
  e.v1 = std::max({p[0].v, p[1].v, p[2].v});
  for (int k = 0; k < 3; ++k) {
    const P2& a = p[k];
    const P2& b = p[(k + 1) % 3];
    const bool forward = lex_less(a, b);
    const P2& lo = forward ? a : b;
    const P2& hi = forward ? b : a;
    e.lo_u[k] = lo.u;
    e.lo_v[k] = lo.v;
    e.du[k] = hi.u - lo.u;
    e.dv[k] = hi.v - lo.v;
    if (!forward) e.backwards |= static_cast<unsigned char>(1 << k);
  }
  return e;
}

AxisRaster::AxisRaster(const TriangleMesh* mesh, int axis) : mesh_(mesh), axis_(axis) {
  const int ua = (axis + 1) % 3;
  const int va = (axis + 2) % 3;
  const std::size_t n = mesh->triangles.size();
  if (n == 0) {
    return;
  }
  double umin = std::numeric_limits<double>::infinity(), vmin = umin;
  double umax = -umin, vmax = -umin;
  for (const Vec3& p : mesh->vertices_mm) {
    umin = std::min(umin, component(p, ua));
    umax = std::max(umax, component(p, ua));
    vmin = std::min(vmin, component(p, va));
    vmax = std::max(vmax, component(p, va));
  }
  edges_.resize(n);
  double extent_sum_mm = 0.0;
  for (std::size_t t = 0; t < n; ++t) {
    edges_[t] = edges_of(*mesh, t, axis);
    extent_sum_mm += std::max(edges_[t].u1 - edges_[t].u0, edges_[t].v1 - edges_[t].v0);
  }
  // About two triangles per bin in the projected area, if the mesh covered it once. A closed
  // surface covers its projection at least twice, and a shell such as the subcutaneous fat four
  // times or more, with triangles that are much larger than the area's share: bins that small
  // list each triangle in a dozen bins (3.9 million slots, 134 MB for the fat's 300k
  // triangles). So a bin is also at least twice the mean projected triangle size, which keeps a
  // triangle in about two bins and changes no crossing (bins only filter candidates).
  const double area = std::max((umax - umin) * (vmax - vmin), 1e-12);
  const double mean_extent_mm = extent_sum_mm / static_cast<double>(n);
  const double cell =
      std::max({std::sqrt(area * 2.0 / static_cast<double>(n)), 2.0 * mean_extent_mm, 1e-6});
  u0_ = umin;
  v0_ = vmin;
  nu_ = std::clamp(static_cast<int>(std::ceil((umax - umin) / cell)), 1, 2048);
  nv_ = std::clamp(static_cast<int>(std::ceil((vmax - vmin) / cell)), 1, 2048);
  inv_cell_u_ = nu_ / std::max(umax - umin, 1e-12);
  inv_cell_v_ = nv_ / std::max(vmax - vmin, 1e-12);

  // A triangle's bins, from its projected box.
  auto bin_range = [&](std::size_t t, int* i0, int* i1, int* j0, int* j1) {
    const double tu0 = edges_[t].u0, tu1 = edges_[t].u1, tv0 = edges_[t].v0, tv1 = edges_[t].v1;
    *i0 = std::clamp(static_cast<int>(std::floor((tu0 - u0_) * inv_cell_u_)), 0, nu_ - 1);
    *i1 = std::clamp(static_cast<int>(std::floor((tu1 - u0_) * inv_cell_u_)), 0, nu_ - 1);
    *j0 = std::clamp(static_cast<int>(std::floor((tv0 - v0_) * inv_cell_v_)), 0, nv_ - 1);
    *j1 = std::clamp(static_cast<int>(std::floor((tv1 - v0_) * inv_cell_v_)), 0, nv_ - 1);
  };
  const std::size_t bins = static_cast<std::size_t>(nu_) * nv_;
  bin_start_.assign(bins + 1, 0);
  // Triangles in descending order of their first bin (column, then row), by counting sort, so
  // that each bin lists its slots in that order: lattice_crossings then finds the triangles it
  // has not handled in an earlier bin as a prefix of the bin. (Slot order within a bin changes
  // nothing else: crossings() sorts, crossings_above() counts.)
  std::vector<int> first_bin_start(bins + 1, 0);
  std::vector<std::size_t> rank_of(n);
  auto first_bin_rank = [&](int i0, int j0) {
    return bins - 1 - (static_cast<std::size_t>(i0) * nv_ + j0);
  };
  for (std::size_t t = 0; t < n; ++t) {
    int i0, i1, j0, j1;
    bin_range(t, &i0, &i1, &j0, &j1);
    rank_of[t] = first_bin_rank(i0, j0);
    ++first_bin_start[rank_of[t] + 1];
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        ++bin_start_[static_cast<std::size_t>(j) * nu_ + i + 1];
      }
    }
  }
  for (std::size_t r = 1; r <= bins; ++r) {
    first_bin_start[r] += first_bin_start[r - 1];
  }
  std::vector<int> by_first_bin(n);
  for (std::size_t t = 0; t < n; ++t) {
    by_first_bin[static_cast<std::size_t>(first_bin_start[rank_of[t]]++)] = static_cast<int>(t);
  }
  for (std::size_t b = 1; b < bin_start_.size(); ++b) {
    bin_start_[b] += bin_start_[b - 1];
  }
  tris_.resize(bin_start_.back());
  boxes_.resize(tris_.size());
  first_bins_.resize(tris_.size());
  std::vector<int> fill(bin_start_.begin(), bin_start_.end() - 1);
  for (const int triangle : by_first_bin) {
    const auto t = static_cast<std::size_t>(triangle);
    int i0, i1, j0, j1;
    bin_range(t, &i0, &i1, &j0, &j1);
    const TriEdges& e = edges_[t];
    const BinBox box{float_below(e.u0), float_above(e.u1), float_below(e.v0), float_above(e.v1)};
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        const int slot = fill[static_cast<std::size_t>(j) * nu_ + i]++;
        tris_[slot] = triangle;
        boxes_[slot] = box;
        first_bins_[slot] = {static_cast<std::uint16_t>(i0), static_cast<std::uint16_t>(j0)};
      }
    }
  }
}

inline bool AxisRaster::inside(const TriEdges& e, double u, double v) {
  // Side of each edge as the triangle runs along it (the sign is flipped for an edge it runs
  // backwards); inside = all three the same and not 0 (0: a triangle seen edge-on).
  int side[3];
  for (int m = 0; m < 3; ++m) {
    const int cs = canonical_side(e.lo_u[m], e.lo_v[m], e.du[m], e.dv[m], u, v);
    side[m] = (e.backwards >> m) & 1 ? -cs : cs;
  }
  return (side[0] != 0) & (side[0] == side[1]) & (side[1] == side[2]);
}

template <typename Visit>
void AxisRaster::for_each_crossing(double u, double v, Visit&& visit) const {
  if (nu_ == 0) {
    return;
  }
  const int i = bin_index(u, u0_, inv_cell_u_, nu_);
  const int j = bin_index(v, v0_, inv_cell_v_, nv_);
  if (i < 0 || j < 0) {
    return;
  }
  const std::size_t b = static_cast<std::size_t>(j) * nu_ + i;
  for (int k = bin_start_[b]; k < bin_start_[b + 1]; ++k) {
    const BinBox& box = boxes_[static_cast<std::size_t>(k)];
    if (u < box.u0 || u > box.u1 || v < box.v0 || v > box.v1) {
      continue;  // outside the (outward-rounded) projected box: cannot be crossed
    }
    const TriEdges& e = edges_[static_cast<std::size_t>(tris_[k])];
    // Exact reject on the projected bounding box (the perturbation never leaves it unless the
    // point is on its border, where the exact test below still runs).
    if (u < e.u0 || u > e.u1 || v < e.v0 || v > e.v1) {
      continue;
    }
    if (inside(e, u, v)) {
      visit(crossing_w(corners(*mesh_, tris_[k], axis_), u, v));
    }
  }
}

void AxisRaster::crossings(double u, double v, std::vector<double>* out) const {
  out->clear();
  for_each_crossing(u, v, [&](double w) { out->push_back(w); });
  std::sort(out->begin(), out->end());
}

int AxisRaster::crossings_above(double u, double v, double w) const {
  int count = 0;
  for_each_crossing(u, v, [&](double hit) { count += hit > w ? 1 : 0; });
  return count;
}

std::vector<int> AxisRaster::crossings_above_unbinned(const TriangleMesh& mesh, int axis,
                                                      const std::vector<LineQuery>& queries) {
  // A triangle crossed by a line has the line inside its exact projected box, and the binned
  // search finds every such triangle in the line's bin; both then decide with inside() and
  // crossing_w(), so they count the same crossings. Queries sorted by u: a triangle looks only
  // at those within its own u range.
  std::vector<int> order(queries.size());
  for (std::size_t q = 0; q < order.size(); ++q) {
    order[q] = static_cast<int>(q);
  }
  std::sort(order.begin(), order.end(), [&](int a, int b) { return queries[a].u < queries[b].u; });
  std::vector<double> sorted_u;
  sorted_u.reserve(order.size());
  for (const int q : order) {
    sorted_u.push_back(queries[q].u);
  }
  std::vector<int> counts(queries.size(), 0);
  for (std::size_t t = 0; t < mesh.triangles.size(); ++t) {
    const TriEdges e = edges_of(mesh, t, axis);
    for (auto k = static_cast<std::size_t>(
             std::lower_bound(sorted_u.begin(), sorted_u.end(), e.u0) - sorted_u.begin());
         k < sorted_u.size() && sorted_u[k] <= e.u1; ++k) {
      const LineQuery& line = queries[order[k]];
      if (line.v < e.v0 || line.v > e.v1 || !inside(e, line.u, line.v)) {
        continue;
      }
      if (crossing_w(corners(mesh, static_cast<int>(t), axis), line.u, line.v) > line.w) {
        ++counts[order[k]];
      }
    }
  }
  return counts;
}

void AxisRaster::lattice_crossings(std::span<const double> us, std::span<const double> vs,
                                   std::vector<LatticeCrossing>* out) const {
  out->clear();
  if (nu_ == 0 || us.empty() || vs.empty()) {
    return;
  }
  assert(std::is_sorted(us.begin(), us.end()) && std::is_sorted(vs.begin(), vs.end()));
  // Kept per thread: the simulator asks for many small bricks, each of several structures.
  thread_local std::vector<BinRun> u_runs, v_runs;
  bin_runs(us, u0_, inv_cell_u_, nu_, &u_runs);
  bin_runs(vs, v0_, inv_cell_v_, nv_, &v_runs);
  if (u_runs.empty() || v_runs.empty()) {
    return;
  }
  // Lines outside the grid are a prefix and a suffix (the bin is monotonic in the coordinate);
  // the rest have a bin, and a line inside a triangle's box has that triangle in its bin.
  const int lu0 = u_runs.front().first, lu1 = u_runs.back().end;
  const int lv0 = v_runs.front().first, lv1 = v_runs.back().end;
  const SortedLines u_lines(us), v_lines(vs);
  const int row_length = static_cast<int>(us.size());
  // First the triangles whose outward-rounded box holds a line, from the slots alone; then the
  // exact work on each. Apart, so that the triangle records of the first list can be fetched
  // from memory all at once (prefetch) instead of one cache miss after another.
  struct Candidate {
    int triangle;
    int iu0, iu1, iv0, iv1;  // lines inside the outward-rounded box
  };
  thread_local std::vector<Candidate> candidates;
  candidates.clear();
  // A triangle sits in every bin its box touches; it is handled once, in the first visited bin
  // at or after its first bin in both directions (a lattice coarser than the bins skips some).
  // Slots are sorted by first bin, descending (see the constructor), so those not yet handled
  // are a prefix of the bin: in the bins after the first, usually a short one.
  int previous_v_bin = -1;
  for (const BinRun& rv : v_runs) {
    int previous_u_bin = -1;
    for (const BinRun& ru : u_runs) {
      const std::size_t b = static_cast<std::size_t>(rv.bin) * nu_ + ru.bin;
      for (int k = bin_start_[b]; k < bin_start_[b + 1]; ++k) {
        const FirstBin first = first_bins_[static_cast<std::size_t>(k)];
        if (first.i <= previous_u_bin) {
          break;  // this and every later slot: handled in an earlier bin column
        }
        if (first.j <= previous_v_bin) {
          // Handled in an earlier bin row, and so is the rest of its bin column; the later
          // columns are handled already if they start at or before the previous visited one.
          if (first.i - 1 <= previous_u_bin) break;
          continue;
        }
        // Most triangles fall between lines: rejected here without fetching the triangle.
        const BinBox& box = boxes_[static_cast<std::size_t>(k)];
        const int iu0 = u_lines.lower(box.u0, lu0, lu1);
        const int iu1 = u_lines.upper(box.u1, iu0, lu1);
        if (iu0 == iu1) {
          continue;
        }
        const int iv0 = v_lines.lower(box.v0, lv0, lv1);
        const int iv1 = v_lines.upper(box.v1, iv0, lv1);
        if (iv0 == iv1) {
          continue;
        }
        const int t = tris_[k];
        const char* record = reinterpret_cast<const char*>(&edges_[static_cast<std::size_t>(t)]);
        for (std::size_t line = 0; line < sizeof(TriEdges); line += 64) {
          __builtin_prefetch(record + line);
        }
        __builtin_prefetch(&mesh_->triangles[static_cast<std::size_t>(t)]);
        candidates.push_back({t, iu0, iu1, iv0, iv1});
      }
      previous_u_bin = ru.bin;
    }
    previous_v_bin = rv.bin;
  }

  // Per triangle, its edge terms at each lattice column inside its box (see EdgeTermsOf).
  thread_local std::vector<double> column_terms;
  constexpr std::size_t kVertexPrefetchAhead = 4;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    if (c + kVertexPrefetchAhead < candidates.size()) {
      const auto& tri =
          mesh_->triangles[static_cast<std::size_t>(candidates[c + kVertexPrefetchAhead].triangle)];
      for (int corner = 0; corner < 3; ++corner) {
        __builtin_prefetch(&mesh_->vertices_mm[static_cast<std::size_t>(tri[corner])]);
      }
    }
    const int t = candidates[c].triangle;
    const TriEdges& e = edges_[static_cast<std::size_t>(t)];
    // The lines inside the exact projected box, the only ones for_each_crossing tests against
    // this triangle.
    int iu0 = candidates[c].iu0, iu1 = candidates[c].iu1;
    int iv0 = candidates[c].iv0, iv1 = candidates[c].iv1;
    iu0 = u_lines.lower_from(e.u0, iu0, iu0, iu1);
    iu1 = u_lines.upper_from(e.u1, iu1, iu0, iu1);
    iv0 = v_lines.lower_from(e.v0, iv0, iv0, iv1);
    iv1 = v_lines.upper_from(e.v1, iv1, iv0, iv1);
    if (iu0 == iu1 || iv0 == iv1) {
      continue;
    }
    const EdgeTermsOf<TriEdges> terms(e);
    if (terms.degenerate()) {
      continue;  // a zero-length projected edge: inside() is false everywhere
    }
    column_terms.resize(3 * static_cast<std::size_t>(iu1 - iu0));
    for (int iu = iu0; iu < iu1; ++iu) {
      terms.column(u_lines[iu], &column_terms[3 * static_cast<std::size_t>(iu - iu0)]);
    }
    bool have_corners = false;
    Corners corner;
    for (int iv = iv0; iv < iv1; ++iv) {
      const double v = v_lines[iv];
      double row[3];
      terms.row(v, row);
      // Along a row each edge's side changes at most once (its edge function, rounding
      // included, is monotonic in u), so the lines inside are contiguous: stop at the first
      // line outside after one inside.
      bool entered = false;
      for (int iu = iu0; iu < iu1; ++iu) {
        if (terms.inside(row, &column_terms[3 * static_cast<std::size_t>(iu - iu0)])) {
          if (!have_corners) {
            corner = corners(*mesh_, t, axis_);
            have_corners = true;
          }
          entered = true;
          const double u = u_lines[iu];
          out->push_back({iv * row_length + iu, crossing_w(corner, u, v)});
        } else if (entered) {
          break;
        }
      }
    }
  }
}

}  // namespace toxplan::anatomy
