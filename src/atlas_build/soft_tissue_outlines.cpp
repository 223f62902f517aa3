#include "atlas_build/soft_tissue_outlines.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace toxplan::atlas_build::soft {
namespace {

// Sourced and chosen dimensions (docs/reference/anatomy-dimensions.md rows; "choice" where no
// source gives the number).
constexpr double kFrontalisThickness_mm = 1.8;         // choice: M5 not found (S4 band 2.3-2.8)
constexpr double kFrontalisSplitAboveNotch_mm = 47.0;  // M1
constexpr double kFrontalisTopAboveNotch_mm = 60.0;    // M2 (fibres at 50 mm in 75 %)
constexpr double kOrbicularisThickness_mm = 1.2;       // M16 ~1.0 (low confidence); choice
constexpr double kOrbicularisAboveRim_mm = 14.0;       // M14
constexpr double kOrbicularisBelowRim_mm = 12.0;       // M14
constexpr double kOrbicularisLateralRim_mm = 25.0;     // M14
constexpr double kOrbitHalfBreadth_mm = 19.8;          // K5 breadth 39.6
constexpr double kOccipitalisWidth_mm = 60.9;          // M29
constexpr double kOccipitalisHeight_mm = 31.7;         // M29
constexpr double kOccipitalisAboveEop_mm = 7.1;        // M30
constexpr double kOccipitalisLateral_mm = 29.6;        // M30
constexpr double kOccipitalisThickness_mm = 2.5;       // choice (not found)
constexpr double kAponeurosisThickness_mm = 1.0;       // choice (not found)
constexpr double kMasseterThickness_mm = 9.7;          // M31 (male, relaxed, 9.7 +- 1.5)

double band(double d, double top, double bottom) {
  return std::max(top - d, d - bottom);
}

// Removes b (negative inside) from a, keeping `gap` between them.
double subtract(double a, double b, double gap) {
  return std::max(a, gap - b);
}

// Signed distance-like value of an ellipse (exact on the axes, good enough near it).
double ellipse(double dx, double dz, double rx, double rz) {
  const double k = std::sqrt((dx / rx) * (dx / rx) + (dz / rz) * (dz / rz));
  return (k - 1.0) * std::min(rx, rz);
}

// Signed distance to a polygon in 2-D (negative inside), vertices in order.
double polygon(double px, double py, const std::vector<std::pair<double, double>>& v) {
  double d = 1e300;
  bool inside = false;
  for (std::size_t i = 0, j = v.size() - 1; i < v.size(); j = i++) {
    const double ex = v[i].first - v[j].first, ey = v[i].second - v[j].second;
    const double wx = px - v[j].first, wy = py - v[j].second;
    const double t = std::clamp((wx * ex + wy * ey) / (ex * ex + ey * ey), 0.0, 1.0);
    const double dx = wx - ex * t, dy = wy - ey * t;
    d = std::min(d, dx * dx + dy * dy);
    if ((v[i].second > py) != (v[j].second > py) &&
        px < (v[j].first - v[i].first) * (py - v[i].second) / (v[j].second - v[i].second) +
                 v[i].first)
      inside = !inside;
  }
  return inside ? -std::sqrt(d) : std::sqrt(d);
}

}  // namespace

