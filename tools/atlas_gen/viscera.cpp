// Pharyngeal constrictors (a muscular tube around the airway) and the upper oesophagus, in
// front of the cervical vertebral bodies: the structures behind dysphagia after neck
// injections (clinical.md §4.2).
#include <cmath>

#include "bones.h"
#include "catalogue.h"
#include "dimensions.h"

namespace atlas_gen {
namespace {

// Front of the vertebral bodies (AP depth 15, K15) + prevertebral muscles (~4 mm), at height z.
double prevertebral_y(double z) {
  const auto& c = vertebral_body_centres();
  if (z >= c[1].z) return c[1].y + 7.5 + 4.0;
  for (size_t i = 1; i + 1 < c.size(); ++i) {
    if (z <= c[i].z && z >= c[i + 1].z) {
      const double t = (c[i].z - z) / (c[i].z - c[i + 1].z);
      return mix(c[i].y, c[i + 1].y, t) + 7.5 + 4.0;
    }
  }
  // Below C7 the thoracic spine recedes (kyphosis).
  return c.back().y + 7.5 + 4.0 + (z - c.back().z) * 0.3;
}

constexpr double kPharynxTopZ_mm = -30.0;      // below the skull base
constexpr double kPharynxBottomZ_mm = -116.0;  // cricopharyngeus at C6 (M49, K14)
constexpr double kOesophagusBottomZ_mm = -250.0;

double pharynx_outer(V3 p, double shrink) {
  const double t = clamp01((kPharynxTopZ_mm - p.z) / (kPharynxTopZ_mm - kPharynxBottomZ_mm));
  const double half_lat = mix(19.0, 12.0, t) - shrink;
  const double half_ap = mix(10.0, 7.0, t) - shrink;
  const double cy = prevertebral_y(p.z) + mix(10.0, 7.0, t);
  const double sec = sd_ellipse2(p.x, p.y - cy, half_lat, half_ap);
  return std::max({sec, p.z - (kPharynxTopZ_mm - shrink), (kPharynxBottomZ_mm + shrink) - p.z});
}

double pharynx_wall(V3 p) {
  // Wall 3.9 mm (M50), 6.5 mm at the cricopharyngeus (M48).
  const double t = clamp01((kPharynxTopZ_mm - p.z) / (kPharynxTopZ_mm - kPharynxBottomZ_mm));
  return mix(dim::kPharynxWall_mm, dim::kCricopharyngeus_mm, smoothstep(0.8, 1.0, t));
}

double oesophagus_sdf(V3 p) {
  // Collapsed at rest (M48: entrance 2 mm AP), so a solid tube; outer 22 x 14 (M47 limits).
  const double cy = prevertebral_y(p.z) + dim::kOesophagusAp_mm * 0.5;
  const double sec =
      sd_ellipse2(p.x, p.y - cy, dim::kOesophagusLateral_mm * 0.5, dim::kOesophagusAp_mm * 0.5);
  return std::max({sec, p.z - (kPharynxBottomZ_mm - 0.6), kOesophagusBottomZ_mm - p.z});
}

}  // namespace

void add_viscera(const Body& body, std::vector<StructureDef>* out) {
  const Body* b = &body;
  StructureDef ph;
  ph.id = "pharyngeal_constrictor";
  ph.name = "Pharyngeal constrictors";
  ph.kind = "muscle";
  ph.side = "midline";
  ph.group = "pharynx";
  ph.colour = {0.82, 0.42, 0.46};
  ph.adverse_effect = "dysphagia";
  ph.fibre.type = Fibre::Type::Constant;
  ph.fibre.direction = {1.0, 0.0, 0.0};  // circular fibres run transversely
  ph.sdf = [b](V3 p) { return std::max(pharynx_outer(p, 0.0), 0.5 - any_bone_sdf(*b, p)); };
  ph.cavity = [](V3 p) { return pharynx_outer(p, pharynx_wall(p)); };
  ph.box_min = {-24.0, -10.0, -122.0};
  ph.box_max = {24.0, 40.0, -24.0};
  ph.spacing_mm = 0.6;
  ph.target_triangles = 6000;
  out->push_back(ph);

  StructureDef oe = ph;
  oe.id = "oesophagus";
  oe.name = "Oesophagus (upper)";
  oe.kind = "organ";
  oe.group = "pharynx";
  oe.colour = {0.78, 0.48, 0.52};
  oe.fibre = Fibre{};
  oe.sdf = [b](V3 p) { return std::max(oesophagus_sdf(p), 0.5 - any_bone_sdf(*b, p)); };
  oe.cavity = nullptr;
  oe.box_min = {-16.0, -60.0, -256.0};
  oe.box_max = {16.0, 20.0, -110.0};
  oe.spacing_mm = 0.7;
  oe.target_triangles = 4000;
  out->push_back(oe);
}

}  // namespace atlas_gen
