// Limb landmarks (docs/atlas-build-landmarks.md "Limbs"). BodyParts3D stands in the anatomical
// position (arms hanging slightly abducted, palms forward, feet together), so every rule is an
// extreme of a bone's vertices along a body axis, taken within the end of the bone where the
// landmark lies: "the most lateral vertex of the distal 15 % of the humerus". A bony point, not
// a skin point: a protocol finds the skin over it along its approach.
#include "atlas_build/limb_landmarks.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

namespace toxplan::atlas_build {
namespace {

constexpr double kPi = 3.14159265358979323846;

const char* side_word(int s) {
  return s > 0 ? "right" : "left";
}
std::string sided(const std::string& id, int s) {
  return id + (s > 0 ? "_R" : "_L");
}

class Rules {
 public:
  explicit Rules(const MeshesByRole& meshes) : meshes_(meshes) {}

  const anatomy::TriangleMesh& need(const std::string& role) const {
    const auto it = meshes_.find(role);
    if (it == meshes_.end() || !it->second || it->second->vertices_mm.empty()) {
      throw std::runtime_error("limb landmarks: no mesh for the role '" + role +
                               "'; name its structure under \"landmark_roles\" in the recipe");
    }
    return *it->second;
  }

  // The vertex of `role` maximising `score` among those whose height lies in the given part of
  // the bone's span: part 0 = its lowest point, 1 = its highest.
  Vec3 extreme(const std::string& role, double part_lo, double part_hi,
               const std::function<double(const Vec3&)>& score) const {
    const anatomy::TriangleMesh& m = need(role);
    const anatomy::Box box = m.bounds();
    const double span = box.max_mm.z - box.min_mm.z;
    const double lo = box.min_mm.z + part_lo * span, hi = box.min_mm.z + part_hi * span;
    Vec3 best;
    double best_score = -std::numeric_limits<double>::infinity();
    for (const Vec3& v : m.vertices_mm) {
      if (v.z < lo || v.z > hi) continue;
      const double sc = score(v);
      if (sc > best_score) {
        best_score = sc;
        best = v;
      }
    }
    return best;
  }

  Vec3 centre(const std::string& role) const {
    const anatomy::Box box = need(role).bounds();
    return (box.min_mm + box.max_mm) * 0.5;
  }

  void add(const std::string& id, const std::string& name, const std::string& rule, const Vec3& p) {
    list.push_back({id, name, rule, p});
  }
  const Vec3& at(const std::string& id) const {
    for (const ComputedLandmark& l : list)
      if (l.id == id) return l.position_mm;
    throw std::logic_error("limb landmarks: " + id + " used before it was found");
  }

  std::vector<ComputedLandmark> list;