DerivedSpec derived_spec(const std::string& method, const std::string& side) {
  const bool paired = side == "L" || side == "R";
  DerivedSpec s;
  s.method = method;
  s.side = side;
  if (method == "frontalis" && paired) {
    s.method_text =
        "depth band under the regional skin + fat, 1.8 mm thick, from the brow (3.5 mm below the "
        "supraorbital rim medially) to 60 mm above it, split in the midline above 47 mm, lateral "
        "edge at the temporal fusion line; clear of bone, real muscles and orbicularis oculi";
    s.sources = {"Choi et al., Ultrasound Med Biol 2019;45:2641", "Costin et al., Ophthal Plast Reconstr Surg 2015;31:66", "Costin et al. 2015 (frontalis fibres above the notch)",
                 "frontalis thickness: no published number found (thickness not found: 1.8 mm is a choice)"};
    s.thickness_low_mm = 1.2, s.thickness_high_mm = 2.4;
    s.thickness_source = "choice around 1.8 mm (M5 not found)";
  } else if ((method == "orbicularis_oculi_orbital" || method == "orbicularis_oculi_palpebral") &&
             paired) {
    const bool orbital = method == "orbicularis_oculi_orbital";
    s.method_text = std::string(
                        "depth band under the skin + fat, 1.2 mm thick, 14 mm above, 12 mm "
                        "below and 25 mm lateral of the orbital rim around the pupil; ") +
                    (orbital ? "the ring outside the orbital margin (ellipse 39.6 mm wide from "
                               "the orbitale to the supraorbital rim)"
                             : "the lids inside the orbital margin (ellipse 39.6 mm wide from the "
                               "orbitale to the supraorbital rim)");
    s.sources = {"Costin et al., Ophthal Plast Reconstr Surg 2014 (orbicularis extent)",
                 "Abe et al., Cosmetics 2019;6:65 (orbicularis thickness, derived) (about 1.0, low confidence)",
                 "Shukla et al., Delhi J Ophthalmol 2020 (orbit size)"};
    s.thickness_low_mm = 0.7, s.thickness_high_mm = 1.7;
    s.thickness_source = "M16 about 1.0 mm (low confidence); 1.2 chosen";
  } else if (method == "occipitalis" && paired) {
    s.method_text =
        "depth band under the skin + fat, 2.5 mm thick, ellipse 60.9 x 31.7 mm centred 29.6 mm "
        "lateral, lower border 7.1 mm above the inion horizontal and above the superior nuchal "
        "line";
    s.sources = {"Jeon, Kim & Han (occipitalis size)", "Jeon, Kim & Han (occipitalis position)",
                 "thickness not found: 2.5 mm is a choice"};
    s.thickness_low_mm = 1.8, s.thickness_high_mm = 3.2;
    s.thickness_source = "choice around 2.5 mm";
  } else if (method == "epicranial_aponeurosis" && side == "midline") {
    s.method_text =
        "depth band under the scalp skin + fat, 1.0 mm thick, over the vault between the temporal "
        "fusion lines, from the frontalis to the occipitalis (0.5 mm gap to both)";
    s.sources = {"Ingallina et al., Plast Reconstr Surg 2022;149:587 (layer order)",
                 "thickness not found: 1.0 mm is a choice"};
    s.thickness_low_mm = 0.6, s.thickness_high_mm = 1.6;
    s.thickness_source = "choice around 1.0 mm";
  } else if (method == "masseter" && paired) {
    s.method_text =
        "9.7 mm band lateral to the real mandibular ramus and zygomatic arch (1 mm clear of the "
        "bone), from the arch to the angle (outline from the tragion, zygomatic arch, coronoid and "
        "gonion landmarks), under the fat";
    s.sources = {"Kiliaridis & Kalebo, J Dent Res 1991;70:1262", "Koruyucu & Asantogrol, ultrasound reference values (masseter, temporalis)"};
    s.thickness_low_mm = 7.0, s.thickness_high_mm = 11.2;
    s.thickness_source = "M31 9.7 +- 1.5 (less where the soft tissue over the ramus is thinner)";
  } else {
    throw std::invalid_argument("soft tissue: no derived structure '" + method + "' on side '" +
                                side +
                                "' (frontalis, occipitalis, orbicularis_oculi_orbital, "
                                "orbicularis_oculi_palpebral, masseter: L or R; "
                                "epicranial_aponeurosis: midline)");
  }
  return s;
}

double DerivedOutlines::clear_of_real(double d, const Sample& s) const {
  d = std::max(d, kBoneClearance_mm - s.bone);
  return std::max(d, kMuscleClearance_mm - s.muscle);
}

double DerivedOutlines::orbicularis(int side, const Sample& s) const {
  const double sign = side == 1 ? 1.0 : -1.0;
  const double X = sign * s.p.x;  // lateral positive
  const Vec3& pupil = lm_.pupil[side];
  const double rim_z = lm_.supraorbital_rim[side].z, orb_z = lm_.orbitale[side].z;
  const double dx = X - std::abs(pupil.x), dz = s.p.z - pupil.z;
  const double rx = dx > 0.0 ? kOrbitHalfBreadth_mm + kOrbicularisLateralRim_mm : 22.0;
  const double rz = dz > 0.0 ? (rim_z - pupil.z) + kOrbicularisAboveRim_mm
                             : (pupil.z - orb_z) + kOrbicularisBelowRim_mm;
  const double dy = (s.p.y - (pupil.y - 12.0)) / 45.0;
  const double k = std::sqrt((dx / rx) * (dx / rx) + (dz / rz) * (dz / rz) + dy * dy);
  const double outline = std::max((k - 1.0) * 20.0, 8.0 - X);
  const double top = std::max(s.soft_top, 1.5);
  return std::max(band(s.depth, top, top + kOrbicularisThickness_mm), outline);
}

double DerivedOutlines::orbital_margin(int side, const Vec3& p) const {
  const double rim_z = lm_.supraorbital_rim[side].z, orb_z = lm_.orbitale[side].z;
  return ellipse(p.x - lm_.pupil[side].x, p.z - 0.5 * (rim_z + orb_z), kOrbitHalfBreadth_mm,
                 0.5 * (rim_z - orb_z));
}

double DerivedOutlines::frontalis(int side, const Sample& s) const {
  const double sign = side == 1 ? 1.0 : -1.0;
  const double X = sign * s.p.x;
  const double rim_z = lm_.supraorbital_rim[side].z;
  const double split_z = rim_z + kFrontalisSplitAboveNotch_mm;
  const double medial_x = 1.0 + std::max(0.0, s.p.z - split_z) * 0.8;
  const double low_z = rim_z - 3.5 + 0.12 * X;
  const double high_z = rim_z + kFrontalisTopAboveNotch_mm - 0.1 * X;
  const double lateral_x = std::abs(lm_.temporal_fusion_line[side].x);
  const double outline = std::max({medial_x - X, X - lateral_x, low_z - s.p.z, s.p.z - high_z,
                                   lm_.tragion[side].y + 20.0 - s.p.y});
  double d = std::max(band(s.depth, s.soft_top, s.soft_top + kFrontalisThickness_mm), outline);
  if (d > 2.0) return d;
  d = subtract(d, orbicularis(side, s), kMuscleClearance_mm);
  return clear_of_real(d, s);
}

