// The default atlas: the real anatomy built from BodyParts3D (assets/atlas/default, made by
// `toxplan atlas build assets/recipes/bodyparts3d-head-neck.json`): it loads without errors,
// its geometry checks clean, it has the structures the issue asks for with their FMA ids, its
// derived structures say so, and it carries BodyParts3D's licence and credit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "anatomy/atlas.h"
#include "anatomy/atlas_checks.h"
#include "support/test_paths.h"

namespace toxplan::anatomy {
namespace {

const std::string kCredit =
    "BodyParts3D, © The Database Center for Life Science, licensed under CC Attribution-Share "
    "Alike 2.1 Japan";

std::string atlas_dir() {
  return Atlas::default_dir();
}

const Atlas& real_atlas() {
  static const std::unique_ptr<Atlas> atlas = [] {
    Findings findings;
    auto a = Atlas::load(atlas_dir(), &findings);
    for (const Finding& f : findings)
      ADD_FAILURE() << f.code << ": " << f.message;
    return a;
  }();
  return *atlas;
}

TEST(DefaultAtlas, LoadsAndChecksWithoutErrorsOrWarnings) {
  // Plans name their atlas by id: "default" must open this real atlas.
  EXPECT_EQ(real_atlas().id(), "default");
  EXPECT_EQ(Atlas::shipped_dir("default"), atlas_dir());
  const Findings findings = check_atlas_geometry(real_atlas());
  for (const Finding& f : findings)
    ADD_FAILURE() << f.code << ": " << f.message;
  for (const Structure& s : real_atlas().structures()) {
    EXPECT_TRUE(s.closed) << s.id;
  }
}

TEST(DefaultAtlas, HasTheRealHeadNeckAndShoulders) {
  const Atlas& atlas = real_atlas();
  EXPECT_GE(atlas.structures().size(), 80u);
  for (const char* id : {"frontal_bone",
                         "occipital_bone",
                         "sphenoid_bone",
                         "mandible",
                         "vertebra_C1",
                         "vertebra_C7",
                         "hyoid_bone",
                         "thyroid_cartilage",
                         "cricoid_cartilage",
                         "clavicle_L",
                         "scapula_R",
                         "first_rib_L",
                         "manubrium",
                         "sternocleidomastoid_L",
                         "trapezius_R",
                         "splenius_capitis_L",
                         "semispinalis_capitis_R",
                         "levator_scapulae_L",
                         "scalenus_medius_R",
                         "temporalis_L",
                         "corrugator_supercilii_R",
                         "procerus",
                         "frontalis_L",
                         "occipitalis_R",
                         "masseter_L",
                         "orbicularis_oculi_orbital_L",
                         "orbicularis_oculi_palpebral_R",
                         "epicranial_aponeurosis",
                         "levator_palpebrae_superioris_L",
                         "lateral_rectus_R",
                         "middle_pharyngeal_constrictor_L",
                         "skin",
                         "subcutaneous_fat"}) {
    EXPECT_TRUE(atlas.find(id)) << id << " is missing";
  }
  int real = 0, derived = 0;
  for (const Structure& s : atlas.structures()) {
    if (s.derived()) {
      ++derived;
      EXPECT_FALSE(s.derived_sources.empty()) << s.id << ": a derived structure names its sources";
    } else {
      ++real;
      EXPECT_EQ(s.fma_id.rfind("FMA", 0), 0u) << s.id << " has no FMA id";
    }
  }
  EXPECT_EQ(derived, 13);  // skin, fat, 11 muscles and the aponeurosis
  EXPECT_GE(real, 130);
}

TEST(DefaultAtlas, DangerStructuresNameTheirAdverseEffect) {
  const Atlas& atlas = real_atlas();
  EXPECT_EQ(atlas.find("levator_palpebrae_superioris_R")->adverse_effect, "eyelid ptosis");
  EXPECT_EQ(atlas.find("superior_rectus_L")->adverse_effect, "diplopia");
  EXPECT_EQ(atlas.find("inferior_pharyngeal_constrictor_R")->adverse_effect, "dysphagia");
  EXPECT_NE(atlas.find("zygomaticus_major_L")->adverse_effect.find("NOT VERIFIED"),
            std::string::npos);
}

TEST(DefaultAtlas, FibresRunTheKnownWays) {
  const Atlas& atlas = real_atlas();
  auto direction = [&](const std::string& id) {
    const Structure* s = atlas.find(id);
    return s->fibre.at(atlas.surface_centroid_mm(s->label));
  };
  // Frontalis vertical; SCM from the mastoid down and forward to the sternum and clavicle;
  // trapezius descending part from the occiput down and out to the clavicle; temporalis
  // converging on the coronoid process.
  EXPECT_GT(std::abs(direction("frontalis_L").z), 0.95);
  for (const std::string side : {"L", "R"}) {
    const Vec3 scm = direction("sternocleidomastoid_" + side);
    const Vec3 mastoid = atlas.landmark("mastoid_" + side)->position_mm;
    const Vec3 notch = atlas.landmark("jugular_notch")->position_mm;
    EXPECT_GT(std::abs(dot(scm, normalized(notch - mastoid))), std::cos(30.0 * M_PI / 180.0))
        << "SCM " << side;
    const Vec3 trapezius = direction("trapezius_" + side);
    const Vec3 acromion = atlas.landmark("acromion_" + side)->position_mm;
    const Vec3 inion = atlas.landmark("inion")->position_mm;
    EXPECT_GT(std::abs(dot(trapezius, normalized(acromion - inion))), std::cos(40.0 * M_PI / 180.0))
        << "trapezius " << side;
    const Structure* temporalis = atlas.find("temporalis_" + side);
    EXPECT_EQ(temporalis->fibre.type, FibreField::Type::Converge);
    EXPECT_LT(
        norm(temporalis->fibre.point_mm - atlas.landmark("coronoid_process_" + side)->position_mm),
        0.01);
  }
}

TEST(DefaultAtlas, LandmarkPairsMirrorAndTheFrameIsFrankfort) {
  const Atlas& atlas = real_atlas();
  int pairs = 0;
  for (const Landmark& l : atlas.landmarks()) {
    if (l.id.size() < 2 || l.id.substr(l.id.size() - 2) != "_L") continue;
    const Landmark* r = atlas.landmark(l.id.substr(0, l.id.size() - 2) + "_R");
    ASSERT_TRUE(r) << l.id;
    EXPECT_LT(std::abs(l.position_mm.x + r->position_mm.x), 5.0) << l.id;
    EXPECT_LT(std::abs(l.position_mm.y - r->position_mm.y), 5.0) << l.id;
    EXPECT_LT(std::abs(l.position_mm.z - r->position_mm.z), 5.0) << l.id;
    ++pairs;
  }
  EXPECT_GE(pairs, 15);
  const Vec3 tl = atlas.landmark("tragion_L")->position_mm;
  const Vec3 tr = atlas.landmark("tragion_R")->position_mm;
  EXPECT_LT(norm((tl + tr) * 0.5), 0.01);
  for (const char* id : {"porion_L", "porion_R", "orbitale_L"}) {
    EXPECT_LT(std::abs(atlas.landmark(id)->position_mm.z), 0.02) << id;
  }
}

TEST(DefaultAtlas, ShipsWithItsLicenceAndCredit) {
  EXPECT_EQ(real_atlas().attribution(), kCredit);
  EXPECT_NE(real_atlas().licence().find("CC BY-SA 2.1 JP"), std::string::npos);
  std::ifstream in(atlas_dir() + "/LICENCE");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(kCredit), std::string::npos);
  EXPECT_NE(text.str().find("creativecommons.org/licenses/by-sa/2.1/jp"), std::string::npos);
}

}  // namespace
}  // namespace toxplan::anatomy
