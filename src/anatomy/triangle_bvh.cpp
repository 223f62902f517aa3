#include "anatomy/triangle_bvh.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace toxplan::anatomy {

namespace {

constexpr std::uint32_t kLeafSize = 4;

double component(const Vec3& v, int axis) {
  return axis == 0 ? v.x : (axis == 1 ? v.y : v.z);
}

// Ericson, Real-Time Collision Detection, 5.1.5: closest point on triangle abc to p.
Vec3 closest_on_triangle(const Vec3& p, const Vec3& a, const Vec3& b, const Vec3& c) {
  const Vec3 ab = b - a;
  const Vec3 ac = c - a;
  const Vec3 ap = p - a;
  const double d1 = dot(ab, ap);
  const double d2 = dot(ac, ap);
  if (d1 <= 0.0 && d2 <= 0.0) {
    return a;
  }
  const Vec3 bp = p - b;
  const double d3 = dot(ab, bp);
  const double d4 = dot(ac, bp);
  if (d3 >= 0.0 && d4 <= d3) {
    return b;
  }
  const double vc = d1 * d4 - d3 * d2;
  if (vc <= 0.0 && d1 >= 0.0 && d3 <= 0.0) {
    return a + ab * (d1 / (d1 - d3));
  }
  const Vec3 cp = p - c;
  const double d5 = dot(ab, cp);
  const double d6 = dot(ac, cp);
  if (d6 >= 0.0 && d5 <= d6) {
    return c;
  }
  const double vb = d5 * d2 - d1 * d6;
  if (vb <= 0.0 && d2 >= 0.0 && d6 <= 0.0) {
    return a + ac * (d2 / (d2 - d6));
  }
  const double va = d3 * d6 - d5 * d4;
  if (va <= 0.0 && (d4 - d3) >= 0.0 && (d5 - d6) >= 0.0) {
    return b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6)));
  }
  const double denom = 1.0 / (va + vb + vc);
  return a + ab * (vb * denom) + ac * (vc * denom);
}

// Squared distance from p to an axis-aligned box (0 inside).
double box_distance_sq(const double* mn, const double* mx, const Vec3& p) {
  double d = 0.0;
  for (int axis = 0; axis < 3; ++axis) {
    const double v = component(p, axis);
    const double e = v < mn[axis] ? mn[axis] - v : (v > mx[axis] ? v - mx[axis] : 0.0);
    d += e * e;
  }
  return d;
}

// Slab test: does the line segment [t_min, t_max] touch the box?
bool line_touches_box(const double* mn, const double* mx, const Vec3& o, const Vec3& inv_dir,
                      double t_min, double t_max) {
  for (int axis = 0; axis < 3; ++axis) {
    const double oa = component(o, axis);
    const double ia = component(inv_dir, axis);
    if (std::isinf(ia)) {
      if (oa < mn[axis] || oa > mx[axis]) {
        return false;
      }
      continue;
    }
    double t0 = (mn[axis] - oa) * ia;
    double t1 = (mx[axis] - oa) * ia;
    if (t0 > t1) {
      std::swap(t0, t1);
    }
    t_min = std::max(t_min, t0);
    t_max = std::min(t_max, t1);
    if (t_min > t_max) {
      return false;
    }
  }
  return true;
}

}  // namespace

Box TriangleMesh::bounds() const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  Box box{{kInf, kInf, kInf}, {-kInf, -kInf, -kInf}};
  for (const Vec3& v : vertices_mm) {
    box.min_mm = {std::min(box.min_mm.x, v.x), std::min(box.min_mm.y, v.y),
                  std::min(box.min_mm.z, v.z)};
    box.max_mm = {std::max(box.max_mm.x, v.x), std::max(box.max_mm.y, v.y),
                  std::max(box.max_mm.z, v.z)};
  }
  return box;
}

TriangleBvh::TriangleBvh(const TriangleMesh* mesh) : mesh_(mesh) {
  const std::size_t n = mesh->triangles.size();
  if (n == 0) {
    return;
  }
  // Triangle boxes once up front: the recursive build then reads flat arrays.
  BuildInput input;
  input.lo.resize(3 * n);
  input.hi.resize(3 * n);
  input.centre.resize(3 * n);
  for (std::size_t t = 0; t < n; ++t) {
    const auto& tri = mesh->triangles[t];
    for (int axis = 0; axis < 3; ++axis) {
      const double a = component(mesh->vertices_mm[tri[0]], axis);
      const double b = component(mesh->vertices_mm[tri[1]], axis);
      const double c = component(mesh->vertices_mm[tri[2]], axis);
      input.lo[3 * t + axis] = std::min({a, b, c});
      input.hi[3 * t + axis] = std::max({a, b, c});
      input.centre[3 * t + axis] = 0.5 * (input.lo[3 * t + axis] + input.hi[3 * t + axis]);
    }
  }
  order_.resize(n);
  for (std::size_t t = 0; t < n; ++t) {
    order_[t] = static_cast<int>(t);
  }
  nodes_.reserve(4 * n / kLeafSize + 4);
  nodes_.emplace_back();
  const std::uint32_t root = build(0, static_cast<std::uint32_t>(n), input);
  nodes_[0] = nodes_[root];
}