 private:
  const MeshesByRole& meshes_;
};

void upper_limb(Rules* r) {
  for (int s : {-1, 1}) {
    const std::string side = std::string(" (") + side_word(s) + ")";
    const auto lateral = [s](const Vec3& v) { return s * v.x; };
    const std::string scapula = sided("scapula", s), humerus = sided("humerus", s),
                      radius = sided("radius", s), ulna = sided("ulna", s);
    r->add(
        sided("acromion", s), "Acromion" + side,
        "the most lateral vertex of the top 25 mm of the " + scapula,
        r->extreme(scapula, 0.0, 1.0, [&, top = r->need(scapula).bounds().max_mm.z](const Vec3& v) {
          return v.z > top - 25.0 ? lateral(v) : -1e9;
        }));
    r->add(sided("coracoid_process", s), "Coracoid process (tip)" + side,
           "the most anterior vertex of the " + scapula,
           r->extreme(scapula, 0.0, 1.0, [](const Vec3& v) { return v.y; }));
    r->add(sided("lateral_epicondyle", s), "Lateral epicondyle of the humerus" + side,
           "the most lateral vertex of the distal 15 % of the " + humerus,
           r->extreme(humerus, 0.0, 0.15, lateral));
    r->add(sided("medial_epicondyle", s), "Medial epicondyle of the humerus" + side,
           "the most medial vertex of the distal 15 % of the " + humerus,
           r->extreme(humerus, 0.0, 0.15, [&](const Vec3& v) { return -lateral(v); }));
    r->add(sided("olecranon", s), "Olecranon (tip)" + side, "the highest vertex of the " + ulna,
           r->extreme(ulna, 0.0, 1.0, [](const Vec3& v) { return v.z; }));
    r->add(sided("radial_styloid", s), "Radial styloid process (tip)" + side,
           "the lowest vertex of the " + radius,
           r->extreme(radius, 0.0, 1.0, [](const Vec3& v) { return -v.z; }));
    r->add(sided("ulnar_styloid", s), "Ulnar styloid process (tip)" + side,
           "the lowest vertex of the " + ulna,
           r->extreme(ulna, 0.0, 1.0, [](const Vec3& v) { return -v.z; }));
    r->add(sided("elbow_centre", s), "Elbow centre (between the epicondyles)" + side,
           "midpoint of the lateral and medial epicondyles",
           (r->at(sided("lateral_epicondyle", s)) + r->at(sided("medial_epicondyle", s))) * 0.5);
    r->add(sided("wrist_centre", s), "Wrist centre (between the styloids)" + side,
           "midpoint of the radial and ulnar styloid processes",
           (r->at(sided("radial_styloid", s)) + r->at(sided("ulnar_styloid", s))) * 0.5);
    r->add(sided("metacarpal_2_middle", s), "Second metacarpal, middle" + side,
           "centre of the bounding box of the " + sided("metacarpal_2", s),
           r->centre(sided("metacarpal_2", s)));
    r->add(sided("metacarpal_3_middle", s), "Third metacarpal, middle" + side,
           "centre of the bounding box of the " + sided("metacarpal_3", s),
           r->centre(sided("metacarpal_3", s)));
    const Vec3 wrist = r->at(sided("wrist_centre", s));
    r->add(sided("thumb_proximal_phalanx_base", s),
           "Base of the proximal phalanx of the thumb" + side,
           "the vertex of the " + sided("thumb_proximal_phalanx", s) + " nearest the wrist centre",
           r->extreme(sided("thumb_proximal_phalanx", s), 0.0, 1.0,
                      [&](const Vec3& v) { return -distance(v, wrist); }));
  }
}

void lower_limb(Rules* r) {
  for (int s : {-1, 1}) {
    const std::string side = std::string(" (") + side_word(s) + ")";
    const auto lateral = [s](const Vec3& v) { return s * v.x; };
    const std::string hip = sided("hip_bone", s), femur = sided("femur", s),
                      tibia = sided("tibia", s), fibula = sided("fibula", s),
                      calcaneus = sided("calcaneus", s);
    r->add(sided("anterior_superior_iliac_spine", s), "Anterior superior iliac spine" + side,
           "the most anterior vertex of the upper 40 % of the " + hip,
           r->extreme(hip, 0.6, 1.0, [](const Vec3& v) { return v.y; }));
    r->add(sided("greater_trochanter", s), "Greater trochanter" + side,
           "the most lateral vertex of the proximal 20 % of the " + femur,
           r->extreme(femur, 0.8, 1.0, lateral));
    r->add(sided("lateral_femoral_condyle", s),
           "Lateral femoral condyle (most lateral point)" + side,
           "the most lateral vertex of the distal 10 % of the " + femur,
           r->extreme(femur, 0.0, 0.10, lateral));
    r->add(sided("medial_femoral_condyle", s), "Medial femoral condyle (most medial point)" + side,
           "the most medial vertex of the distal 10 % of the " + femur,
           r->extreme(femur, 0.0, 0.10, [&](const Vec3& v) { return -lateral(v); }));
    r->add(sided("fibular_head", s), "Head of the fibula (apex)" + side,
           "the highest vertex of the " + fibula,
           r->extreme(fibula, 0.0, 1.0, [](const Vec3& v) { return v.z; }));
    r->add(sided("lateral_malleolus", s), "Lateral malleolus (tip)" + side,
           "the lowest vertex of the " + fibula,
           r->extreme(fibula, 0.0, 1.0, [](const Vec3& v) { return -v.z; }));
    r->add(sided("medial_malleolus", s), "Medial malleolus (most medial point)" + side,
           "the most medial vertex of the distal 5 % of the " + tibia,
           r->extreme(tibia, 0.0, 0.05, [&](const Vec3& v) { return -lateral(v); }));
    r->add(sided("calcaneal_tuberosity", s), "Calcaneal tuberosity (most posterior point)" + side,
           "the most posterior vertex of the " + calcaneus,
           r->extreme(calcaneus, 0.0, 1.0, [](const Vec3& v) { return -v.y; }));
    r->add(
        sided("knee_centre", s), "Knee centre (between the femoral condyles)" + side,
        "midpoint of the lateral and medial femoral condyles",
        (r->at(sided("lateral_femoral_condyle", s)) + r->at(sided("medial_femoral_condyle", s))) *
            0.5);
    r->add(sided("ankle_centre", s), "Ankle centre (between the malleoli)" + side,
           "midpoint of the lateral and medial malleoli",
           (r->at(sided("lateral_malleolus", s)) + r->at(sided("medial_malleolus", s))) * 0.5);
  }
}

}  // namespace

std::vector<std::string> limb_landmark_roles(BodyRegion region) {
  std::vector<std::string> base;
  if (region == BodyRegion::UpperLimb) {
    base = {"scapula",
            "humerus",
            "radius",
            "ulna",
            "metacarpal_2",
            "metacarpal_3",
            "thumb_proximal_phalanx"};
  } else if (region == BodyRegion::LowerLimb) {
    base = {"hip_bone", "femur", "tibia", "fibula", "calcaneus"};
  }
  std::vector<std::string> roles;
  for (const std::string& b : base)
    for (int s : {-1, 1})
      roles.push_back(sided(b, s));
  return roles;
}

std::vector<ComputedLandmark> compute_limb_landmarks(BodyRegion region,
                                                     const MeshesByRole& meshes) {
  Rules rules(meshes);
  if (region == BodyRegion::UpperLimb) upper_limb(&rules);
  if (region == BodyRegion::LowerLimb) lower_limb(&rules);
  return rules.list;
}

AtlasFrame limb_frame(BodyRegion region, const std::vector<ComputedLandmark>& landmarks) {
  const std::string pair = region == BodyRegion::LowerLimb ? "greater_trochanter" : "acromion";
  auto find = [&](const std::string& id) {
    for (const ComputedLandmark& l : landmarks)
      if (l.id == id) return l.position_mm;
    throw std::runtime_error("limb frame: landmark '" + id + "' is missing");
  };
  const Vec3 left = find(pair + "_L"), right = find(pair + "_R");
  const Vec3 origin = (left + right) * 0.5;
  const Vec3 across = right - left;
  // x along the pair's line seen from above; z stays the sources' vertical.
  const Vec3 ex = normalized(Vec3{across.x, across.y, 0.0});
  const Vec3 ez{0, 0, 1};
  const Vec3 ey = cross(ez, ex);
  AtlasFrame frame = AtlasFrame::from_axes(ex, ey, ez, origin);
  frame.frankfort_tilt_before_deg =
      std::atan2(std::abs(across.z), std::hypot(across.x, across.y)) * 180.0 / kPi;
  return frame;
}

}  // namespace toxplan::atlas_build
