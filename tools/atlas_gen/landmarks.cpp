// Landmarks are found by casting rays onto the generated surfaces, so they lie on the skin (or
// bone) the meshes show; bilateral ones are made on the right and mirrored exactly.
#include "landmarks.h"

#include <cmath>
#include <functional>
#include <stdexcept>

#include "bones.h"
#include "dimensions.h"
#include "layout.h"

namespace atlas_gen {
namespace {

V3 cast(const std::function<double(V3)>& f, V3 origin, V3 dir, const std::string& what) {
  const V3 d = unit(dir);
  double prev = f(origin);
  double prev_t = 0.0;
  for (double t = 0.2; t < 600.0; t += 0.2) {
    const double cur = f(origin + d * t);
    if (prev > 0.0 && cur <= 0.0) {
      double lo = prev_t, hi = t;  // bisection to 1e-4 mm
      for (int i = 0; i < 40; ++i) {
        const double mid = 0.5 * (lo + hi);
        (f(origin + d * mid) > 0.0 ? lo : hi) = mid;
      }
      return origin + d * (0.5 * (lo + hi));
    }
    prev = cur;
    prev_t = t;
  }
  throw std::runtime_error("landmark ray missed: " + what);
}

}  // namespace

std::vector<LandmarkDef> build_landmarks(const Body& body) {
  const Body* b = &body;
  auto skin = [b](V3 p) { return -b->depth(p); };
  auto skull = [b](V3 p) { return skull_sdf(*b, p); };
  auto on_skin = [&](V3 from, V3 dir, const std::string& id) { return cast(skin, from, dir, id); };
  const V3 back{0.0, 1.0, 0.0};
  const V3 front{0.0, -1.0, 0.0};
  const V3 medial{-1.0, 0.0, 0.0};
  const auto& tips = spinous_tips();

  std::vector<LandmarkDef> mid{
      {"nasion", "Nasion (soft tissue)", on_skin({0, 200, layout::kNasionZ_mm}, front, "nasion")},
      {"sellion", "Sellion", on_skin({0, 200, layout::kSellionZ_mm}, front, "sellion")},
      {"glabella", "Glabella", on_skin({0, 200, layout::kGlabellaZ_mm}, front, "glabella")},
      {"trichion", "Trichion (hairline)",
       on_skin({0, 200, layout::kTrichionZ_mm}, front, "trichion")},
      {"vertex", "Vertex", on_skin({0, -2, 300}, {0, 0, -1}, "vertex")},
      {"inion", "Inion (external occipital protuberance)",
       on_skin({0, -300, layout::kInionZ_mm}, back, "inion")},
      {"c2_spinous", "C2 spinous process", on_skin({0, -300, tips[1].z}, back, "c2")},
      {"c7_spinous", "C7 spinous process (cervicale)", on_skin({0, -300, tips[6].z}, back, "c7")},
      {"jugular_notch", "Jugular notch (suprasternale)",
       on_skin({0, 200, -dim::kTragionAboveSuprasternale_mm}, front, "jugular")},
      {"menton", "Menton", on_skin({0, 74, -300}, {0, 0, 1}, "menton")},
  };
  const double medial_rim_z =
      layout::kOrbitCentre.z +
      layout::kOrbitRadii.z *
          std::sqrt(1.0 - std::pow((16.0 - layout::kOrbitCentre.x) / layout::kOrbitRadii.x, 2));
  std::vector<LandmarkDef> right{
      {"supraorbital_rim_R", "Supraorbital rim above the pupil, bone (right)",
       cast(skull, {layout::kPupilX_mm, 200, layout::kSupraorbitalRimZ_mm + 0.5}, front, "rim")},
      {"supraorbital_rim_medial_R", "Supraorbital rim, medial, bone (right)",
       cast(skull, {16.0, 200, medial_rim_z + 0.5}, front, "rim medial")},
      {"eyebrow_centre_R", "Eyebrow centre (right)",
       on_skin({layout::kPupilX_mm, 200, layout::kBrowZ_mm}, front, "brow")},
      {"pupil_R", "Pupil, midpupillary point on the eye (right)",
       layout::kEyeCentre + V3{0.0, layout::kEyeRadius_mm, 0.0}},
      // BFM2017 mean canthi (L1): intercanthal 33.3, biocular 87.1.
      {"medial_canthus_R", "Medial canthus (right)",
       on_skin({16.65, 200, layout::kPupilZ_mm}, front, "mc")},
      {"lateral_canthus_R", "Lateral canthus (right)",
       on_skin({43.55, 200, layout::kPupilZ_mm}, front, "lc")},
      {"temporal_fusion_line_R", "Temporal fusion line at forehead mid-height (right)",
       on_skin({layout::kTemporalLineX_mm, 200, 62.0}, front, "tfl")},
      {"zygomatic_arch_R", "Zygomatic arch (right)", on_skin({200, 28.0, -4.0}, medial, "zyg")},
      // Tragion defines the frame: bitragion breadth 146 (B4), on the Frankfort plane.
      {"tragion_R", "Tragion (right)", {dim::kBitragion_mm / 2.0, 0.0, 0.0}},
      {"mastoid_R", "Mastoid process tip (right)", on_skin({200, -18.0, -36.0}, medial, "mastoid")},
      {"superior_nuchal_line_R", "Superior nuchal line, 30 mm lateral (right)",
       on_skin({30.0, -300, layout::kInionZ_mm - 4.0}, back, "snl")},
      {"acromion_R", "Acromion (right)",
       on_skin({300, -32.0, layout::kAcromionZ_mm}, medial, "acromion")},
      {"gonion_R", "Gonion (right)", on_skin({200, 2.0, -68.0}, medial, "gonion")},
  };
  std::vector<LandmarkDef> all = mid;
  for (const auto& r : right) {
    all.push_back(r);
    LandmarkDef l = r;
    l.id = r.id.substr(0, r.id.size() - 2) + "_L";
    const auto pos = l.name.find("(right)");
    if (pos != std::string::npos) l.name.replace(pos, 7, "(left)");
    l.position = mirror_x(r.position);
    all.push_back(l);
  }
  return all;
}

}  // namespace atlas_gen
