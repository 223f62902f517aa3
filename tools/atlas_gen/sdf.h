// Signed-distance primitives and combinators for the atlas generator. Convention: negative
// inside, positive outside, units mm. Most primitives are exact distances; the ellipsoid is the
// usual first-order estimate, exact on the surface, which is all the mesher needs for a level set.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace atlas_gen {

struct V3 {
  double x = 0.0;
  double y = 0.0;
  double z = 0.0;
};

inline V3 operator+(V3 a, V3 b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
inline V3 operator-(V3 a, V3 b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
inline V3 operator*(V3 a, double s) {
  return {a.x * s, a.y * s, a.z * s};
}
inline V3 operator*(double s, V3 a) {
  return a * s;
}
inline double dot(V3 a, V3 b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
inline V3 cross(V3 a, V3 b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
inline double len(V3 a) {
  return std::sqrt(dot(a, a));
}
inline V3 unit(V3 a) {
  const double n = len(a);
  return n > 0.0 ? a * (1.0 / n) : V3{};
}
inline V3 mirror_x(V3 a) {
  return {-a.x, a.y, a.z};
}
inline V3 lerp(V3 a, V3 b, double t) {
  return a + (b - a) * t;
}

inline double clamp01(double t) {
  return std::clamp(t, 0.0, 1.0);
}
inline double smoothstep(double e0, double e1, double x) {
  const double t = clamp01((x - e0) / (e1 - e0));
  return t * t * (3.0 - 2.0 * t);
}
inline double mix(double a, double b, double t) {
  return a + (b - a) * t;
}

// Polynomial smooth minimum / maximum: blends over a width of k mm, so joints between parts
// look like soft tissue rather than creases.
inline double smin(double a, double b, double k) {
  if (k <= 0.0) return std::min(a, b);
  const double h = std::max(k - std::abs(a - b), 0.0) / k;
  return std::min(a, b) - h * h * k * 0.25;
}
inline double smax(double a, double b, double k) {
  return -smin(-a, -b, k);
}
inline double subtract(double a, double b) {
  return std::max(a, -b);
}

inline double sd_sphere(V3 p, V3 c, double r) {
  return len(p - c) - r;
}

// Ellipsoid estimate k0 (k0 - 1) / k1: exact on the surface, close to a distance near it.
inline double sd_ellipsoid(V3 p, V3 c, V3 r) {
  const V3 q = p - c;
  const V3 a{q.x / r.x, q.y / r.y, q.z / r.z};
  const V3 b{q.x / (r.x * r.x), q.y / (r.y * r.y), q.z / (r.z * r.z)};
  const double k0 = len(a);
  const double k1 = len(b);
  if (k1 < 1e-12) return -std::min({r.x, r.y, r.z});
  return k0 * (k0 - 1.0) / k1;
}

// Distance to segment a-b and the segment parameter of the closest point.
inline double segment_distance(V3 p, V3 a, V3 b, double* t_out) {
  const V3 ab = b - a;
  const double l2 = dot(ab, ab);
  const double t = l2 > 0.0 ? clamp01(dot(p - a, ab) / l2) : 0.0;
  if (t_out) *t_out = t;
  return len(p - (a + ab * t));
}

inline double sd_capsule(V3 p, V3 a, V3 b, double r) {
  return segment_distance(p, a, b, nullptr) - r;
}

// Capsule whose radius changes linearly from ra (at a) to rb (at b).
inline double sd_tapered_capsule(V3 p, V3 a, V3 b, double ra, double rb) {
  double t = 0.0;
  const double d = segment_distance(p, a, b, &t);
  return d - mix(ra, rb, t);
}

// Poly-capsule through points with per-point radii; t in [0, n-1] returned along the chain.
inline double sd_tube(V3 p, const std::vector<V3>& pts, const std::vector<double>& radii,
                      double* chain_t = nullptr) {
  double best = 1e30;
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    double t = 0.0;
    const double d = segment_distance(p, pts[i], pts[i + 1], &t) - mix(radii[i], radii[i + 1], t);
    if (d < best) {
      best = d;
      if (chain_t) *chain_t = static_cast<double>(i) + t;
    }
  }
  return best;
}

// Axis-aligned box, exact distance.
inline double sd_box(V3 p, V3 c, V3 half) {
  const V3 q{std::abs(p.x - c.x) - half.x, std::abs(p.y - c.y) - half.y,
             std::abs(p.z - c.z) - half.z};
  const V3 o{std::max(q.x, 0.0), std::max(q.y, 0.0), std::max(q.z, 0.0)};
  return len(o) + std::min(std::max({q.x, q.y, q.z}), 0.0);
}

// Signed distance to a plane through `o` with unit normal `n` (positive on the normal side).
inline double sd_plane(V3 p, V3 o, V3 n) {
  return dot(p - o, n);
}

// 2-D convex or concave polygon (counter-clockwise or not), exact signed distance.
struct P2 {
  double u = 0.0;
  double v = 0.0;
};
inline double sd_polygon(P2 p, const std::vector<P2>& poly) {
  double d = 1e30;
  bool inside = false;
  const size_t n = poly.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const P2 a = poly[j];
    const P2 b = poly[i];
    const double eu = b.u - a.u;
    const double ev = b.v - a.v;
    const double wu = p.u - a.u;
    const double wv = p.v - a.v;
    const double t = std::clamp((wu * eu + wv * ev) / (eu * eu + ev * ev), 0.0, 1.0);
    const double du = wu - eu * t;
    const double dv = wv - ev * t;
    d = std::min(d, std::sqrt(du * du + dv * dv));
    if (((a.v > p.v) != (b.v > p.v)) && (p.u < (b.u - a.u) * (p.v - a.v) / (b.v - a.v) + a.u)) {
      inside = !inside;
    }
  }
  return inside ? -d : d;
}

// 2-D ellipse estimate in (u, v), same construction as the ellipsoid.
inline double sd_ellipse2(double u, double v, double ru, double rv) {
  const double k0 = std::sqrt((u / ru) * (u / ru) + (v / rv) * (v / rv));
  const double k1 =
      std::sqrt((u / (ru * ru)) * (u / (ru * ru)) + (v / (rv * rv)) * (v / (rv * rv)));
  if (k1 < 1e-12) return -std::min(ru, rv);
  return k0 * (k0 - 1.0) / k1;
}

// A shell of thickness t around the zero set of d (inside the shell is negative).
inline double band(double depth, double from, double to) {
  return std::max(from - depth, depth - to);
}

}  // namespace atlas_gen

namespace atlas_gen {

// A flat strap along a polyline: width across (perpendicular to the path and to `up`),
// thickness along `up`; only the two outer ends are capped.
inline double sd_ribbon(V3 p, const std::vector<V3>& pts, const std::vector<double>& widths,
                        double thickness, V3 up) {
  double best = 1e30;
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    double t = 0.0;
    segment_distance(p, pts[i], pts[i + 1], &t);
    const V3 axis = unit(pts[i + 1] - pts[i]);
    const V3 n = unit(up - axis * dot(up, axis));
    const V3 side = cross(axis, n);
    const V3 q = p - lerp(pts[i], pts[i + 1], t);
    const double along = dot(p - pts[i], axis);
    const double seg_len = len(pts[i + 1] - pts[i]);
    double cap = -1e9;
    if (i == 0) cap = std::max(cap, -along);
    if (i + 2 == pts.size()) cap = std::max(cap, along - seg_len);
    const double half_w = mix(widths[i], widths[i + 1], t) * 0.5;
    const double d =
        std::max({std::abs(dot(q, side)) - half_w, std::abs(dot(q, n)) - thickness * 0.5, cap});
    best = std::min(best, d);
  }
  return best;
}

}  // namespace atlas_gen
