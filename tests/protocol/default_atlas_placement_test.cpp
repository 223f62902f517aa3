// Every shipped protocol on the default atlas: each site's needle reaches its target, and its
// tip lies inside that target (the structure that owns the tip point is the target).
#include <gtest/gtest.h>

#include <memory>

#include "anatomy/atlas.h"
#include "protocol/protocol.h"
#include "protocol/protocol_placement.h"

namespace toxplan::protocol {
namespace {

const anatomy::Atlas& default_atlas() {
  static const std::unique_ptr<anatomy::Atlas> atlas = [] {
    Findings findings;
    auto a = anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings);
    EXPECT_TRUE(a) << (findings.empty() ? "" : findings[0].message);
    return a;
  }();
  return *atlas;
}

class ShippedProtocolOnDefaultAtlas : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedProtocolOnDefaultAtlas, EveryTipIsInsideItsTarget) {
  const ProtocolParseResult parsed = find_protocol(GetParam(), protocols_dir());
  ASSERT_TRUE(parsed.protocol) << GetParam();
  const ProtocolApplication applied = apply_protocol(*parsed.protocol, default_atlas(), true);
  for (const Finding& f : applied.findings) {
    EXPECT_NE(f.code, "TARGET_NOT_REACHED") << GetParam() << ": " << f.message;
    EXPECT_NE(f.severity, Severity::Error) << GetParam() << ": " << f.message;
  }
  ASSERT_EQ(applied.plan.sites.size(), expand_sites(*parsed.protocol, true).size());
  for (const plan::Site& site : applied.plan.sites) {
    const anatomy::Structure* target = default_atlas().find(site.target_structure_id);
    ASSERT_TRUE(target) << site.id << " targets " << site.target_structure_id;
    const int owner = default_atlas().label_at(site.tip_mm());
    const anatomy::Structure* at_tip = default_atlas().by_label(owner);
    EXPECT_EQ(owner, target->label) << GetParam() << " " << site.id << ": the tip lies in "
                                    << (at_tip ? at_tip->id : std::string("no structure"))
                                    << ", not in " << site.target_structure_id;
  }
}

// On the real anatomy the corrugator lies within about 9 mm of the orbital rim while the label
// keeps the entry 1 cm above it: straight in, the needle passes over the muscle, so placement
// angles it (and says so) until the tip lies in the corrugator.
TEST(ProtocolPlacement, AnglesTheNeedleToAThinTargetAndSaysSo) {
  const ProtocolParseResult parsed = find_protocol("preempt-155", protocols_dir());
  ASSERT_TRUE(parsed.protocol);
  const ProtocolApplication applied =
      apply_protocol(*parsed.protocol, default_atlas(), false, {"corrugator_L"});
  ASSERT_EQ(applied.plan.sites.size(), 1u);
  const plan::Site& site = applied.plan.sites[0];
  bool angled = false;
  for (const Finding& f : applied.findings) {
    if (f.code != "NEEDLE_ANGLED") continue;
    angled = true;
    EXPECT_NE(f.message.find("corrugator_supercilii_L"), std::string::npos) << f.message;
    EXPECT_NE(f.message.find("degrees"), std::string::npos) << f.message;
  }
  EXPECT_TRUE(angled);
  EXPECT_EQ(default_atlas().label_at(site.tip_mm()),
            default_atlas().find("corrugator_supercilii_L")->label);
  // The needle points downward (toward the rim) and within 40 degrees of the skin normal.
  EXPECT_LT(site.needle_direction.z, -0.3);
}

INSTANTIATE_TEST_SUITE_P(Protocols, ShippedProtocolOnDefaultAtlas,
                         ::testing::Values("preempt-155", "preempt-195-ftp", "cervical-dystonia"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name)
                             c = c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace toxplan::protocol
