// Neck and shoulder muscles (right side; the left is the mirror). Superficial sheets
// (trapezius, SCM, splenius, semispinalis) are depth bands under the fat, clipped to their
// outline, so their depths follow S13; deep muscles (levator scapulae, scalenes) are tubes
// along the neck-model paths.
#include <algorithm>
#include <cmath>

#include "bones.h"
#include "catalogue.h"
#include "dimensions.h"
#include "neck_model.h"

namespace atlas_gen {
namespace {

constexpr double kClearance_mm = 0.5;
constexpr double kBoneClearance_mm = 1.0;  // see face_muscles.cpp
constexpr double kFar_mm = 1.5;

double soft_top(V3 p) {
  return Body::skin_thickness(p) + Body::fat_thickness(p);
}

double keep_out_of_bones(const Body& body, double d, V3 p) {
  if (d > kFar_mm) return d;
  return std::max(d, kBoneClearance_mm - any_bone_sdf(body, p));
}

// SCM heads along the neck-model paths, lifted to mid-muscle depth under the skin.
std::vector<V3> g_scm_sternal;
std::vector<V3> g_scm_clavicular;

std::vector<V3> lift_path(const Body& body, const std::vector<V3>& path, double depth_mm,
                          int pieces) {
  std::vector<V3> out;
  for (int i = 0; i <= pieces; ++i) {
    const double t = static_cast<double>(i) / pieces;
    V3 p = lerp(path.front(), path.back(), t);
    for (int step = 0; step < 400; ++step) {
      const double d = body.depth(p);
      if (std::abs(d - depth_mm) < 0.05) break;
      p = p + body.outward(p) * (d - depth_mm) * 0.5;
    }
    out.push_back(p);
  }
  return out;
}

const std::vector<P2>& splenius_outline() {
  // Back view (x, z): from the nuchal ligament / C7-T3 spinous processes to the mastoid and
  // the lateral superior nuchal line (M38 paths).
  static const std::vector<P2> o{{1.5, -165.0}, {1.5, -62.0},  {30.0, -8.0},
                                 {58.0, -16.0}, {56.0, -34.0}, {22.0, -150.0}};
  return o;
}

const std::vector<P2>& semispinalis_outline() {
  // Paramedian, from the C4-T1 transverse processes to between the nuchal lines (M39).
  static const std::vector<P2> o{
      {2.0, -135.0}, {2.0, -12.0}, {32.0, -4.0}, {36.0, -20.0}, {28.0, -135.0}};
  return o;
}

double splenius_sdf(const Body& body, V3 p) {
  // Directly under the trapezius (S13: 1.2 mm below its surface; we keep 0.3 mm of fascia).
  const double top = soft_top(p) + trapezius_thickness(p) + 0.3;
  double d =
      std::max(band(body.depth(p), top, top + 7.0), sd_polygon({p.x, p.z}, splenius_outline()));
  d = std::max(d, p.y + 25.0);
  if (d > kFar_mm) return d;
  d = subtract(d, trapezius_right_sdf(body, p) - kClearance_mm);
  d = subtract(d, scm_right_sdf(body, p) - kClearance_mm);
  return keep_out_of_bones(body, d, p);
}

double semispinalis_sdf(const Body& body, V3 p) {
  // S13: 4.0 mm deeper than the splenius at the upper neck (15.91 vs 11.88).
  const double top = soft_top(p) + trapezius_thickness(p) + 0.3 +
                     (dim::kSemispinalisDepthUpperNeck_mm - dim::kSpleniusDepthUpperNeck_mm);
  double d =
      std::max(band(body.depth(p), top, top + 9.0), sd_polygon({p.x, p.z}, semispinalis_outline()));
  // Posterior only: deep inside the head the depth field has no meaning.
  d = std::max(d, p.y + 45.0);
  if (d > kFar_mm) return d;
  d = subtract(d, splenius_sdf(body, p) - kClearance_mm);
  d = subtract(d, trapezius_right_sdf(body, p) - kClearance_mm);
  return keep_out_of_bones(body, d, p);
}

double levator_scapulae_sdf(const Body& body, V3 p) {
  // C1-C4 transverse processes -> superior angle of the scapula (model levator_scap);
  // CSA 281 mm^2 (M36).
  double d = sd_tube(p, {{34.0, -22.0, -46.0}, {50.0, -52.0, -104.0}, {70.0, -76.0, -164.0}},
                     {6.0, dim::kLevatorScapulaeRadius_mm, 6.5});
  d = std::max(d, soft_top(p) + kClearance_mm - body.depth(p));
  if (d > kFar_mm) return d;
  d = subtract(d, trapezius_right_sdf(body, p) - kClearance_mm);
  d = subtract(d, splenius_sdf(body, p) - kClearance_mm);
  d = subtract(d, semispinalis_sdf(body, p) - kClearance_mm);
  d = subtract(d, scm_right_sdf(body, p) - kClearance_mm);
  return keep_out_of_bones(body, d, p);
}

double scalenes_sdf(const Body& body, V3 p) {
  // Anterior, middle and posterior scalene along the model paths (M46).
  static const auto a = neck_path_right("scalenus_ant");
  static const auto m = neck_path_right("scalenus_med");
  static const auto q = neck_path_right("scalenus_post");
  double d = sd_tapered_capsule(p, a.back(), a.front(), 4.5, 6.0);
  d = smin(d, sd_tapered_capsule(p, m.back(), m.front(), 5.0, 6.5), 3.0);
  d = smin(d, sd_tapered_capsule(p, q.back(), q.front(), 4.0, 5.0), 3.0);
  d = std::max(d, soft_top(p) + kClearance_mm - body.depth(p));
  if (d > kFar_mm) return d;
  d = subtract(d, scm_right_sdf(body, p) - kClearance_mm);
  d = subtract(d, levator_scapulae_sdf(body, p) - kClearance_mm);
  d = subtract(d, trapezius_right_sdf(body, p) - kClearance_mm);
  return keep_out_of_bones(body, d, p);
}

// Neck muscles are several mm thick.
StructureDef muscle(const std::string& id, const std::string& name, const std::string& group) {
  return right_muscle(id, name, group, 0.8, 9000);
}

Fibre path_fibre(const std::vector<V3>& pts) {
  Fibre f;
  f.type = Fibre::Type::Path;
  f.points = pts;
  return f;
}

}  // namespace

double trapezius_thickness(V3 p) {
  // M42: ~11 mm in the upper part over the shoulder; thin near the midline and the occiput
  // (S13: splenius only 1.2 mm under the trapezius surface 2 cm above C2; 1.8 mm here so the
  // sheet survives meshing, a modelling choice) and thin again
  // laterally near the acromion (clinical.md §1.4).
  double t = mix(1.8, dim::kTrapeziusThickness_mm, smoothstep(22.0, 75.0, std::abs(p.x)));
  t *= 1.0 - 0.5 * smoothstep(150.0, 200.0, std::abs(p.x));
  t = mix(t, 2.5, smoothstep(-40.0, -10.0, p.z));
  return t;
}

double trapezius_right_sdf(const Body& body, V3 p) {
  const double top = soft_top(p);
  double d = band(body.depth(p), top, top + trapezius_thickness(p));
  // Anterior border: from the occiput behind the SCM to the lateral third of the clavicle.
  // Lower border (where this upper part ends): from T3 at the midline rising to the acromion.
  const V3 a{35.0, -60.0, -10.0};
  const V3 n{0.0, 0.938, 0.347};
  d = std::max({d, sd_plane(p, a, n), p.z - (-2.0 - 0.15 * p.x), (-215.0 + 0.12 * p.x) - p.z,
                0.6 - p.x, p.x - 205.0});
  if (d > kFar_mm) return d;
  d = subtract(d, scm_right_sdf(body, p) - kClearance_mm);
  return keep_out_of_bones(body, d, p);
}

double scm_right_sdf(const Body& body, V3 p) {
  const double top = soft_top(p) + 0.3;
  double d = band(body.depth(p), top, top + dim::kScmThickness_mm);
  if (d > kFar_mm) return d;
  // Two heads: sternal (wider above) and clavicular, joining toward the mastoid (M37).
  const double sternal = sd_tube(p, g_scm_sternal, std::vector<double>(g_scm_sternal.size(), 0.0));
  const double clav =
      sd_tube(p, g_scm_clavicular, std::vector<double>(g_scm_clavicular.size(), 0.0));
  const double half_w = dim::kScmWidth_mm * 0.5;
  // Narrow at both ends (tendons), widest in the middle.
  auto width_at = [&](const std::vector<V3>& path, double scale) {
    double t = 0.0;
    double best = 1e30;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      double s = 0.0;
      const double dist = segment_distance(p, path[i], path[i + 1], &s);
      if (dist < best) {
        best = dist;
        t = (static_cast<double>(i) + s) / static_cast<double>(path.size() - 1);
      }
    }
    return scale * half_w * (0.45 + 0.55 * std::sin(3.14159265358979323846 * mix(0.12, 0.88, t)));
  };
  const double strip =
      std::min(sternal - width_at(g_scm_sternal, 0.62), clav - width_at(g_scm_clavicular, 0.55));
  d = std::max(d, strip);
  return keep_out_of_bones(body, d, p);
}