// Builds the subtree for order_[begin, end) into a new node and returns its index. Children
// are allocated as a pair so that one index locates both.
std::uint32_t TriangleBvh::build(std::uint32_t begin, std::uint32_t end, const BuildInput& input) {
  Node node;
  double cmin[3], cmax[3];
  for (int axis = 0; axis < 3; ++axis) {
    node.min[axis] = cmin[axis] = std::numeric_limits<double>::infinity();
    node.max[axis] = cmax[axis] = -std::numeric_limits<double>::infinity();
  }
  for (std::uint32_t i = begin; i < end; ++i) {
    const std::size_t t = 3 * static_cast<std::size_t>(order_[i]);
    for (int axis = 0; axis < 3; ++axis) {
      node.min[axis] = std::min(node.min[axis], input.lo[t + axis]);
      node.max[axis] = std::max(node.max[axis], input.hi[t + axis]);
      cmin[axis] = std::min(cmin[axis], input.centre[t + axis]);
      cmax[axis] = std::max(cmax[axis], input.centre[t + axis]);
    }
  }
  const std::uint32_t index = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(node);
  int axis = 0;
  for (int a = 1; a < 3; ++a) {
    if (cmax[a] - cmin[a] > cmax[axis] - cmin[axis]) {
      axis = a;
    }
  }
  if (end - begin <= kLeafSize || cmax[axis] <= cmin[axis]) {
    nodes_[index].first = begin;
    nodes_[index].count = end - begin;
    return index;
  }
  const std::uint32_t mid = begin + (end - begin) / 2;
  const double* centre = input.centre.data();
  std::nth_element(order_.begin() + begin, order_.begin() + mid, order_.begin() + end,
                   [&](int a, int b) { return centre[3 * a + axis] < centre[3 * b + axis]; });
  // Reserve the child pair first, then fill each from its own recursion.
  const std::uint32_t children = static_cast<std::uint32_t>(nodes_.size());
  nodes_.emplace_back();
  nodes_.emplace_back();
  const std::uint32_t left = build(begin, mid, input);
  nodes_[children] = nodes_[left];
  const std::uint32_t right = build(mid, end, input);
  nodes_[children + 1] = nodes_[right];
  nodes_[index].first = children;
  nodes_[index].count = 0;
  return index;
}

void TriangleBvh::intersect_line(const Vec3& origin, const Vec3& dir, double t_min, double t_max,
                                 std::vector<RayHit>* hits) const {
  hits->clear();
  if (nodes_.empty()) {
    return;
  }
  const Vec3 inv_dir{1.0 / dir.x, 1.0 / dir.y, 1.0 / dir.z};
  std::uint32_t stack[128];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& node = nodes_[stack[--top]];
    if (!line_touches_box(node.min, node.max, origin, inv_dir, t_min, t_max)) {
      continue;
    }
    if (node.count == 0) {
      stack[top++] = node.first;
      stack[top++] = node.first + 1;
      continue;
    }
    for (std::uint32_t i = node.first; i < node.first + node.count; ++i) {
      // Moller-Trumbore, two-sided.
      const auto& tri = mesh_->triangles[order_[i]];
      const Vec3& a = mesh_->vertices_mm[tri[0]];
      const Vec3 e1 = mesh_->vertices_mm[tri[1]] - a;
      const Vec3 e2 = mesh_->vertices_mm[tri[2]] - a;
      const Vec3 pvec = cross(dir, e2);
      const double det = dot(e1, pvec);
      if (det == 0.0) {
        continue;
      }
      const double inv_det = 1.0 / det;
      const Vec3 tvec = origin - a;
      const double u = dot(tvec, pvec) * inv_det;
      if (u < 0.0 || u > 1.0) {
        continue;
      }
      const Vec3 qvec = cross(tvec, e1);
      const double v = dot(dir, qvec) * inv_det;
      if (v < 0.0 || u + v > 1.0) {
        continue;
      }
      const double t = dot(e2, qvec) * inv_det;
      if (t >= t_min && t <= t_max) {
        hits->push_back({t, order_[i]});
      }
    }
  }
  std::sort(hits->begin(), hits->end(), [](const RayHit& a, const RayHit& b) { return a.t < b.t; });
}

bool TriangleBvh::closest_point(const Vec3& p, double max_distance_mm, ClosestPoint* out) const {
  if (nodes_.empty()) {
    return false;
  }
  double best_sq = max_distance_mm * max_distance_mm;
  bool found = false;
  std::uint32_t stack[128];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& node = nodes_[stack[--top]];
    if (box_distance_sq(node.min, node.max, p) > best_sq) {
      continue;
    }
    if (node.count == 0) {
      // Visit the nearer child first so that the far one is usually pruned.
      const Node& left = nodes_[node.first];
      const Node& right = nodes_[node.first + 1];
      const bool left_first =
          box_distance_sq(left.min, left.max, p) <= box_distance_sq(right.min, right.max, p);
      stack[top++] = left_first ? node.first + 1 : node.first;
      stack[top++] = left_first ? node.first : node.first + 1;
      continue;
    }
    for (std::uint32_t i = node.first; i < node.first + node.count; ++i) {
      const auto& tri = mesh_->triangles[order_[i]];
      const Vec3 q = closest_on_triangle(p, mesh_->vertices_mm[tri[0]], mesh_->vertices_mm[tri[1]],
                                         mesh_->vertices_mm[tri[2]]);
      const Vec3 d = q - p;
      const double dist_sq = dot(d, d);
      if (dist_sq <= best_sq) {
        best_sq = dist_sq;
        found = true;
        out->point_mm = q;
        out->triangle = order_[i];
      }
    }
  }
  if (found) {
    out->distance_mm = std::sqrt(best_sq);
  }
  return found;
}

}  // namespace toxplan::anatomy