double DerivedOutlines::occipitalis(int side, const Sample& s) const {
  const double sign = side == 1 ? 1.0 : -1.0;
  const double X = sign * s.p.x;
  const double cz = lm_.inion.z + kOccipitalisAboveEop_mm + kOccipitalisHeight_mm / 2.0;
  const double outline =
      std::max({ellipse(X - kOccipitalisLateral_mm, s.p.z - cz, kOccipitalisWidth_mm / 2.0,
                        kOccipitalisHeight_mm / 2.0),
                s.p.y - (lm_.inion.y + 60.0), lm_.superior_nuchal_line[side].z - s.p.z, 1.0 - X});
  double d = std::max(band(s.depth, s.soft_top, s.soft_top + kOccipitalisThickness_mm), outline);
  if (d > 2.0) return d;
  return clear_of_real(d, s);
}

double DerivedOutlines::aponeurosis(const Sample& s) const {
  const int side = s.p.x >= 0.0 ? 1 : 0;
  const double lateral_x = std::abs(lm_.temporal_fusion_line[side].x);
  // Lower edge from above the occipitalis behind to within the frontalis' top in front.
  const double t = smoothstep(lm_.inion.y, lm_.glabella.y, s.p.y);
  const double low_z = (1.0 - t) * (lm_.inion.z + kOccipitalisAboveEop_mm + 20.0) +
                       t * (lm_.supraorbital_rim[side].z + kFrontalisSplitAboveNotch_mm);
  const double outline = std::max(std::abs(s.p.x) - lateral_x, low_z - s.p.z);
  double d = std::max(band(s.depth, s.soft_top, s.soft_top + kAponeurosisThickness_mm), outline);
  if (d > 2.0) return d;
  for (int k = 0; k < 2; ++k) {
    d = subtract(d, frontalis(k, s), kMuscleClearance_mm);
    d = subtract(d, occipitalis(k, s), kMuscleClearance_mm);
  }
  return clear_of_real(d, s);
}

double DerivedOutlines::masseter(int side, const Sample& s) const {
  const double sign = side == 1 ? 1.0 : -1.0;
  const Vec3& go = lm_.gonion[side];
  const Vec3& arch = lm_.zygomatic_arch[side];
  const Vec3& cor = lm_.coronoid_process[side];
  const Vec3& tr = lm_.tragion[side];
  // Side view (y anterior, z up): origin on the lower border of the arch from in front of the
  // joint to the zygomatic bone, insertion over the ramus down to the angle.
  const std::vector<std::pair<double, double>> outline{
      {tr.y + 12.0, arch.z - 3.0}, {cor.y + 18.0, arch.z - 5.0},
      {go.y + 32.0, go.z + 6.0},   {go.y + 14.0, go.z - 3.0},
      {go.y - 1.0, go.z + 4.0},    {tr.y + 8.0, 0.5 * (arch.z + go.z)}};
  double d = polygon(s.p.y, s.p.z, outline);
  // Lateral of the jaw bones: the nearest jaw point lies medial.
  const double lateral =
      s.jaw < kJawBandRadius_mm ? sign * (s.p.x - s.jaw_point.x) - 0.5 * s.jaw : -1.0;
  // On its own side only, well lateral of the midline: the medial face of the other side's
  // mandible is also "lateral of the jaw" seen from inside the mouth.
  const double own_side = 0.5 * sign * go.x - sign * s.p.x;
  d = std::max({d, band(s.jaw, kBoneClearance_mm, kBoneClearance_mm + kMasseterThickness_mm),
                -lateral, own_side, s.soft_top + 0.3 - s.depth});
  if (d > 2.0) return d;
  return clear_of_real(d, s);
}

double DerivedOutlines::value(const std::string& method, int side, const Sample& s) const {
  if (method == "frontalis") return frontalis(side, s);
  if (method == "occipitalis") return occipitalis(side, s);
  if (method == "masseter") return masseter(side, s);
  if (method == "epicranial_aponeurosis") return aponeurosis(s);
  if (method == "orbicularis_oculi_orbital")
    return clear_of_real(
        std::max(orbicularis(side, s), 0.5 * kMuscleClearance_mm - orbital_margin(side, s.p)), s);
  if (method == "orbicularis_oculi_palpebral")
    return clear_of_real(
        std::max(orbicularis(side, s), orbital_margin(side, s.p) + 0.5 * kMuscleClearance_mm), s);
  throw std::invalid_argument("soft tissue: unknown derived method '" + method + "'");
}

}  // namespace toxplan::atlas_build::soft