void add_neck_muscles(const Body& body, std::vector<StructureDef>* out) {
  const Body* b = &body;
  const double mid = 1.2 + 4.0 + 0.3 + dim::kScmThickness_mm * 0.5;
  g_scm_sternal = lift_path(body, neck_path_right("stern_mast"), mid, 10);
  g_scm_clavicular = lift_path(body, neck_path_right("cleid_mast"), mid, 10);
  {
    auto d = muscle("sternocleidomastoid_R", "Sternocleidomastoid (right)", "sternocleidomastoid");
    d.sdf = [b](V3 p) { return scm_right_sdf(*b, p); };
    d.box_min = {0.0, -45.0, -200.0};
    d.box_max = {90.0, 50.0, -5.0};
    d.fibre = path_fibre(g_scm_sternal);
    d.colour = {0.74, 0.24, 0.22};
    d.target_triangles = 10000;
    out->push_back(d);
  }
  {
    auto d = muscle("trapezius_R", "Trapezius, upper part (right)", "trapezius");
    d.sdf = [b](V3 p) { return trapezius_right_sdf(*b, p); };
    d.box_min = {0.0, -140.0, -212.0};
    d.box_max = {212.0, 30.0, 5.0};
    d.spacing_mm = 0.8;
    d.fibre = path_fibre(neck_path_right("trap_cl"));
    std::reverse(d.fibre.points.begin(), d.fibre.points.end());  // occiput (origin) -> clavicle
    d.colour = {0.70, 0.28, 0.24};
    d.target_triangles = 16000;
    out->push_back(d);
  }
  {
    auto d = muscle("splenius_capitis_R", "Splenius capitis (right)", "cervical_paraspinal");
    d.sdf = [b](V3 p) { return splenius_sdf(*b, p); };
    d.box_min = {0.0, -135.0, -172.0};
    d.box_max = {70.0, 0.0, -2.0};
    d.fibre = path_fibre(neck_path_right("splen_cap_sklthx"));
    d.spacing_mm = 1.3;
    d.colour = {0.64, 0.20, 0.24};
    out->push_back(d);
  }
  {
    auto d =
        muscle("semispinalis_capitis_R", "Semispinalis capitis (right)", "cervical_paraspinal");
    d.sdf = [b](V3 p) { return semispinalis_sdf(*b, p); };
    d.box_min = {0.0, -135.0, -140.0};
    d.box_max = {45.0, 0.0, 2.0};
    d.fibre = path_fibre(neck_path_right("semi_cap_sklthx"));
    d.spacing_mm = 1.0;
    d.colour = {0.58, 0.18, 0.26};
    out->push_back(d);
  }
  {
    auto d = muscle("levator_scapulae_R", "Levator scapulae (right)", "levator_scapulae");
    d.sdf = [b](V3 p) { return levator_scapulae_sdf(*b, p); };
    d.box_min = {20.0, -95.0, -155.0};
    d.box_max = {82.0, -8.0, -36.0};
    auto path = neck_path_right("levator_scap");
    std::reverse(path.begin(), path.end());  // origin: cervical transverse processes
    d.fibre = path_fibre(path);
    d.colour = {0.68, 0.30, 0.30};
    d.target_triangles = 6000;
    out->push_back(d);
  }
  {
    auto d = muscle("scalenes_R", "Scalenes (right)", "scalenes");
    d.sdf = [b](V3 p) { return scalenes_sdf(*b, p); };
    d.box_min = {12.0, -40.0, -205.0};
    d.box_max = {110.0, 10.0, -55.0};
    auto path = neck_path_right("scalenus_med");
    std::reverse(path.begin(), path.end());  // origin: transverse processes -> first rib
    d.fibre = path_fibre(path);
    d.colour = {0.70, 0.34, 0.28};
    d.target_triangles = 8000;
    out->push_back(d);
  }
}

}  // namespace atlas_gen
