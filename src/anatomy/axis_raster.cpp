#include "anatomy/axis_raster.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace toxplan::anatomy {

namespace {

double component(const core::Vec3& v, int axis) {
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
// neighbours sharing an edge get the same answer.
inline int canonical_side(double lo_u, double lo_v, double du, double dv, double u, double v) {
  const double e = du * (v - lo_v) - dv * (u - lo_u);
  if (e > 0.0) {
    return 1;
  }
  if (e < 0.0) {
    return -1;
  }
  if (dv != 0.0) {
    return dv < 0.0 ? 1 : -1;
  }
  return du > 0.0 ? 1 : (du < 0.0 ? -1 : 0);
}

}  // namespace

AxisRaster::AxisRaster(const TriangleMesh* mesh, int axis) : mesh_(mesh), axis_(axis) {
  const int ua = (axis + 1) % 3;
  const int va = (axis + 2) % 3;
  const std::size_t n = mesh->triangles.size();
  if (n == 0) {
    return;
  }
  double umin = std::numeric_limits<double>::infinity(), vmin = umin;
  double umax = -umin, vmax = -umin;
  for (const core::Vec3& p : mesh->vertices_mm) {
    umin = std::min(umin, component(p, ua));
    umax = std::max(umax, component(p, ua));
    vmin = std::min(vmin, component(p, va));
    vmax = std::max(vmax, component(p, va));
  }
  // About two triangles per bin in the projected area keeps bins short without wasting memory.
  const double area = std::max((umax - umin) * (vmax - vmin), 1e-12);
  const double cell = std::max(std::sqrt(area * 2.0 / static_cast<double>(n)), 1e-6);
  u0_ = umin;
  v0_ = vmin;
  nu_ = std::clamp(static_cast<int>(std::ceil((umax - umin) / cell)), 1, 2048);
  nv_ = std::clamp(static_cast<int>(std::ceil((vmax - vmin) / cell)), 1, 2048);
  inv_cell_u_ = nu_ / std::max(umax - umin, 1e-12);
  inv_cell_v_ = nv_ / std::max(vmax - vmin, 1e-12);

  auto bin_range = [&](std::size_t t, int* i0, int* i1, int* j0, int* j1) {
    const auto& tri = mesh->triangles[t];
    double tu0 = std::numeric_limits<double>::infinity(), tv0 = tu0, tu1 = -tu0, tv1 = -tu0;
    for (int c = 0; c < 3; ++c) {
      const core::Vec3& p = mesh->vertices_mm[tri[c]];
      tu0 = std::min(tu0, component(p, ua));
      tu1 = std::max(tu1, component(p, ua));
      tv0 = std::min(tv0, component(p, va));
      tv1 = std::max(tv1, component(p, va));
    }
    *i0 = std::clamp(static_cast<int>(std::floor((tu0 - u0_) * inv_cell_u_)), 0, nu_ - 1);
    *i1 = std::clamp(static_cast<int>(std::floor((tu1 - u0_) * inv_cell_u_)), 0, nu_ - 1);
    *j0 = std::clamp(static_cast<int>(std::floor((tv0 - v0_) * inv_cell_v_)), 0, nv_ - 1);
    *j1 = std::clamp(static_cast<int>(std::floor((tv1 - v0_) * inv_cell_v_)), 0, nv_ - 1);
  };
  edges_.resize(n);
  for (std::size_t t = 0; t < n; ++t) {
    const auto& tri = mesh->triangles[t];
    P2 p[3];
    for (int c = 0; c < 3; ++c) {
      const core::Vec3& q = mesh->vertices_mm[tri[c]];
      p[c] = {component(q, ua), component(q, va)};
    }
    TriEdges& e = edges_[t];
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
  }
  bin_start_.assign(static_cast<std::size_t>(nu_) * nv_ + 1, 0);
  for (std::size_t t = 0; t < n; ++t) {
    int i0, i1, j0, j1;
    bin_range(t, &i0, &i1, &j0, &j1);
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        ++bin_start_[static_cast<std::size_t>(j) * nu_ + i + 1];
      }
    }
  }
  for (std::size_t b = 1; b < bin_start_.size(); ++b) {
    bin_start_[b] += bin_start_[b - 1];
  }
  tris_.resize(bin_start_.back());
  boxes_.resize(tris_.size());
  std::vector<int> fill(bin_start_.begin(), bin_start_.end() - 1);
  for (std::size_t t = 0; t < n; ++t) {
    int i0, i1, j0, j1;
    bin_range(t, &i0, &i1, &j0, &j1);
    const auto& tri = mesh->triangles[t];
    double tu0 = std::numeric_limits<double>::infinity(), tv0 = tu0, tu1 = -tu0, tv1 = -tu0;
    for (int c = 0; c < 3; ++c) {
      const core::Vec3& p = mesh->vertices_mm[tri[c]];
      tu0 = std::min(tu0, component(p, ua));
      tu1 = std::max(tu1, component(p, ua));
      tv0 = std::min(tv0, component(p, va));
      tv1 = std::max(tv1, component(p, va));
    }
    const BinBox box{float_below(tu0), float_above(tu1), float_below(tv0), float_above(tv1)};
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        const int slot = fill[static_cast<std::size_t>(j) * nu_ + i]++;
        tris_[slot] = static_cast<int>(t);
        boxes_[slot] = box;
      }
    }
  }
}

