#include "atlas_build/soft_tissue_regions.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

namespace toxplan::atlas_build::soft {

double smoothstep(double e0, double e1, double x) {
  const double t = std::clamp((x - e0) / (e1 - e0), 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

namespace {

double mix(double a, double b, double t) {
  return a + (b - a) * t;
}

struct Pair {
  const char* id;
  Vec3 Landmarks::*single = nullptr;
  Vec3 (Landmarks::*both)[2] = nullptr;
};

const std::vector<Pair>& landmark_fields() {
  static const std::vector<Pair> fields{
      {"nasion", &Landmarks::nasion},
      {"glabella", &Landmarks::glabella},
      {"vertex", &Landmarks::vertex},
      {"inion", &Landmarks::inion},
      {"c7_spinous", &Landmarks::c7_spinous},
      {"jugular_notch", &Landmarks::jugular_notch},
      {"tragion", nullptr, &Landmarks::tragion},
      {"supraorbital_rim", nullptr, &Landmarks::supraorbital_rim},
      {"orbitale", nullptr, &Landmarks::orbitale},
      {"zygomatic_arch", nullptr, &Landmarks::zygomatic_arch},
      {"mastoid", nullptr, &Landmarks::mastoid},
      {"superior_nuchal_line", nullptr, &Landmarks::superior_nuchal_line},
      {"temporal_fusion_line", nullptr, &Landmarks::temporal_fusion_line},
      {"gonion", nullptr, &Landmarks::gonion},
      {"coronoid_process", nullptr, &Landmarks::coronoid_process},
      {"pupil", nullptr, &Landmarks::pupil},
      {"eyebrow_centre", nullptr, &Landmarks::eyebrow_centre},
  };
  return fields;
}

}  // namespace

std::vector<std::string> required_landmark_ids() {
  std::vector<std::string> ids;
  for (const auto& f : landmark_fields()) {
    if (f.single) {
      ids.push_back(f.id);
    } else {
      ids.push_back(std::string(f.id) + "_L");
      ids.push_back(std::string(f.id) + "_R");
    }
  }
  return ids;
}

Landmarks read_landmarks(const std::map<std::string, Vec3>& by_id) {
  Landmarks lm;
  std::string missing;
  const auto get = [&](const std::string& id, Vec3* out) {
    const auto it = by_id.find(id);
    if (it == by_id.end()) {
      missing += (missing.empty() ? "" : ", ") + id;
    } else {
      *out = it->second;
    }
  };
  for (const auto& f : landmark_fields()) {
    if (f.single) {
      get(f.id, &(lm.*f.single));
    } else {
      get(std::string(f.id) + "_L", &(lm.*f.both)[0]);
      get(std::string(f.id) + "_R", &(lm.*f.both)[1]);
    }
  }
  const auto l = by_id.find("acromion_L"), r = by_id.find("acromion_R");
  if (l != by_id.end() && r != by_id.end()) {
    lm.acromion[0] = l->second;
    lm.acromion[1] = r->second;
    lm.has_acromion = true;
  }
  if (!missing.empty())
    throw std::runtime_error("soft tissue: landmarks missing: " + missing +
                             " (compute them with compute_landmarks first)");
  return lm;
}

const RegionTable& region_table() {
  // Skin = epidermis + dermis of S1/S2 (male means; ranges about +-1.2 SD of the dermis, which
  // dominates), S8 (eyelid), S9 (scalp). Fat = subcutaneous fat to the next layer: S3, S4, S10.
  static const RegionTable table{
      {
          {"forehead",
           {1.39, 1.0, 1.8,
            "Epidermis, HF ultrasound (BMC Med Imaging 2022;22:113); Dermis, HF ultrasound (BMC "
            "Med Imaging 2022;22:113) forehead (0.22 + 1.17)"}},
          {"glabella",
           {1.35, 1.0, 1.75,
            "Epidermis, HF ultrasound (BMC Med Imaging 2022;22:113); Dermis, HF ultrasound (BMC "
            "Med Imaging 2022;22:113) glabella (0.21 + 1.14)"}},
          {"temple",
           {1.25, 0.95, 1.6,
            "Epidermis, HF ultrasound (BMC Med Imaging 2022;22:113); Dermis, HF ultrasound (BMC "
            "Med Imaging 2022;22:113) temple (0.19 + 1.06)"}},
          {"eyelid",
           {0.85, 0.5, 1.2,
            "Epidermis, HF ultrasound (BMC Med Imaging 2022;22:113); Dermis, HF ultrasound (BMC "
            "Med Imaging 2022;22:113) eyelid (0.18 + 0.67); Hwang, Anat Cell Biol 2013;46:93"}},
          {"neck",
           {1.17, 0.9, 1.5,
            "Epidermis, HF ultrasound (BMC Med Imaging 2022;22:113); Dermis, HF ultrasound (BMC "
            "Med Imaging 2022;22:113) neck (0.19 + 0.98)"}},
          {"scalp",
           {1.71, 1.3, 2.15, "Sung et al., Arch Plast Surg 2025 (ultrasound 1.71 +- 0.41)"}},
          {"occiput", {1.71, 1.3, 2.15, "Sung et al., Arch Plast Surg 2025 (hair-bearing scalp)"}},
          {"cheek", {1.35, 0.9, 1.75, "choice: S1+S2 glabella value; S3 skin about 1 mm"}},
          {"nose", {1.35, 0.9, 1.75, "choice: as the cheek"}},
      },
      {
          {"forehead",
           {1.15, 0.85, 1.45,
            "Choi et al., Ultrasound Med Biol 2019;45:2641 (frontalis at 2.3-2.8) - skin"}},
          {"glabella", {1.15, 0.8, 1.5, "choice: as the forehead (S7: procerus 3.8 deep)"}},
          {"temple",
           {6.0, 4.5, 7.2, "Iyengar et al., Dermatol Surg 2018;44:855 (temporal 0.6 cm)"}},
          {"cheek",
           {6.0, 4.5, 7.2, "Iyengar et al., Dermatol Surg 2018;44:855 (0.5-0.6 cm lower face)"}},
          {"eyelid", {0.6, 0.3, 0.95, "choice (no source for eyelid fat)"}},
          {"nose", {1.2, 0.8, 1.6, "choice (no source for nasal fat)"}},
          {"occiput",
           {5.1, 3.6, 6.6,
            "Shim et al., Korean J Anesthesiol 2011;61:50 (6.8-7.0 +- 1.5 to the fascia) - skin"}},
          {"scalp", {3.0, 2.2, 3.8, "choice (S12 not found)"}},
          {"neck", {4.0, 3.0, 5.0, "choice (S16, S17 not found)"}},
      },
  };
  return table;
}

Regions::Regions(const Landmarks& lm) : lm_(lm) {}

Regions::Weights Regions::weights(const Vec3& q) const {
  const int s = q.x >= 0.0 ? 1 : 0;  // +x is the patient's right (index 1)
  const double ax = std::abs(q.x);
  const Vec3& gonion = lm_.gonion[s];
  const double rim_z = lm_.supraorbital_rim[s].z;
  const double brow_z = lm_.eyebrow_centre[s].z;
  const double trag_y = lm_.tragion[s].y;
  const double fusion_x = std::abs(lm_.temporal_fusion_line[s].x);
  Weights w{};
  // Head above the jaw line in front (falling 25 mm from the angle to the chin) and above the
  // superior nuchal line behind; the neck below.
  const double jaw_z =
      gonion.z - 25.0 * std::clamp((q.y - gonion.y) / (lm_.nasion.y - gonion.y), 0.0, 1.0);
  const double boundary =
      mix(lm_.superior_nuchal_line[s].z, jaw_z, smoothstep(lm_.mastoid[s].y - 10.0, gonion.y, q.y));
  w.head = smoothstep(boundary - 5.0, boundary + 5.0, q.z);
  // Face: in front of the ear and below the hairline (B1: 66.5 mm above the brow).
  w.face = smoothstep(trag_y + 15.0, trag_y + 35.0, q.y) *
           (1.0 - smoothstep(brow_z + 62.0, brow_z + 71.0, q.z));
  w.forehead =
      smoothstep(rim_z - 2.0, rim_z + 6.0, q.z) * (1.0 - smoothstep(fusion_x - 8.0, fusion_x, ax));
  const double gx = q.x - lm_.glabella.x, gz = q.z - lm_.glabella.z;
  w.glabella = (1.0 - smoothstep(10.0, 16.0, std::sqrt(gx * gx + gz * gz))) *
               smoothstep(lm_.glabella.y - 25.0, lm_.glabella.y - 15.0, q.y);
  w.temple = smoothstep(fusion_x - 4.0, fusion_x + 4.0, ax) *
             smoothstep(lm_.zygomatic_arch[s].z, lm_.zygomatic_arch[s].z + 8.0, q.z) *
             (1.0 - smoothstep(rim_z + 45.0, rim_z + 55.0, q.z)) *
             smoothstep(trag_y + 8.0, trag_y + 16.0, q.y);
  // Eyelids: inside the orbital opening seen from the front (K5 breadth 39.6: 18 mm either side
  // of the pupil; from the orbitale to the supraorbital rim).
  const Vec3& pupil = lm_.pupil[s];
  const double dx = (q.x - pupil.x) / 18.0;
  const double dz = q.z > pupil.z
                        ? (q.z - pupil.z) / std::max(4.0, rim_z - pupil.z - 2.0)
                        : (pupil.z - q.z) / std::max(4.0, pupil.z - lm_.orbitale[s].z - 2.0);
  w.eyelid = (1.0 - smoothstep(0.85, 1.05, std::sqrt(dx * dx + dz * dz))) *
             smoothstep(pupil.y - 25.0, pupil.y - 15.0, q.y);
  w.occiput = (1.0 - smoothstep(lm_.inion.y + 20.0, lm_.inion.y + 35.0, q.y)) *
              (1.0 - smoothstep(lm_.inion.z + 40.0, lm_.inion.z + 50.0, q.z));
  w.cheek = 1.0 - smoothstep(lm_.orbitale[s].z - 6.0, lm_.orbitale[s].z + 2.0, q.z);
  w.nose = (1.0 - smoothstep(10.0, 16.0, ax)) *
           (1.0 - smoothstep(lm_.nasion.z - 2.0, lm_.nasion.z + 4.0, q.z)) *
           smoothstep(lm_.orbitale[s].z - 40.0, lm_.orbitale[s].z - 34.0, q.z) *
           smoothstep(lm_.nasion.y - 25.0, lm_.nasion.y - 15.0, q.y);
  return w;
}

namespace {

// The weights of the regions as a partition of unity, in order of precedence (an eyelid
// point is an eyelid point even inside the face; the neck is what is left below the head).
std::vector<std::pair<const char*, double>> partition(double head, double face, double forehead,
                                                      double glabella, double temple, double eyelid,
                                                      double occiput, double cheek, double nose) {
  std::vector<std::pair<const char*, double>> out;
  double rem = 1.0;
  const auto take = [&](const char* id, double w) {
    const double e = w * rem;
    out.emplace_back(id, e);
    rem -= e;
  };
  take("eyelid", eyelid * head);
  take("glabella", glabella * head);
  take("nose", nose * head);
  take("temple", temple * head);
  const double face_part = head * face * rem, back = head * (1.0 - face) * rem;
  const double neck = (1.0 - head) * rem;
  // Below the orbit (cheek) the forehead weight is 0; the face between is forehead.
  const double fh = forehead * (1.0 - cheek);
  out.emplace_back("forehead", face_part * fh);
  out.emplace_back("cheek", face_part * (1.0 - fh));
  out.emplace_back("occiput", back * occiput);
  out.emplace_back("scalp", back * (1.0 - occiput));
  out.emplace_back("neck", neck);
  return out;
}

}  // namespace

double Regions::blend(const Weights& w, const std::map<std::string, RegionValue>& table) const {
  double t = 0.0;
  for (const auto& [id, e] : partition(w.head, w.face, w.forehead, w.glabella, w.temple, w.eyelid,
                                       w.occiput, w.cheek, w.nose))
    t += e * table.at(id).value_mm;
  return t;
}

double Regions::skin_mm(const Vec3& p) const {
  return blend(weights(p), region_table().skin);
}

double Regions::fat_mm(const Vec3& p) const {
  return blend(weights(p), region_table().fat);
}

namespace {

constexpr double kTragionKeepRadius_mm = 15.0;

// Total depth from the skin surface to the first real bone or muscle, per region: the nominal
// skin + fat (+ the derived sheet and its bone clearance where one lies between) as the least,
// the sum of the sourced upper ends as the most. Regions with weight 0 are left as they are.
struct Cover {
  double low_mm, high_mm, weight;
};
const std::map<std::string, Cover>& cover_table() {
  // forehead: skin 1.39 (1.8) + fat 1.15 (1.45) + frontalis 1.8 (2.4) + 1.0 bone clearance;
  // scalp: skin 1.71 (2.15) + fat 3.0 (3.8) + aponeurosis 1.0 (1.6) + 1.0; occiput: skin 1.71
  // (2.15) + fat 5.1 (6.6) + occipitalis 2.5 (3.2) + 1.0; glabella, temple, neck: skin + fat
  // over the real procerus / corrugator, temporalis, neck and shoulder muscles.
  static const std::map<std::string, Cover> table{
      {"forehead", {5.34, 6.65, 1.0}},  {"glabella", {2.5, 3.25, 1.0}},
      {"temple", {7.25, 8.8, 1.0}},     {"scalp", {6.71, 8.55, 1.0}},
      {"occiput", {10.31, 12.95, 1.0}}, {"neck", {5.17, 6.5, 1.0}},
      {"eyelid", {0.0, 0.0, 0.0}},      {"nose", {0.0, 0.0, 0.0}},
      {"cheek", {0.0, 0.0, 0.0}},
  };
  return table;
}

}  // namespace

Regions::CoverBand Regions::cover_band(const Vec3& p) const {
  const Weights w = weights(p);
  CoverBand band;
  double weight = 0.0;
  for (const auto& [id, e] : partition(w.head, w.face, w.forehead, w.glabella, w.temple, w.eyelid,
                                       w.occiput, w.cheek, w.nose)) {
    const Cover& c = cover_table().at(id);
    double region_weight = c.weight;
    if (std::string(id) == "neck") {
      // The neck and shoulders above the sternal notch, medial of the acromia: below and
      // lateral of them the chest and arm muscles are not in the sources.
      region_weight *= smoothstep(lm_.jugular_notch.z - 10.0, lm_.jugular_notch.z + 5.0, p.z);
      if (lm_.has_acromion) {
        const double ax = std::abs(lm_.acromion[p.x >= 0.0 ? 1 : 0].x);
        region_weight *= 1.0 - smoothstep(ax - 25.0, ax - 10.0, std::abs(p.x));
      }
    }
    band.low_mm += e * region_weight * c.low_mm;
    band.high_mm += e * region_weight * c.high_mm;
    weight += e * region_weight;
  }
  // Not around the tragia: they define the frame's origin, and the source skin has no auricle
  // there to conform.
  const double to_tragion = std::min(distance(p, lm_.tragion[0]), distance(p, lm_.tragion[1]));
  weight *= smoothstep(kTragionKeepRadius_mm, kTragionKeepRadius_mm + 10.0, to_tragion);
  // The band of the regions that take part, weighted; the weight says how much they do.
  if (weight > 1e-9) {
    band.low_mm /= weight;
    band.high_mm /= weight;
  }
  band.weight = std::min(1.0, weight);
  return band;
}

std::string Regions::core_region(const Vec3& p) const {
  const Weights w = weights(p);
  for (const auto& [id, e] : partition(w.head, w.face, w.forehead, w.glabella, w.temple, w.eyelid,
                                       w.occiput, w.cheek, w.nose))
    if (e >= 0.995) return id;
  return "";
}

}  // namespace toxplan::atlas_build::soft
