// Qualitative checks on the default atlas that follow from its geometry (issue: spread
// simulation): a corrugator site a few mm above the orbital rim reaches the levator palpebrae
// while the same dose well above the rim does not; a very large sternocleidomastoid dose
// reaches the pharynx while a small one does not.
#include <gtest/gtest.h>

#include "anatomy/atlas.h"
#include "protocol/protocol.h"
#include "protocol/protocol_placement.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"
#include "support/default_atlas.h"

using namespace toxplan;

namespace {

using toxplan::test::default_atlas;

// One site placed on the default atlas by a protocol rule, at `dose_units` in `volume_ml`.
plan::Plan one_site(const std::string& anchor, double superior_mm, double lateral_mm,
                    double anterior_mm, const std::string& approach,
                    const std::vector<std::string>& targets, double dose_units, double volume_ml,
                    double needle_mm) {
  protocol::Protocol protocol;
  protocol.id = "test";
  protocol.needle_length_mm = needle_mm;
  protocol::ProtocolSite s;
  s.id = "site";
  s.group = "test";
  s.targets = targets;
  s.sides = "L";
  s.dose_units = dose_units;
  s.volume_ml = volume_ml;
  s.placement.anchor = anchor;
  s.placement.superior_mm = superior_mm;
  s.placement.lateral_mm = lateral_mm;
  s.placement.anterior_mm = anterior_mm;
  s.placement.approach = approach;
  protocol.sites.push_back(s);
  const auto applied = protocol::apply_protocol(protocol, *default_atlas(), false);
  EXPECT_FALSE(toxplan::has_errors(applied.findings));
  EXPECT_EQ(applied.plan.sites.size(), 1u);
  return applied.plan;
}

// The effect volume of the plan's one site inside any of `structure_ids`.
double effect_volume_in(const plan::Plan& plan, const std::vector<std::string>& structure_ids) {
  sim::PlanSimulator simulator(std::make_shared<sim::AtlasTissue>(default_atlas()));
  const auto spread = simulator.simulate(plan, sim::resolve_parameters(plan, {}).parameters);
  double volume = 0.0;
  for (const sim::StructureShare& s : spread->sites.at(0)->metrics.structures) {
    for (const std::string& id : structure_ids) {
      if (s.id == id) volume += s.effect_volume_cm3;
    }
  }
  return volume;
}

// The pharynx of the default (BodyParts3D) atlas: the three constrictors on each side.
const std::vector<std::string> kPharynx = {
    "superior_pharyngeal_constrictor_L", "superior_pharyngeal_constrictor_R",
    "middle_pharyngeal_constrictor_L",   "middle_pharyngeal_constrictor_R",
    "inferior_pharyngeal_constrictor_L", "inferior_pharyngeal_constrictor_R"};

}  // namespace

TEST(DefaultAtlasSpread, CorrugatorNearTheRimReachesTheLevatorPalpebrae) {
  ASSERT_TRUE(default_atlas());
  const std::vector<std::string> targets = {"corrugator_supercilii_L",
                                            "orbicularis_oculi_orbital_L", "frontalis_L"};
  // 10 U in 0.5 mL (a dilute glabellar injection). On the real anatomy the levator lies in the
  // orbit, about 15 mm behind and below a site 3 mm above the rim with the orbital roof between:
  // 5 U in 0.1 mL reaches it only from the rim itself (0.08 cm3 at 0 mm, 0 at 3 mm).
  const plan::Plan low =
      one_site("supraorbital_rim_medial_L", 2.0, 4.0, 0.0, "anterior", targets, 10.0, 0.5, 12.7);
  const plan::Plan high =
      one_site("supraorbital_rim_medial_L", 20.0, 4.0, 0.0, "anterior", targets, 10.0, 0.5, 12.7);
  EXPECT_GT(effect_volume_in(low, {"levator_palpebrae_superioris_L"}), 0.02)
      << "10 U / 0.5 mL 2 mm above the rim should reach the levator palpebrae (eyelid ptosis)";
  EXPECT_EQ(effect_volume_in(high, {"levator_palpebrae_superioris_L"}), 0.0)
      << "the same dose 20 mm above the rim should stay clear of the levator palpebrae";
}

TEST(DefaultAtlasSpread, OnlyAVeryLargeSternocleidomastoidDoseReachesThePharynx) {
  ASSERT_TRUE(default_atlas());
  const std::vector<std::string> targets = {"sternocleidomastoid_L"};
  // Mid-SCM, the cervical-dystonia template's placement.
  auto scm = [&](double dose) {
    protocol::Protocol protocol;
    protocol.id = "test";
    protocol.needle_length_mm = 25.4;
    protocol::ProtocolSite s;
    s.id = "scm";
    s.group = "sternocleidomastoid";
    s.targets = targets;
    s.sides = "L";
    s.dose_units = dose;
    s.volume_ml = dose / 50.0;
    s.placement.between_a = "mastoid_L";
    s.placement.between_b = "jugular_notch";
    s.placement.fraction = 0.4;
    s.placement.approach = "lateral";
    protocol.sites.push_back(s);
    return protocol::apply_protocol(protocol, *default_atlas(), false).plan;
  };
  EXPECT_EQ(effect_volume_in(scm(5.0), kPharynx), 0.0);
  EXPECT_GT(effect_volume_in(scm(300.0), kPharynx), 0.0)
      << "300 U in one SCM should reach the pharynx (dysphagia, clinical.md §2.1)";
}
