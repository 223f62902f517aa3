// The frame and landmarks on real BodyParts3D fixtures (tests/fixtures/bodyparts3d): both sides
// are computed from their own bones, so the mirror checks test the rules, not a copy.
#include "atlas_build/skull_landmarks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "anatomy/mesh_import.h"
#include "atlas_build/bodyparts3d_fixture.h"
#include "support/test_paths.h"

namespace toxplan::atlas_build {
namespace {

using Fixture = test_fixture::RoleMeshes;

// The 4.0 bones are mm/100 and LPS; the skin pieces are mm, LPS (4.0 frame).
const Fixture& fixture() {
  static const Fixture* f = [] {
    auto* out = new Fixture;
    const std::map<std::string, std::vector<std::string>> files = {
        {"frontal_bone", {"4.0/bones/FJ3200_BP50323_FMA52734_Frontal_bone.glb"}},
        {"occipital_bone", {"4.0/bones/FJ3309_BP50492_FMA52735_Occipital_bone.glb"}},
        {"temporal_bone_L", {"4.0/bones/FJ3281_BP50407_FMA52739_Left_temporal_bone.glb"}},
        {"temporal_bone_R", {"4.0/bones/FJ3386_BP50640_FMA52738_Right_temporal_bone.glb"}},
        {"zygomatic_bone_L", {"4.0/bones/FJ3287_BP50539_FMA52893_Left_zygomatic_bone.glb"}},
        {"zygomatic_bone_R", {"4.0/bones/FJ3392_BP50261_FMA52892_Right_zygomatic_bone.glb"}},
        {"maxilla_L", {"4.0/bones/FJ3269_BP50452_FMA53650_Left_maxilla.glb"}},
        {"maxilla_R", {"4.0/bones/FJ3375_BP50505_FMA53649_Right_maxilla.glb"}},
        {"nasal_bone_L", {"4.0/bones/FJ6383_BP49463_FMA53648_Left_nasal_bone.glb"}},
        {"nasal_bone_R", {"4.0/bones/FJ6470_BP49469_FMA53647_Right_nasal_bone.glb"}},
        {"sphenoid_bone", {"4.0/bones/FJ3394_BP50491_FMA52736_Sphenoid_bone.glb"}},
        {"mandible", {"4.0/bones/FJ3289_BP50330_FMA52748_Mandible.glb"}},
        {"vertebra_C2", {"4.0/bones/FJ3177_BP50266_FMA12520_Axis.glb"}},
        {"vertebra_C7", {"4.0/bones/FJ3172_BP50475_FMA12525_Seventh_cervical_vertebra.glb"}},
        {"manubrium", {"4.0/bones/FJ3290_BP48924_FMA7486_Manubrium.glb"}},
        {"scapula_L", {"derived/left_scapula_above_z1320.ply"}},
        {"scapula_R", {"derived/right_scapula_above_z1320.ply"}},
        {"skin", {"skin/head_skin_above_z1400.ply", "skin/neck_shoulder_skin_z1250_1400.ply"}}};
    for (const auto& [role, rels] : files)
      test_fixture::add_role(out, role, rels, role == "skin" ? 1.0 : 100.0);
    return out;
  }();
  return *f;
}

struct Computed {
  std::vector<ComputedLandmark> landmarks;
  AtlasFrame frame;
  std::map<std::string, Vec3> atlas;  // id -> position in the atlas frame
};

const Computed& computed() {
  static const Computed* c = [] {
    auto* out = new Computed;
    out->landmarks = compute_landmarks(fixture().roles);
    out->frame = frame_from_landmarks(out->landmarks);
    for (const auto& l : out->landmarks)
      out->atlas[l.id] = out->frame.apply(l.position_mm);
    return out;
  }();
  return *c;
}

Vec3 at(const std::string& id) {
  auto it = computed().atlas.find(id);
  if (it == computed().atlas.end()) {
    ADD_FAILURE() << "no landmark " << id;
    return {};
  }
  return it->second;
}

TEST(SkullLandmarks, EveryIdTheProtocolsAndViewsUseIsThereWithItsRule) {
  const std::vector<std::string> single = {"nasion",        "sellion", "glabella",   "trichion",
                                           "vertex",        "inion",   "c2_spinous", "c7_spinous",
                                           "jugular_notch", "menton"};
  const std::vector<std::string> paired = {"supraorbital_notch",
                                           "supraorbital_rim",
                                           "supraorbital_rim_medial",
                                           "eyebrow_centre",
                                           "pupil",
                                           "medial_canthus",
                                           "lateral_canthus",
                                           "orbitale",
                                           "porion",
                                           "tragion",
                                           "mastoid",
                                           "zygomatic_arch",
                                           "temporal_fusion_line",
                                           "superior_nuchal_line",
                                           "gonion",
                                           "coronoid_process",
                                           "acromion"};
  std::size_t expected = single.size() + 2 * paired.size();
  EXPECT_EQ(computed().landmarks.size(), expected);
  for (const auto& id : single)
    EXPECT_TRUE(computed().atlas.count(id)) << id;
  for (const auto& id : paired) {
    EXPECT_TRUE(computed().atlas.count(id + "_L")) << id;
    EXPECT_TRUE(computed().atlas.count(id + "_R")) << id;
  }
  for (const auto& l : computed().landmarks) {
    EXPECT_FALSE(l.rule.empty()) << l.id;
    EXPECT_FALSE(l.name.empty()) << l.id;
    EXPECT_TRUE(l.rule.rfind("bone:", 0) == 0 || l.rule.rfind("skin:", 0) == 0) << l.id;
    EXPECT_TRUE(is_finite(l.position_mm)) << l.id;
  }
}

TEST(SkullLandmarks, PairsMirrorWithin3Mm) {
  for (const auto& [id, p] : computed().atlas) {
    if (id.size() < 2 || id.substr(id.size() - 2) != "_L") continue;
    const std::string base = id.substr(0, id.size() - 2);
    const Vec3 r = at(base + "_R");
    EXPECT_LT(std::abs(p.x + r.x), 3.0) << base << " x " << p.x << " / " << r.x;
    EXPECT_LT(std::abs(p.y - r.y), 3.0) << base << " y " << p.y << " / " << r.y;
    EXPECT_LT(std::abs(p.z - r.z), 3.0) << base << " z " << p.z << " / " << r.z;
    EXPECT_LT(p.x, 0.0) << base << " left must be at -x (RAS)";
  }
}

TEST(SkullLandmarks, FrameIsFrankfortAtMidTragion) {
  const Vec3 mid = (at("tragion_L") + at("tragion_R")) * 0.5;
  EXPECT_NEAR(mid.x, 0.0, 0.01);
  EXPECT_NEAR(mid.y, 0.0, 0.01);
  EXPECT_NEAR(mid.z, 0.0, 0.01);
  // The plane through both porions and the middle of the orbitales.
  const Vec3 pl = at("porion_L"), pr = at("porion_R");
  const Vec3 om = (at("orbitale_L") + at("orbitale_R")) * 0.5;
  const Vec3 n = normalized(cross(pr - pl, om - pl));
  const double tilt_deg = std::acos(std::abs(n.z)) * 180.0 / 3.14159265358979;
  EXPECT_LT(tilt_deg, 1.0);
  // The porion axis is x: the midsagittal plane is x = 0.
  EXPECT_NEAR(pl.y, pr.y, 1e-6);
  EXPECT_NEAR(pl.z, pr.z, 1e-6);
  // The source head is pitched chin-down against the Frankfort plane by a few degrees.
  EXPECT_GT(computed().frame.frankfort_tilt_before_deg, 2.0);
  EXPECT_LT(computed().frame.frankfort_tilt_before_deg, 15.0);
}

TEST(SkullLandmarks, FaceLiesInFrontAboveAndInTheMidline) {
  const Vec3 nasion = at("nasion");
  // BodyParts3D's ear sits far forward: the nasion is 79 mm in front of the mid-tragion here
  // (87 mm in 3D; BFM2017 mid-tragi -> mid-endocanthia 83.6, docs/reference row B5).
  EXPECT_GT(nasion.y, 70.0);
  EXPECT_LT(nasion.y, 110.0);
  EXPECT_GT(nasion.z, 0.0);
  EXPECT_NEAR(nasion.x, 0.0, 1e-9);
  // Vertex 131.1 +- 6.2 above tragion (A4); bitragion and interpupillary breadths (B4, A7).
  EXPECT_NEAR(at("vertex").z, 131.1, 2 * 6.2);
  EXPECT_NEAR(distance(at("pupil_L"), at("pupil_R")), 64.0, 2 * 3.4);
  // Skin points lie outside their bony points.
  EXPECT_GT(at("eyebrow_centre_L").y, at("supraorbital_rim_L").y);
  EXPECT_LT(at("tragion_L").x, at("porion_L").x);
  EXPECT_GT(at("tragion_R").x, at("porion_R").x);
  // Order along the face: glabella above nasion above pupils above orbitale above menton.
  EXPECT_GT(at("glabella").z, at("nasion").z);
  EXPECT_GT(at("nasion").z, at("pupil_L").z);
  EXPECT_GT(at("pupil_L").z, at("orbitale_L").z);
  EXPECT_GT(at("orbitale_L").z, at("menton").z);
  EXPECT_GT(at("supraorbital_rim_L").z, at("pupil_L").z);
  EXPECT_LT(at("inion").y, -60.0);
  EXPECT_LT(at("c7_spinous").z, at("c2_spinous").z);
  EXPECT_LT(at("jugular_notch").z, at("menton").z);
}

TEST(SkullLandmarks, AMissingMeshIsNamed) {
  MeshesByRole roles = fixture().roles;
  roles.erase("temporal_bone_R");
  try {
    compute_landmarks(roles);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("temporal_bone_R"), std::string::npos) << e.what();
  }
}

TEST(AtlasFrame, AppliesTheRowMajorTransform) {
  AtlasFrame f;
  f.transform = {0, -1, 0, 10, 1, 0, 0, 20, 0, 0, 1, 30, 0, 0, 0, 1};
  const Vec3 p = f.apply({1, 2, 3});
  EXPECT_DOUBLE_EQ(p.x, 8.0);
  EXPECT_DOUBLE_EQ(p.y, 21.0);
  EXPECT_DOUBLE_EQ(p.z, 33.0);
}

}  // namespace
}  // namespace toxplan::atlas_build
