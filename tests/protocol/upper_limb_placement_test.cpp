// The upper-limb spasticity template on the upper-limb atlas (issue 16): one affected side, every
// tip inside its target muscle, the motor points at their sourced percentage of the landmark
// line, and the session maximum enforced when every muscle is chosen.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "anatomy/atlas.h"
#include "plan/validation.h"
#include "protocol/protocol.h"
#include "protocol/protocol_placement.h"
#include "support/test_paths.h"

namespace toxplan::protocol {
namespace {

const anatomy::Atlas& upper_limb_atlas() {
  static const std::unique_ptr<anatomy::Atlas> atlas = [] {
    Findings findings;
    auto a = anatomy::Atlas::load(test::source_dir() + "/assets/atlas/upper-limb", &findings);
    EXPECT_TRUE(a) << (findings.empty() ? "" : findings[0].message);
    return a;
  }();
  return *atlas;
}

const Protocol& upper_limb_protocol() {
  static const ProtocolParseResult parsed = find_protocol("upper-limb-spasticity", protocols_dir());
  EXPECT_TRUE(parsed.protocol);
  return *parsed.protocol;
}

class UpperLimbTemplate : public ::testing::TestWithParam<std::string> {};

TEST_P(UpperLimbTemplate, EveryTipOfTheAffectedSideIsInsideItsTarget) {
  const std::string side = GetParam();
  const ProtocolApplication applied =
      apply_protocol(upper_limb_protocol(), upper_limb_atlas(), true, {}, side);
  for (const Finding& f : applied.findings) {
    EXPECT_NE(f.code, "TARGET_NOT_REACHED") << f.message;
    EXPECT_NE(f.severity, Severity::Error) << f.message;
  }
  ASSERT_EQ(applied.plan.sites.size(), upper_limb_protocol().sites.size()) << "one arm only";
  EXPECT_EQ(applied.plan.indication, plan::Indication::UpperLimbSpasticity);
  for (const plan::Site& site : applied.plan.sites) {
    EXPECT_EQ(site.id.substr(site.id.size() - 2), "_" + side) << site.id;
    EXPECT_EQ(site.entry_point_mm.x > 0.0, side == "R") << site.id << ": the patient's right is +x";
    const anatomy::Structure* target = upper_limb_atlas().find(site.target_structure_id);
    ASSERT_TRUE(target) << site.id << " targets " << site.target_structure_id;
    const int owner = upper_limb_atlas().label_at(site.tip_mm());
    const anatomy::Structure* at_tip = upper_limb_atlas().by_label(owner);
    EXPECT_EQ(owner, target->label)
        << site.id << ": the tip lies in " << (at_tip ? at_tip->id : std::string("no structure"))
        << ", not in " << site.target_structure_id;
    EXPECT_LE(site.dose_units, 50.0) << site.id << ": the label's 50 U per site";
  }
}

INSTANTIATE_TEST_SUITE_P(Sides, UpperLimbTemplate, ::testing::Values("L", "R"));

// Where the site's skin entry lies along the landmark line, in mm from the sourced percentage.
double mm_from_sourced_point(const plan::Site& site, const std::string& from, const std::string& to,
                             double fraction) {
  const Vec3 a = upper_limb_atlas().landmark(from)->position_mm;
  const Vec3 b = upper_limb_atlas().landmark(to)->position_mm;
  const double length = distance(a, b);
  const double along = dot(site.entry_point_mm - a, (b - a) * (1.0 / length));
  return std::abs(along - fraction * length);
}

TEST(UpperLimbTemplateMotorPoints, LieAtTheirSourcedPercentageOfTheLandmarkLine) {
  const ProtocolApplication applied =
      apply_protocol(upper_limb_protocol(), upper_limb_atlas(), false,
                     {"biceps_long_head_R", "brachioradialis_R", "pronator_quadratus_R"}, "R");
  ASSERT_EQ(applied.plan.sites.size(), 3u);
  // Biceps: 50 % of the coracoid to lateral epicondyle line (Park 2007); brachioradialis:
  // 12.60 % of the lateral epicondyle to radial styloid line (Yang 2017); pronator quadratus:
  // 13 % of the forearm from the wrist (Choung 2016).
  EXPECT_LT(mm_from_sourced_point(applied.plan.sites[0], "coracoid_process_R",
                                  "lateral_epicondyle_R", 0.5),
            5.0);
  EXPECT_LT(mm_from_sourced_point(applied.plan.sites[1], "lateral_epicondyle_R", "radial_styloid_R",
                                  0.126),
            5.0);
  EXPECT_LT(mm_from_sourced_point(applied.plan.sites[2], "wrist_centre_R", "elbow_centre_R", 0.13),
            5.0);
}

TEST(UpperLimbTemplateSide, WithoutTheAffectedSideNothingIsPlacedAndTheErrorSaysWhatToGive) {
  const ProtocolApplication applied =
      apply_protocol(upper_limb_protocol(), upper_limb_atlas(), true);
  EXPECT_TRUE(applied.plan.sites.empty());
  ASSERT_FALSE(applied.findings.empty());
  EXPECT_EQ(applied.findings[0].code, "PROTOCOL_SIDE_NEEDED");
  EXPECT_NE(applied.findings[0].message.find("--side L"), std::string::npos);
}

TEST(UpperLimbTemplateLimits, EveryMuscleAtOnceExceedsTheSessionMaximum) {
  const ProtocolApplication applied =
      apply_protocol(upper_limb_protocol(), upper_limb_atlas(), true, {}, "L");
  double units = 0;
  for (const plan::Site& s : applied.plan.sites)
    units += s.dose_units;
  EXPECT_GT(units, 400.0);
  const Findings findings = plan::validate_plan(applied.plan, plan::ValidationContext{});
  const bool over = std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
    return f.code == "LIMIT_SESSION" && f.severity == Severity::Error;
  });
  EXPECT_TRUE(over) << "the BOTOX 400 U upper-limb session maximum";
}

}  // namespace
}  // namespace toxplan::protocol
