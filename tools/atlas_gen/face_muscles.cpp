// Muscles of the forehead, brow, eye, temple, occiput and jaw (right side; the left is the
// mirror). Thin muscles are depth bands under the fat, clipped to their outline; each keeps
// clear of bone, the eye and the muscles layered with it.
#include <cmath>

#include "bones.h"
#include "catalogue.h"
#include "dimensions.h"
#include "layout.h"

namespace atlas_gen {
namespace {

constexpr double kClearance_mm = 0.5;  // gap kept to neighbouring muscles and the eye
// Gap kept to bone: 1 mm, so that mesh smoothing and decimation of both surfaces never push
// a muscle into bone.
constexpr double kBoneClearance_mm = 1.0;

double soft_top(V3 p) {
  return Body::skin_thickness(p) + Body::fat_thickness(p);
}

// Far outside the shape the exact value does not matter to the mesher, only its sign; every
// later step is a max(), so it can only grow: skip the expensive parts there.
constexpr double kFar_mm = 1.5;

double keep_out_of_bone(const Body& body, double d, V3 p) {
  if (d > kFar_mm) return d;
  return std::max(d, kBoneClearance_mm - skull_sdf(body, p));
}

// --- outlines (front view x-z unless said) ---

double procerus_sdf(const Body& body, V3 p) {
  // S7 / M13: depth 2.7 -> 3.8, thickness 1.6 -> 1.1, width 10.9 -> 14.5 from sellion to
  // glabella; continues ~8 mm above the glabella where it meets the frontalis.
  const double s =
      clamp01((p.z - layout::kSellionZ_mm) / (layout::kGlabellaZ_mm - layout::kSellionZ_mm));
  const double top = mix(dim::kProcerusDepthSellion_mm, dim::kProcerusDepthGlabella_mm, s);
  const double th = mix(dim::kProcerusThicknessSellion_mm, dim::kProcerusThicknessGlabella_mm, s);
  const double w = mix(dim::kProcerusWidthSellion_mm, dim::kProcerusWidthGlabella_mm, s);
  const double outline = std::max({std::abs(p.x) - w * 0.5, 12.0 - p.z, p.z - 42.0, 70.0 - p.y});
  return keep_out_of_bone(body, std::max(band(body.depth(p), top, top + th), outline), p);
}

double orbicularis_outline(V3 p) {
  // M14: 14 mm above, 12 mm below and 25 mm lateral of the orbital rim (rim 20 x 16 around the
  // pupil, K5); ends ~4 mm medial of the medial canthus.
  const double dx = p.x - layout::kPupilX_mm;
  const double dz = p.z - layout::kPupilZ_mm;
  const double rx = dx > 0.0 ? 20.0 + dim::kOrbicularisLateralRim_mm : 22.0;
  const double rz =
      dz > 0.0 ? 16.0 + dim::kOrbicularisAboveRim_mm : 16.0 + dim::kOrbicularisBelowRim_mm;
  const double dy = (p.y - layout::kEyeCentre.y) / 45.0;
  const double k = std::sqrt((dx / rx) * (dx / rx) + (dz / rz) * (dz / rz) + dy * dy);
  return std::max((k - 1.0) * 20.0, 8.0 - p.x);
}

double orbicularis_sdf(const Body& body, V3 p) {
  const double top = std::max(soft_top(p), 1.5);
  double d = std::max(band(body.depth(p), top, top + dim::kOrbicularisThickness_mm),
                      orbicularis_outline(p));
  if (d > kFar_mm) return d;
  d = std::max(d, kClearance_mm - eye_right_sdf(p));
  return keep_out_of_bone(body, d, p);
}

// The orbital margin seen from the front (x-z): the widest section of the orbit cavity (K5),
// superior margin at the supraorbital rim (z = 32.5), lateral margin at x = 50. Negative inside.
double orbital_margin_sdf(V3 p) {
  return sd_ellipse2(p.x - layout::kOrbitCentre.x, p.z - layout::kOrbitCentre.z,
                     layout::kOrbitRadii.x, layout::kOrbitRadii.z);
}

// The two parts of the orbicularis oculi, split at the orbital margin with a kClearance_mm gap:
// the palpebral part (eyelids, inside the margin, in front of the septum and the globe) and the
// orbital part (the ring over and around the rim). Together they are orbicularis_sdf, which the
// neighbouring muscles keep clear of.
double orbicularis_palpebral_sdf(const Body& body, V3 p) {
  return std::max(orbicularis_sdf(body, p), orbital_margin_sdf(p) + 0.5 * kClearance_mm);
}

double orbicularis_orbital_sdf(const Body& body, V3 p) {
  return std::max(orbicularis_sdf(body, p), 0.5 * kClearance_mm - orbital_margin_sdf(p));
}

double frontalis_sdf(const Body& body, V3 p) {
  // From the brow up to ~60 mm above the supraorbital notch (M2), medially split above 47 mm
  // (M1), laterally to the temporal fusion line. Depth from 2.55 mm (S4).
  const double top = soft_top(p);
  const double notch = layout::kSupraorbitalRimZ_mm;
  const double split_z = notch + dim::kFrontalisBifurcationAboveNotch_mm;
  const double medial_x = 1.0 + std::max(0.0, p.z - split_z) * 0.8;
  const double low_z = 29.0 + 0.12 * p.x;
  const double high_z = notch + dim::kFrontalisTopAboveNotch_mm - 0.1 * p.x;
  const double outline = std::max(
      {medial_x - p.x, p.x - layout::kTemporalLineX_mm, low_z - p.z, p.z - high_z, 40.0 - p.y});
  double d = std::max(band(body.depth(p), top, top + dim::kFrontalisThickness_mm), outline);
  if (d > kFar_mm) return d;
  d = subtract(d, orbicularis_sdf(body, p) - kClearance_mm);
  d = subtract(d, procerus_sdf(body, p) - kClearance_mm);
  return keep_out_of_bone(body, d, p);
}

double corrugator_sdf(const Body& body, V3 p) {
  // M11 outline relative to the intercanthal line (HL) and the midline, extended to the
  // lateral insertion 43 mm from nasion (M7); depth 4.6-6.2 (M12), thickness 1.62 (M10).
  const double hl = layout::kIntercanthalZ_mm;
  const std::vector<P2> outline{{4.3, hl + 17.3},  {13.9, hl + 15.8}, {30.0, hl + 22.0},
                                {42.0, hl + 27.0}, {35.3, hl + 28.6}, {16.4, hl + 31.2}};
  const double top = dim::kCorrugatorDepthTop_mm;
  double d = std::max(band(body.depth(p), top, top + dim::kCorrugatorThickness_mm),
                      sd_polygon({p.x, p.z}, outline));
  d = std::max(d, 60.0 - p.y);
  if (d > kFar_mm) return d;
  d = subtract(d, frontalis_sdf(body, p) - kClearance_mm);
  d = subtract(d, orbicularis_sdf(body, p) - kClearance_mm);
  return keep_out_of_bone(body, d, p);
}

// Levator palpebrae superioris: from the orbital apex forward under the orbital roof, over the
// globe, into the upper lid (M17-M22); belly ~38 mm, aponeurosis ~29 mm wide (M19).
const std::vector<V3>& levator_path() {
  static const std::vector<V3> path{
      {20.0, 34.0, 19.5}, {28.0, 58.0, 30.2}, {31.5, 74.0, 30.9}, {32.0, 83.0, 27.5}};
  return path;
}

double levator_sdf(const Body& body, V3 p) {
  double d = sd_ribbon(p, levator_path(), {5.0, 14.0, 24.0, dim::kLevatorAponeurosisWidth_mm}, 1.8,
                       {0.0, 0.0, 1.0});
  d = std::max(d, orbit_cavity_sdf(p) + kClearance_mm);  // stays inside the orbit
  d = std::max(d, kClearance_mm - eye_right_sdf(p));
  d = std::max(d, 1.0 - body.depth(p));
  if (d > kFar_mm) return d;
  d = subtract(d, orbicularis_sdf(body, p) - kClearance_mm);
  return keep_out_of_bone(body, d, p);
}

double temporalis_sdf(const Body& body, V3 p) {
  // Fills the temporal fossa under the temporal fascia: M23 7.6 mm mean, thicker at the
  // centre, thin at the outline.
  const double top = soft_top(p) + 1.0;
  const double inside = -Body::temporal_outline(p);
  const double th = std::min(Body::bone_depth(p) - top - 0.8, 2.0 + 0.3 * std::max(inside, 0.0));
  double d = std::max(band(body.depth(p), top, top + th), Body::temporal_outline(p));
  d = std::max(d, 28.0 - p.x);
  if (d > kFar_mm) return d;
  d = subtract(d, orbicularis_sdf(body, p) - kClearance_mm);
  d = subtract(d, frontalis_sdf(body, p) - kClearance_mm);
  return keep_out_of_bone(body, d, p);
}

double occipitalis_sdf(const Body& body, V3 p) {
  // M29 / M30: 60.9 x 31.7 mm, lower border 7.1 mm above the EOP horizontal, centre 29.6 mm
  // lateral of the midline.
  const double cz =
      layout::kInionZ_mm + dim::kOccipitalisAboveEop_mm + dim::kOccipitalisHeight_mm / 2;
  const double outline =
      std::max(sd_ellipse2(p.x - dim::kOccipitalisLateral_mm, p.z - cz,
                           dim::kOccipitalisWidth_mm / 2, dim::kOccipitalisHeight_mm / 2),
               p.y + 40.0);
  const double top = soft_top(p);
  const double d = std::max(band(body.depth(p), top, top + dim::kOccipitalisThickness_mm),
                            std::max(outline, 1.0 - p.x));
  return keep_out_of_bone(body, d, p);
}

double masseter_sdf(const Body& body, V3 p) {
  // Lateral to the ramus, from the zygomatic arch to the angle; 9.7 mm thick (M31).
  const std::vector<P2> outline{{14.0, -4.0},  {44.0, -6.0}, {40.0, -40.0},
                                {30.0, -68.0}, {2.0, -66.0}, {4.0, -38.0}};
  const double x_in = 48.5 + (p.z + 66.0) * 0.04;
  double d =
      std::max(sd_polygon({p.y, p.z}, outline), band(p.x, x_in, x_in + dim::kMasseterThickness_mm));
  d = std::max(d, soft_top(p) + 0.3 - body.depth(p));
  d = std::max(d, kBoneClearance_mm - mandible_sdf(p));
  d = std::max(d, kBoneClearance_mm - zygomatic_arch_sdf(p));
  return keep_out_of_bone(body, d, p);
}

// Thin facial muscles need a fine grid.
StructureDef muscle(const std::string& id, const std::string& name, const std::string& group) {
  return right_muscle(id, name, group, 0.5, 8000);
}

}  // namespace

void add_face_muscles(const Body& body, std::vector<StructureDef>* out) {
  const Body* b = &body;
  {
    auto d = muscle("frontalis_R", "Frontalis (right)", "frontalis");
    d.sdf = [b](V3 p) { return frontalis_sdf(*b, p); };
    d.box_min = {0.0, 38.0, 26.0};
    d.box_max = {58.0, 108.0, 100.0};
    d.spacing_mm = 0.8;
    d.fibre.type = Fibre::Type::Constant;
    d.fibre.direction = {0.0, 0.0, 1.0};
    d.colour = {0.78, 0.30, 0.24};
    d.target_triangles = 12000;
    out->push_back(d);
  }
  {
    auto d = muscle("corrugator_supercilii_R", "Corrugator supercilii (right)", "corrugator");
    d.sdf = [b](V3 p) { return corrugator_sdf(*b, p); };
    d.box_min = {2.0, 60.0, 28.0};
    d.box_max = {48.0, 106.0, 54.0};
    d.fibre.type = Fibre::Type::Constant;
    d.fibre.direction = unit({0.94, 0.0, 0.34});  // medial origin -> lateral brow (M6-M8)
    d.colour = {0.62, 0.16, 0.30};
    d.target_triangles = 4000;
    out->push_back(d);
  }
  {
    StructureDef d = muscle("procerus", "Procerus", "procerus");
    d.side = "midline";
    d.sdf = [b](V3 p) { return procerus_sdf(*b, p); };
    d.box_min = {-10.0, 70.0, 8.0};
    d.box_max = {10.0, 106.0, 46.0};
    d.fibre.type = Fibre::Type::Constant;
    d.fibre.direction = {0.0, 0.0, 1.0};
    d.colour = {0.66, 0.20, 0.36};
    d.target_triangles = 3000;
    out->push_back(d);
  }
  {
    // Orbital part: not a danger structure (the corrugator interdigitates with it and the
    // PREEMPT corrugator and frontalis sites lie next to it).
    auto d = muscle("orbicularis_oculi_orbital_R", "Orbicularis oculi, orbital part (right)",
                    "orbicularis_oculi");
    d.sdf = [b](V3 p) { return orbicularis_orbital_sdf(*b, p); };
    d.box_min = {6.0, 30.0, -18.0};
    d.box_max = {80.0, 104.0, 52.0};
    d.fibre.type = Fibre::Type::Path;  // circular around the orbital margin
    for (int i = 0; i <= 24; ++i) {
      const double a = 2.0 * 3.14159265358979323846 * i / 24.0;
      const V3 c{layout::kPupilX_mm + 26.0 * std::cos(a), 84.0 - 6.0 * std::abs(std::cos(a)),
                 layout::kPupilZ_mm + 22.0 * std::sin(a)};
      d.fibre.points.push_back(c);
    }
    d.colour = {0.80, 0.38, 0.30};
    d.target_triangles = 6000;
    out->push_back(d);
  }
  {
    // Palpebral part: in the upper and lower lids, inside the orbital margin. Not a danger
    // structure: clinical.md §4.2 names the levator palpebrae (eyelid ptosis) as the path by which
    // glabellar and frontal sites harm the eyelid, and sources no adverse effect for toxin in the
    // lid part of the orbicularis at these doses; spread into it is reported as spread beyond the
    // target.
    auto d = muscle("orbicularis_oculi_palpebral_R", "Orbicularis oculi, palpebral part (right)",
                    "orbicularis_oculi");
    d.sdf = [b](V3 p) { return orbicularis_palpebral_sdf(*b, p); };
    d.box_min = {8.0, 55.0, -3.0};
    d.box_max = {54.0, 104.0, 36.0};
    d.fibre.type = Fibre::Type::Path;  // arcs along the lids, medial -> lateral canthus
    for (int i = 0; i <= 24; ++i) {
      const double a = 2.0 * 3.14159265358979323846 * i / 24.0;
      const V3 c{layout::kPupilX_mm + 14.0 * std::cos(a), 86.0 - 6.0 * std::cos(a),
                 layout::kPupilZ_mm + 10.0 * std::sin(a)};
      d.fibre.points.push_back(c);
    }
    d.colour = {0.88, 0.46, 0.36};
    d.target_triangles = 4000;
    out->push_back(d);
  }
  {
    auto d = muscle("levator_palpebrae_superioris_R", "Levator palpebrae superioris (right)",
                    "levator_palpebrae");
    d.sdf = [b](V3 p) { return levator_sdf(*b, p); };
    d.box_min = {2.0, 28.0, 8.0};
    d.box_max = {52.0, 92.0, 40.0};
    d.fibre.type = Fibre::Type::Path;
    d.fibre.points = levator_path();
    d.adverse_effect = "eyelid ptosis";
    d.colour = {0.95, 0.55, 0.10};
    d.target_triangles = 3000;
    out->push_back(d);
  }
  {
    auto d = muscle("temporalis_R", "Temporalis (right)", "temporalis");
    d.sdf = [b](V3 p) { return temporalis_sdf(*b, p); };
    d.box_min = {26.0, -58.0, -4.0};
    d.box_max = {82.0, 72.0, 82.0};
    d.spacing_mm = 0.9;
    d.fibre.type = Fibre::Type::Converge;
    d.fibre.point = {46.0, 34.0, -20.0};  // coronoid process
    d.colour = {0.70, 0.26, 0.22};
    d.target_triangles = 12000;
    out->push_back(d);
  }
  {
    auto d = muscle("occipitalis_R", "Occipitalis (right)", "occipitalis");
    d.sdf = [b](V3 p) { return occipitalis_sdf(*b, p); };
    d.box_min = {-1.0, -112.0, 2.0};
    d.box_max = {68.0, -36.0, 52.0};
    d.fibre.type = Fibre::Type::Constant;
    d.fibre.direction = unit({-0.25, 0.25, 0.93});  // up from the nuchal line into the galea
    d.colour = {0.74, 0.30, 0.24};
    d.target_triangles = 5000;
    out->push_back(d);
  }
  {
    auto d = muscle("masseter_R", "Masseter (right)", "masseter");
    d.sdf = [b](V3 p) { return masseter_sdf(*b, p); };
    d.box_min = {40.0, -4.0, -76.0};
    d.box_max = {66.0, 52.0, 0.0};
    d.fibre.type = Fibre::Type::Path;
    d.fibre.points = {{54.0, 32.0, -8.0}, {54.0, 14.0, -64.0}};  // zygomatic arch -> angle
    d.colour = {0.66, 0.22, 0.20};
    d.target_triangles = 6000;
    out->push_back(d);
  }
}

}  // namespace atlas_gen
