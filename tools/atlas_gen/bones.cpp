// Skull (vault + base + facial skeleton), mandible, cervical spine, clavicle, scapula, eye.
#include "bones.h"

#include <cmath>

#include "dimensions.h"
#include "layout.h"

namespace atlas_gen {
namespace {

V3 abs_x(V3 p) {
  return {std::abs(p.x), p.y, p.z};
}

// Floor of the cranial cavity in side view: anterior fossa above the orbits, middle and
// posterior fossae ~15 mm below the Frankfort plane.
double cranial_floor_z(double y) {
  return -15.0 + 50.0 * smoothstep(18.0, 52.0, y);
}

// Lower limit of the skull: under the fossae, and behind the foramen magnum the nuchal plane
// rising to the inion.
double skull_bottom(V3 p) {
  const double base = cranial_floor_z(p.y) - 11.0;
  const double nuchal = -28.0 - 0.40 * (p.y + 25.0);
  return p.y < -25.0 ? std::min(nuchal, base) : base;
}

// Unsigned distance from p to triangle abc (exact).
double triangle_distance(V3 p, V3 a, V3 b, V3 c) {
  const V3 ba = b - a, pa = p - a, cb = c - b, pb = p - b, ac = a - c, pc = p - c;
  const V3 nor = cross(ba, ac);
  auto sgn = [](double v) { return v < 0.0 ? -1.0 : 1.0; };
  const bool outside =
      sgn(dot(cross(ba, nor), pa)) + sgn(dot(cross(cb, nor), pb)) + sgn(dot(cross(ac, nor), pc)) <
      2.0;
  if (outside) {
    auto seg = [](V3 v, V3 q) {
      const double t = clamp01(dot(v, q) / dot(v, v));
      return len(v * t - q);
    };
    return std::min({seg(ba, pa), seg(cb, pb), seg(ac, pc)});
  }
  return std::abs(dot(nor, pa)) / len(nor);
}

}  // namespace

double orbit_cavity_sdf(V3 p) {
  return sd_ellipsoid(p, layout::kOrbitCentre, layout::kOrbitRadii);
}

double zygomatic_arch_sdf(V3 p) {
  // From the zygoma to just in front of the ear; zygion ~ 6 mm under the skin of A6.
  return sd_tapered_capsule(p, {58.0, 50.0, -2.0}, {61.0, 8.0, -5.0}, 5.0, 3.8);
}

double mastoid_sdf(V3 p) {
  // Tip 39.4 mm from porion (K11), porion ~ (62, -4, 0).
  return sd_ellipsoid(p, {50.0, -18.0, -22.0}, {8.0, 11.0, 17.0});
}

double skull_sdf(const Body& body, V3 p) {
  const V3 q = abs_x(p);
  const double depth = body.depth(p);
  const double outer_depth = Body::bone_depth(p);
  // Vault: everything deeper than the bone depth, above the skull base.
  double outer = std::max(outer_depth - depth, skull_bottom(p) - p.z);
  // Facial skeleton: same depth rule in front, down to the upper teeth, not into the nose.
  const double face_region = std::max({38.0 - p.y, -46.0 - p.z, p.z - 45.0});
  double face = std::max(outer_depth - depth, face_region);
  face = std::max(face, (p.z < 8.0 ? p.y - 88.0 : p.y - 99.0));  // no bone in the external nose
  double d = smin(outer, face, 3.0);
  d = smin(d, zygomatic_arch_sdf(q), 4.0);
  d = smin(d, mastoid_sdf(q), 5.0);
  // Brain cavity: vault thickness (K1) inside the outer table, above the cranial floor.
  const double cavity =
      std::max(outer_depth + Body::vault_thickness(p) - depth, cranial_floor_z(p.y) - p.z);
  d = subtract(d, cavity);
  // Orbits: cavities open to the front.
  d = subtract(d, orbit_cavity_sdf(q));
  // Nasal cavity and the space behind the maxilla (pharynx), kept simple.
  d = subtract(d, sd_box(q, {0.0, 60.0, -14.0}, {14.0, 30.0, 20.0}));
  return d;
}

double mandible_sdf(V3 p) {
  const V3 q = abs_x(p);
  // Body: a vertical plate along the U of the jaw line (lower border), taller at the front.
  const std::vector<V3> u{{44.0, 0.0, -66.0},
                          {42.0, 28.0, -76.0},
                          {34.0, 52.0, -84.0},
                          {18.0, 68.0, -90.0},
                          {0.0, 73.0, -92.0}};
  double best = 1e30, best_t = 0.0;
  for (size_t i = 0; i + 1 < u.size(); ++i) {
    const V3 a{u[i].x, u[i].y, 0.0}, b{u[i + 1].x, u[i + 1].y, 0.0};
    double t = 0.0;
    const double d = segment_distance({q.x, q.y, 0.0}, a, b, &t);
    if (d < best) {
      best = d;
      best_t = static_cast<double>(i) + t;
    }
  }
  const size_t i0 = std::min(static_cast<size_t>(best_t), u.size() - 2);
  const double f = best_t - static_cast<double>(i0);
  const double z_low = mix(u[i0].z, u[i0 + 1].z, f);
  const double height = mix(24.0, 31.0, best_t / 4.0);
  const double half_thick = mix(5.0, 7.0, best_t / 4.0);
  double body = std::max({best - half_thick, z_low - q.z, q.z - (z_low + height)});
  // Ramus: plate in the y-z plane from the angle up to condyle and coronoid process.
  const std::vector<P2> ramus_outline{{2.0, -68.0},  {30.0, -70.0}, {36.0, -40.0}, {36.0, -21.0},
                                      {31.0, -20.0}, {22.0, -32.0}, {15.0, -22.0}, {11.0, -12.0},
                                      {3.0, -13.0},  {-1.0, -40.0}};
  const double x_c = 44.0 + (q.z + 66.0) * 0.06;
  const double ramus = std::max(sd_polygon({q.y, q.z}, ramus_outline), std::abs(q.x - x_c) - 3.6);
  double d = smin(body, ramus, 4.0);
  d = smin(d, sd_ellipsoid(q, {49.0, 7.0, -12.0}, {9.0, 5.0, 4.5}), 2.0);  // condyle
  return d;
}

const std::vector<V3>& vertebral_body_centres() {
  // Anterior vertebral line from the longus colli path of the neck model (9 mm behind it),
  // body height 11 mm (K15) with ~3.5 mm discs.
  static const std::vector<V3> c{{0.0, 3.0, -42.0},   {0.0, -5.0, -60.0},  {0.0, -4.0, -76.0},
                                 {0.0, -6.0, -91.0},  {0.0, -9.0, -105.0}, {0.0, -13.0, -118.0},
                                 {0.0, -18.0, -131.0}};
  return c;
}

const std::vector<V3>& spinous_tips() {
  // C2 tip at the rectus capitis posterior major origin of the model; the rest sloping down.
  static const std::vector<V3> t{{0.0, -52.0, -44.0}, {0.0, -55.0, -68.0},  {0.0, -50.0, -84.0},
                                 {0.0, -52.0, -99.0}, {0.0, -56.0, -113.0}, {0.0, -62.0, -127.0},
                                 {0.0, -73.0, -139.0}};
  return t;
}

double cervical_spine_sdf(V3 p) {
  const V3 q = abs_x(p);
  const auto& c = vertebral_body_centres();
  const auto& tips = spinous_tips();
  double d = 1e30;
  // C1: ring (anterior arch, lateral masses, posterior arch) with long transverse processes.
  {
    const V3 centre{0.0, -15.0, -42.0};
    const double ring = std::abs(sd_ellipse2(q.x, q.y - centre.y, 21.0, 19.0));
    d = std::min(d, std::max(ring - 4.5, std::abs(q.z - centre.z) - 5.0));
    d = smin(d, sd_capsule(q, {18.0, -14.0, -42.0}, {38.0, -15.0, -43.0}, 5.0), 2.0);
  }
  for (size_t i = 1; i < c.size(); ++i) {
    const V3 b = c[i];
    // Body (AP 15, K15) and the disc below it.
    const double body = std::max(sd_ellipse2(q.x, q.y - b.y, 10.0, 7.5), std::abs(q.z - b.z) - 5.5);
    d = std::min(d, body);
    if (i + 1 < c.size()) {
      const V3 m = lerp(b, c[i + 1], 0.5);
      d = std::min(d, std::max(sd_ellipse2(q.x, q.y - m.y, 9.0, 6.5), std::abs(q.z - m.z) - 2.5));
    }
    // Neural arch around the canal, spinous process, transverse processes.
    const V3 canal{0.0, b.y - 17.0, b.z};
    const double arch = std::abs(sd_ellipse2(q.x, q.y - canal.y, 12.5, 9.0));
    d = smin(d, std::max(arch - 2.8, std::abs(q.z - b.z) - 4.5), 2.0);
    d = smin(d, sd_tapered_capsule(q, {0.0, canal.y - 8.0, b.z}, tips[i], 3.5, i == 6 ? 4.5 : 3.0),
             2.0);
    d = smin(
        d, sd_capsule(q, {9.0, b.y - 8.0, b.z}, {i == 6 ? 31.0 : 25.0, b.y - 10.0, b.z - 1.0}, 3.6),
        2.0);
  }
  // Dens of C2, up into the ring of C1.
  d = std::min(d, sd_capsule(q, {0.0, -5.0, -56.0}, {0.0, -6.0, -39.0}, 5.0));
  return d;
}

double clavicle_right_sdf(V3 p) {
  // S-shaped, 166.8 mm along its centreline (K18); passes the clavicular SCM origin.
  return sd_tube(p,
                 {{20.0, 12.0, -184.0},
                  {50.0, 8.0, -177.0},
                  {95.0, -4.0, -173.0},
                  {140.0, -20.0, -174.0},
                  {174.0, -32.0, -178.0}},
                 {8.0, 6.2, 5.6, 5.4, 6.0});
}

double scapula_right_sdf(V3 p) {
  // Superior angle at the levator scapulae insertion of the model; superior -> inferior angle
  // 139 mm (K19).
  const V3 superior{70.0, -74.0, -170.0};
  const V3 inferior{98.0, -92.0, -170.0 - dim::kScapulaHeight_mm};
  const V3 lateral{163.0, -40.0, -200.0};
  double d = triangle_distance(p, superior, inferior, lateral) - 2.2;
  // Spine of the scapula, ending in the acromion under the shoulder skin (A10, A24).
  d = smin(d, sd_tapered_capsule(p, {78.0, -88.0, -198.0}, {166.0, -46.0, -187.0}, 3.0, 6.0), 4.0);
  d = smin(d, sd_tapered_capsule(p, {166.0, -46.0, -187.0}, {196.0, -30.0, -182.0}, 6.0, 5.0), 3.0);
  // Glenoid and coracoid.
  d = smin(d, sd_ellipsoid(p, {166.0, -32.0, -204.0}, {7.0, 12.0, 16.0}), 4.0);
  d = smin(d, sd_tapered_capsule(p, {156.0, -28.0, -194.0}, {150.0, -4.0, -190.0}, 5.0, 4.0), 3.0);
  return d;
}

double eye_right_sdf(V3 p) {
  return sd_sphere(p, layout::kEyeCentre, layout::kEyeRadius_mm);
}

double any_bone_sdf(const Body& body, V3 p) {
  const V3 q = abs_x(p);
  double d = std::min(
      {mandible_sdf(p), cervical_spine_sdf(p), clavicle_right_sdf(q), scapula_right_sdf(q)});
  // The skull needs the depth field; skip it where it cannot be.
  if (p.z > -75.0) d = std::min(d, skull_sdf(body, p));
  return d;
}

}  // namespace atlas_gen
