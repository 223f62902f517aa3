// Body surface (skin) as a smooth union of primitives, and the depth field below it.
#include "body.h"

#include <cmath>

#include "dimensions.h"
#include "layout.h"
#include "parallel.h"

namespace atlas_gen {
namespace {

constexpr double kBlendHead_mm = 14.0;
constexpr double kBlendNeck_mm = 24.0;
constexpr double kBlendTrunk_mm = 30.0;
constexpr double kBottomCutZ_mm = -340.0;  // the model ends at the upper thorax

// Cranium: head length 199.5 (A1), breadth 154.3 (A2); vertex 131.1 above tragion (A4).
constexpr V3 kCraniumCentre{0.0, -2.0, 38.0};
constexpr V3 kCraniumRadii{dim::kHeadBreadth_mm / 2.0, dim::kHeadLength_mm / 2.0,
                           dim::kTragionToVertex_mm - 38.0};

double head(V3 p) {
  const V3 q{std::abs(p.x), p.y, p.z};
  double d = sd_ellipsoid(q, kCraniumCentre, kCraniumRadii);
  // Lower face / maxilla and mouth.
  d = smin(d, sd_ellipsoid(q, {0.0, 44.0, -32.0}, {58.0, 56.0, 66.0}), kBlendHead_mm);
  // Cheeks: zygion skin at bizygomatic breadth 142.6 (A6).
  d = smin(d, sd_ellipsoid(q, {40.0, 34.0, -6.0}, {dim::kBizygomatic_mm / 2.0 - 40.0, 36.0, 26.0}),
           10.0);
  // Area in front of the ear: tragion 73 mm from the midline (B4 bitragion 146).
  d = smin(d, sd_ellipsoid(q, {63.5, 0.0, -4.0}, {dim::kBitragion_mm / 2.0 - 63.5, 15.0, 22.0}),
           8.0);
  // Back of the lower head over the mastoids and the occipital base.
  d = smin(d, sd_ellipsoid(q, {0.0, -30.0, -14.0}, {66.0, 58.0, 40.0}), kBlendHead_mm);
  // Jaw: cheek over the masseter and the line of the mandible down to the chin.
  d = smin(d, sd_ellipsoid(q, {47.0, 16.0, -40.0}, {16.0, 30.0, 34.0}), 12.0);
  d = smin(
      d,
      sd_tube(q, {{52.0, 4.0, -68.0}, {44.0, 40.0, -82.0}, {24.0, 68.0, -90.0}, {0.0, 76.0, -92.0}},
              {10.0, 10.0, 10.0, 10.0}),
      14.0);
  // Chin: menton 122.6 below sellion (A5).
  d = smin(d, sd_ellipsoid(q, {0.0, 74.0, -86.0}, {24.0, 16.0, 16.0}), 10.0);
  // External nose.
  d = smin(d, sd_tapered_capsule(q, {0.0, 84.0, 14.0}, {0.0, 108.0, -14.0}, 6.0, 8.0), 6.0);
  d = smin(d, sd_ellipsoid(q, {0.0, 99.0, -19.0}, {17.0, 10.0, 8.0}), 5.0);
  // Lips.
  d = smin(d, sd_ellipsoid(q, {0.0, 92.0, -44.0}, {26.0, 10.0, 14.0}), 8.0);
  return d;
}

// Neck: elliptic section leaning forward toward the head; circumference ~398 mm (A8) with
// half-axes 56 x 70 (Ramanujan perimeter 397 mm).
double neck(V3 p) {
  const double centre_y = -20.0 + 0.15 * (p.z + 100.0);
  double d = sd_ellipse2(p.x, p.y - centre_y, 56.0, 70.0);
  d = std::max(d, p.z - 0.0);
  d = std::max(d, -240.0 - p.z);
  return d;
}

// Upper thorax and shoulders; acromion skin at x = 207.9 (A10), 184 mm below tragion (A24).
double trunk(V3 p) {
  const V3 q{std::abs(p.x), p.y, p.z};
  double d = sd_ellipsoid(q, {0.0, -38.0, -335.0}, {180.0, 92.0, 168.0});
  // Upper back over the scapulae (chest depth at T3 ~ 150 mm).
  d = smin(d, sd_ellipsoid(q, {0.0, -40.0, -260.0}, {165.0, 95.0, 120.0}), kBlendTrunk_mm);
  d = smin(d, sd_tapered_capsule(q, {30.0, -46.0, -170.0}, {174.0, -38.0, -214.0}, 50.0, 42.0),
           kBlendTrunk_mm);
  d = smin(d, sd_ellipsoid(q, {192.0, -34.0, -236.0}, {24.0, 44.0, 58.0}), 20.0);
  return d;
}

double clamp_grid(double v, int n) {
  return std::clamp(v, 0.0, static_cast<double>(n - 1));
}

}  // namespace

V3 Body::bounds_min() {
  return {-236.0, -140.0, kBottomCutZ_mm};
}
V3 Body::bounds_max() {
  return {236.0, 128.0, 134.0};
}

double Body::skin_implicit(V3 p) {
  double d = smin(head(p), neck(p), kBlendNeck_mm);
  d = smin(d, trunk(p), kBlendTrunk_mm);
  return std::max(d, kBottomCutZ_mm + 2.0 - p.z);
}

Body::Body(double spacing) {
  const V3 pad{6.0, 6.0, 6.0};
  grid_.origin = bounds_min() - pad;
  grid_.spacing_mm = spacing;
  const V3 ext = bounds_max() + pad - grid_.origin;
  grid_.nx = static_cast<int>(std::ceil(ext.x / spacing)) + 1;
  grid_.ny = static_cast<int>(std::ceil(ext.y / spacing)) + 1;
  grid_.nz = static_cast<int>(std::ceil(ext.z / spacing)) + 1;
  std::vector<float> f(static_cast<size_t>(grid_.nx) * grid_.ny * grid_.nz);
  parallel_for(grid_.nz, [&](int k) {
    for (int j = 0; j < grid_.ny; ++j)
      for (int i = 0; i < grid_.nx; ++i)
        f[grid_.index(i, j, k)] = static_cast<float>(skin_implicit(grid_.point(i, j, k)));
  });
  // Normalise by the gradient so the field measures distance (the smooth unions and the
  // ellipsoid estimate are only distance-like near the surface).
  depth_.assign(f.size(), 0.0f);
  parallel_for(grid_.nz, [&](int k) {
    for (int j = 0; j < grid_.ny; ++j)
      for (int i = 0; i < grid_.nx; ++i) {
        const int i0 = std::max(i - 1, 0), i1 = std::min(i + 1, grid_.nx - 1);
        const int j0 = std::max(j - 1, 0), j1 = std::min(j + 1, grid_.ny - 1);
        const int k0 = std::max(k - 1, 0), k1 = std::min(k + 1, grid_.nz - 1);
        const double gx =
            (f[grid_.index(i1, j, k)] - f[grid_.index(i0, j, k)]) / ((i1 - i0) * spacing);
        const double gy =
            (f[grid_.index(i, j1, k)] - f[grid_.index(i, j0, k)]) / ((j1 - j0) * spacing);
        const double gz =
            (f[grid_.index(i, j, k1)] - f[grid_.index(i, j, k0)]) / ((k1 - k0) * spacing);
        const double g = std::sqrt(gx * gx + gy * gy + gz * gz);
        const double v = f[grid_.index(i, j, k)];
        depth_[grid_.index(i, j, k)] = static_cast<float>(-v / std::max(g, 0.35));
      }
  });
}

double Body::depth(V3 p) const {
  const double fx = (p.x - grid_.origin.x) / grid_.spacing_mm;
  const double fy = (p.y - grid_.origin.y) / grid_.spacing_mm;
  const double fz = (p.z - grid_.origin.z) / grid_.spacing_mm;
  if (fx < 0 || fy < 0 || fz < 0 || fx > grid_.nx - 1 || fy > grid_.ny - 1 || fz > grid_.nz - 1) {
    return -skin_implicit(p);
  }
  const double cx = clamp_grid(fx, grid_.nx - 1), cy = clamp_grid(fy, grid_.ny - 1),
               cz = clamp_grid(fz, grid_.nz - 1);
  const int i = std::min(static_cast<int>(cx), grid_.nx - 2);
  const int j = std::min(static_cast<int>(cy), grid_.ny - 2);
  const int k = std::min(static_cast<int>(cz), grid_.nz - 2);
  const double tx = cx - i, ty = cy - j, tz = cz - k;
  auto at = [&](int a, int b, int c) { return static_cast<double>(depth_[grid_.index(a, b, c)]); };
  const double c00 = mix(at(i, j, k), at(i + 1, j, k), tx);
  const double c10 = mix(at(i, j + 1, k), at(i + 1, j + 1, k), tx);
  const double c01 = mix(at(i, j, k + 1), at(i + 1, j, k + 1), tx);
  const double c11 = mix(at(i, j + 1, k + 1), at(i + 1, j + 1, k + 1), tx);
  return mix(mix(c00, c10, ty), mix(c01, c11, ty), tz);
}

V3 Body::outward(V3 p) const {
  const double h = grid_.spacing_mm;
  const V3 g{depth(p + V3{h, 0, 0}) - depth(p - V3{h, 0, 0}),
             depth(p + V3{0, h, 0}) - depth(p - V3{0, h, 0}),
             depth(p + V3{0, 0, h}) - depth(p - V3{0, 0, h})};
  return unit(g * -1.0);
}

bool Body::cast_to_skin(V3 origin, V3 dir, double max_mm, V3* hit) const {
  const V3 d = unit(dir);
  double prev_t = 0.0;
  double prev = depth(origin);
  for (double t = 0.25; t <= max_mm; t += 0.25) {
    const double cur = depth(origin + d * t);
    if ((prev < 0.0) != (cur < 0.0)) {
      const double s = prev / (prev - cur);  // linear root between the two samples
      *hit = origin + d * (prev_t + s * (t - prev_t));
      return true;
    }
    prev = cur;
    prev_t = t;
  }
  return false;
}

// --- Regional layers ---------------------------------------------------------------------

double Body::temporal_outline(V3 p) {
  // Side view (y, z): the temporalis fills an oblique quadrangle above the zygomatic arch
  // (M27: width : height = 5 : 4), behind the lateral orbital rim.
  double d = sd_ellipse2(p.y - 8.0, p.z - 28.0, 56.0, 46.0);
  d = std::max(d, 1.0 - p.z);
  d = std::max(d, p.y - 60.0);
  return d;
}

namespace {
// Weight of the front of the face (forehead, brows, face) vs the hair-bearing scalp.
double face_weight(V3 p) {
  return smoothstep(28.0, 50.0, p.y) *
         (1.0 - smoothstep(layout::kTrichionZ_mm - 4.0, layout::kTrichionZ_mm + 4.0, p.z));
}
double head_weight(V3 p) {
  return smoothstep(-30.0, -5.0, p.z + 0.25 * (p.y + 10.0));
}
double temporal_weight(V3 p) {
  return smoothstep(30.0, 45.0, std::abs(p.x)) *
         (1.0 - smoothstep(-6.0, 4.0, Body::temporal_outline(p)));
}
double periorbital_weight(V3 p) {
  const V3 q{std::abs(p.x), p.y, p.z};
  const double d = sd_ellipse2(q.x - layout::kPupilX_mm, q.z - layout::kPupilZ_mm, 17.0, 12.0);
  return (1.0 - smoothstep(-2.0, 3.0, d)) * smoothstep(40.0, 60.0, p.y);
}
// Posterior neck below the occiput (S13 depths measured 2 cm above / below the C2 spinous).
double posterior_neck_weight(V3 p) {
  return smoothstep(-35.0, -60.0, p.y) * (1.0 - smoothstep(30.0, 60.0, std::abs(p.x))) *
         (1.0 - smoothstep(-25.0, -5.0, p.z));
}
}  // namespace

double Body::skin_thickness(V3 p) {
  const double head_w = head_weight(p);
  const double face_w = face_weight(p);
  double t = dim::kSkinNeck_mm;
  // Head: scalp behind / above, forehead and glabella in front.
  const double front = p.z > 30.0 ? dim::kSkinForehead_mm : dim::kSkinGlabella_mm;
  const double head_t = mix(dim::kSkinScalp_mm, front, face_w);
  t = mix(t, head_t, head_w);
  t = mix(t, dim::kSkinTemple_mm, temporal_weight(p) * (1.0 - face_w));
  t = mix(t, dim::kSkinEyelid_mm, periorbital_weight(p));
  return t;
}

double Body::fat_thickness(V3 p) {
  const double head_w = head_weight(p);
  const double face_w = face_weight(p);
  // Neck and trunk: S16/S17 not found; 4 mm (modelling choice, between S3 values).
  double t = 4.0;
  // Scalp: S12 not found at the vertex (3 mm, modelling choice); over the occiput the soft
  // tissue to the nerve at the superior nuchal line is 6.9 mm (S10).
  const double occ_w = smoothstep(-40.0, -70.0, p.y);
  const double scalp = mix(3.0, dim::kOccipitalSoftTissue_mm - dim::kSkinScalp_mm, occ_w);
  const double forehead = dim::kFrontalisTopDepth_mm - dim::kSkinForehead_mm;
  // Lower face: cheeks 6 mm (S3); forehead S4.
  const double lower_face = mix(dim::kFatCheek_mm, forehead, smoothstep(20.0, 32.0, p.z));
  const double head_t = mix(scalp, lower_face, face_w);
  t = mix(t, head_t, head_w);
  t = mix(t, dim::kFatTemple_mm, temporal_weight(p) * (1.0 - face_w));
  t = mix(t, 0.6, periorbital_weight(p));
  // Nose: thin.
  const double nose_w = (1.0 - smoothstep(8.0, 18.0, std::abs(p.x))) * smoothstep(86.0, 96.0, p.y) *
                        (1.0 - smoothstep(25.0, 32.0, p.z));
  t = mix(t, 1.2, nose_w);
  // Posterior neck: trapezius 10.7 mm deep 2 cm above the C2 spinous process and 20.9 mm
  // 2 cm below it (S13, C2 spinous at z = -66).
  const double post = mix(dim::kTrapeziusDepthUpperNeck_mm, dim::kTrapeziusDepthLowerNeck_mm,
                          smoothstep(-46.0, -86.0, p.z)) -
                      dim::kSkinNeck_mm;
  const double post_fade = mix(post, 8.0, smoothstep(-95.0, -140.0, p.z));
  t = mix(t, post_fade, posterior_neck_weight(p));
  return t;
}

double Body::bone_depth(V3 p) {
  // Soft tissue over bone = skin + fat + the muscle layer + a fascial gap.
  const double face_w = face_weight(p);
  const double head_w = head_weight(p);
  // Galea / frontalis (1.8) + retro-frontalis layer, occipitalis (2.5) + gap, scalp galea 1.8.
  const double occ_w = smoothstep(-40.0, -70.0, p.y);
  double layer = mix(2.6, dim::kOccipitalisThickness_mm + 1.6, occ_w);
  // Forehead: frontalis + retro-frontalis fat; brows: corrugator deep to it (M12 to 6.2 mm).
  const V3 q{std::abs(p.x), p.y, p.z};
  const double brow_w = (1.0 - smoothstep(48.0, 62.0, q.z)) * (1.0 - smoothstep(40.0, 52.0, q.x));
  const double front_layer = mix(dim::kFrontalisThickness_mm + 1.2, 4.6, brow_w);
  // Lower face (zygoma, maxilla): mimetic muscles and deep fat, ~5 mm.
  const double face_layer = mix(5.0, front_layer, smoothstep(18.0, 30.0, p.z));
  layer = mix(layer, face_layer, face_w);
  // Temporal fossa: fascia 1 + temporalis (M23 7.6, up to 9.5 at the centre) + 0.8.
  layer = mix(layer, 11.3, temporal_weight(p) * (1.0 - face_w));
  // Nasal root: procerus (S7 / M13: 3.8 + 1.1 at the glabella).
  const double nose_w = (1.0 - smoothstep(6.0, 14.0, q.x)) * smoothstep(80.0, 90.0, p.y) *
                        (1.0 - smoothstep(30.0, 40.0, p.z));
  layer = mix(layer, 2.6, nose_w);
  return mix(8.0, skin_thickness(p) + fat_thickness(p) + layer, head_w);
}

double Body::vault_thickness(V3 p) {
  double t = dim::kVaultParietal_mm;
  t = mix(t, dim::kVaultFrontal_mm, smoothstep(30.0, 60.0, p.y));
  t = mix(t, dim::kVaultOccipital_mm, smoothstep(-50.0, -75.0, p.y));
  t = mix(t, dim::kVaultTemporal_mm, temporal_weight(p));
  return t;
}

}  // namespace atlas_gen