template <typename Visit>
void AxisRaster::for_each_crossing(double u, double v, Visit&& visit) const {
  if (nu_ == 0) {
    return;
  }
  const double fi = std::floor((u - u0_) * inv_cell_u_);
  const double fj = std::floor((v - v0_) * inv_cell_v_);
  // A triangle is binned in every bin its projected box touches, border included, so a line
  // exactly on a bin border finds all its candidates in either bin.
  if (fi < 0.0 || fj < 0.0 || fi > nu_ || fj > nv_) {
    return;
  }
  const int i = std::min(static_cast<int>(fi), nu_ - 1);
  const int j = std::min(static_cast<int>(fj), nv_ - 1);
  const int ua = (axis_ + 1) % 3;
  const int va = (axis_ + 2) % 3;
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
    // Side of each edge as the triangle runs along it (the sign is flipped for an edge it runs
    // backwards); inside = all three the same and not 0.
    int side[3];
    for (int m = 0; m < 3; ++m) {
      const int cs = canonical_side(e.lo_u[m], e.lo_v[m], e.du[m], e.dv[m], u, v);
      side[m] = (e.backwards >> m) & 1 ? -cs : cs;
    }
    if (side[0] == 0 || side[0] != side[1] || side[1] != side[2]) {
      continue;  // outside, or a triangle seen edge-on (zero projected area)
    }
    const auto& tri = mesh_->triangles[tris_[k]];
    const core::Vec3& a3 = mesh_->vertices_mm[tri[0]];
    const core::Vec3& b3 = mesh_->vertices_mm[tri[1]];
    const core::Vec3& c3 = mesh_->vertices_mm[tri[2]];
    const P2 a{component(a3, ua), component(a3, va)};
    const P2 bb{component(b3, ua), component(b3, va)};
    const P2 c{component(c3, ua), component(c3, va)};
    // Barycentric weights from the (unperturbed) sub-areas give the crossing coordinate.
    const double w0 = (c.u - bb.u) * (v - bb.v) - (c.v - bb.v) * (u - bb.u);
    const double w1 = (a.u - c.u) * (v - c.v) - (a.v - c.v) * (u - c.u);
    const double w2 = (bb.u - a.u) * (v - a.v) - (bb.v - a.v) * (u - a.u);
    const double sum = w0 + w1 + w2;
    double w;
    if (sum != 0.0) {
      w = (w0 * component(a3, axis_) + w1 * component(b3, axis_) + w2 * component(c3, axis_)) / sum;
      const double lo =
          std::min({component(a3, axis_), component(b3, axis_), component(c3, axis_)});
      const double hi =
          std::max({component(a3, axis_), component(b3, axis_), component(c3, axis_)});
      w = std::clamp(w, lo, hi);
    } else {
      w = (component(a3, axis_) + component(b3, axis_) + component(c3, axis_)) / 3.0;
    }
    visit(w);
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

}  // namespace toxplan::anatomy
