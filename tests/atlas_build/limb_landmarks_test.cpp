// The upper-limb landmarks and frame on real BodyParts3D bones (tests/fixtures/bodyparts3d/4.0:
// both scapulae, humeri, radii, ulnae, second and third metacarpals and thumb proximal
// phalanges). Each side is computed from its own bones, so the mirror checks test the rules.
#include "atlas_build/limb_landmarks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "atlas_build/bodyparts3d_fixture.h"
#include "support/test_paths.h"

namespace toxplan::atlas_build {
namespace {

using Fixture = test_fixture::RoleMeshes;

const Fixture& fixture() {
  static const Fixture* f = [] {
    auto* out = new Fixture;
    const std::map<std::string, std::string> files = {
        {"scapula_L", "FJ3279_BP49237_FMA13396_Left_scapula.glb"},
        {"scapula_R", "FJ3384_BP49365_FMA13395_Right_scapula.glb"},
        {"humerus_L", "FJ3262_BP50594_FMA23131_Left_humerus.glb"},
        {"humerus_R", "FJ3368_BP50400_FMA23130_Right_humerus.glb"},
        {"radius_L", "FJ3277_BP50617_FMA23465_Left_radius.glb"},
        {"radius_R", "FJ3349_BP50368_FMA23464_Right_radius.glb"},
        {"ulna_L", "FJ3286_BP50365_FMA23468_Left_ulna.glb"},
        {"ulna_R", "FJ3391_BP50269_FMA23467_Right_ulna.glb"},
        {"metacarpal_2_L", "FJ3243_BP49917_FMA24467_Left_second_metacarpal_bone.glb"},
        {"metacarpal_2_R", "FJ3352_BP49897_FMA24466_Right_second_metacarpal_bone.glb"},
        {"metacarpal_3_L", "FJ3246_BP50098_FMA24469_Left_third_metacarpal_bone.glb"},
        {"metacarpal_3_R", "FJ3354_BP50137_FMA24468_Right_third_metacarpal_bone.glb"},
        {"thumb_proximal_phalanx_L", "FJ3318_BP49957_FMA65470_Proximal_phalanx_of_left_thumb.glb"},
        {"thumb_proximal_phalanx_R",
         "FJ3327_BP50025_FMA24450_Proximal_phalanx_of_right_thumb.glb"}};
    for (const auto& [role, file] : files)
      test_fixture::add_role(out, role, {"4.0/bones/" + file}, 100.0);
    return out;
  }();
  return *f;
}

struct Computed {
  AtlasFrame frame;
  std::map<std::string, Vec3> atlas;  // id -> position in the atlas frame
  std::size_t count = 0;
};

const Computed& computed() {
  static const Computed* c = [] {
    auto* out = new Computed;
    const auto landmarks = compute_limb_landmarks(BodyRegion::UpperLimb, fixture().roles);
    out->count = landmarks.size();
    out->frame = limb_frame(BodyRegion::UpperLimb, landmarks);
    for (const auto& l : landmarks)
      out->atlas[l.id] = out->frame.apply(l.position_mm);
    return out;
  }();
  return *c;
}

Vec3 at(const std::string& id) {
  const auto it = computed().atlas.find(id);
  if (it == computed().atlas.end()) {
    ADD_FAILURE() << "no landmark " << id;
    return {};
  }
  return it->second;
}

const char* const kPaired[] = {
    "acromion",     "coracoid_process",    "lateral_epicondyle",  "medial_epicondyle",
    "olecranon",    "radial_styloid",      "ulnar_styloid",       "elbow_centre",
    "wrist_centre", "metacarpal_2_middle", "metacarpal_3_middle", "thumb_proximal_phalanx_base"};

TEST(UpperLimbLandmarks, EachSideHasEveryLandmarkAndTheSidesMirrorWithin5mm) {
  EXPECT_EQ(computed().count, 2 * std::size(kPaired));
  for (const char* id : kPaired) {
    const Vec3 l = at(std::string(id) + "_L"), r = at(std::string(id) + "_R");
    EXPECT_LT(l.x, 0.0) << id << ": the patient's left is -x";
    EXPECT_GT(r.x, 0.0) << id;
    // BodyParts3D's arms are one body's, not mirrored copies: 5 mm allows its asymmetry.
    EXPECT_NEAR(l.x, -r.x, 5.0) << id;
    EXPECT_NEAR(l.y, r.y, 5.0) << id;
    EXPECT_NEAR(l.z, r.z, 5.0) << id;
  }
}

TEST(UpperLimbLandmarks, TheFrameIsCentredBetweenTheAcromiaWithTheirLineAlongX) {
  const Vec3 l = at("acromion_L"), r = at("acromion_R");
  EXPECT_NEAR(l.x + r.x, 0.0, 1e-6);
  EXPECT_NEAR(l.y, r.y, 1e-6);
  EXPECT_NEAR(l.z + r.z, 0.0, 1e-6);
  EXPECT_GT(r.x - l.x, 300.0);  // shoulders, not one bone
}

TEST(UpperLimbLandmarks, PointsLieWhereTheAnatomyPutsThem) {
  for (int s : {-1, 1}) {
    const std::string side = s > 0 ? "_R" : "_L";
    const auto x_lateral = [s](const Vec3& p) { return s * p.x; };
    // Anatomical position: palms forward, so the radius is lateral.
    EXPECT_GT(x_lateral(at("lateral_epicondyle" + side)),
              x_lateral(at("medial_epicondyle" + side)) + 30.0);
    EXPECT_GT(x_lateral(at("radial_styloid" + side)), x_lateral(at("ulnar_styloid" + side)) + 20.0);
    EXPECT_GT(at("coracoid_process" + side).y, at("acromion" + side).y + 10.0) << "anterior";
    // Elbow extended: the olecranon tip behind the epicondyles, at about their height.
    EXPECT_LT(at("olecranon" + side).y, at("elbow_centre" + side).y - 4.0);
    EXPECT_NEAR(at("olecranon" + side).z, at("elbow_centre" + side).z, 15.0);
    // Forearm length 25.50 +- 1.56 cm (clinic-reference.md 2.3, pronator quadratus row,
    // Sci Rep 2025): within two standard deviations.
    const double forearm_mm = distance(at("elbow_centre" + side), at("wrist_centre" + side));
    EXPECT_GT(forearm_mm, 223.8) << side;
    EXPECT_LT(forearm_mm, 286.2) << side;
    EXPECT_LT(at("thumb_proximal_phalanx_base" + side).z, at("wrist_centre" + side).z);
  }
}

TEST(UpperLimbLandmarks, AMissingBoneIsNamedWithTheRecipeFieldToFix) {
  MeshesByRole roles = fixture().roles;
  roles.erase("ulna_R");
  try {
    compute_limb_landmarks(BodyRegion::UpperLimb, roles);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("ulna_R"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("landmark_roles"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace toxplan::atlas_build
