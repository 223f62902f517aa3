// Position rules (issue 12 item 5): where a site is, measured from the atlas landmarks, gives the
// sourced adverse-effect warnings (brow ptosis, eyelid ptosis, neck weakness, dysphagia) that
// spread into a danger structure alone does not. Generic rules, so they run on the schematic atlas
// and the shipped plans as made on it (tests/fixtures/schematic), moved site by site; no spread
// is solved (the rules need positions only).
#include <gtest/gtest.h>

#include <algorithm>

#include "anatomy/atlas.h"
#include "plan/plan_io.h"
#include "sim/atlas_tissue.h"
#include "sim/position_rules.h"
#include "sim/spread_flags.h"
#include "support/schematic_atlas.h"
#include "support/test_paths.h"

using namespace toxplan;

namespace {

const sim::AtlasTissue& tissue() {
  static const sim::AtlasTissue t = [] {
    toxplan::Findings f;
    return sim::AtlasTissue(std::shared_ptr<const anatomy::Atlas>(
        anatomy::Atlas::load(test::schematic_atlas_dir(), &f)));
  }();
  return t;
}

// The default (real) atlas, for the shipped plans as they are.
const sim::AtlasTissue& default_tissue() {
  static const sim::AtlasTissue t = [] {
    toxplan::Findings f;
    return sim::AtlasTissue(std::shared_ptr<const anatomy::Atlas>(
        anatomy::Atlas::load(anatomy::Atlas::default_dir(), &f)));
  }();
  return t;
}

plan::Plan shipped(const std::string& name) {
  const plan::PlanLoadResult r = plan::load_plan_file(test::schematic_plan(name));
  EXPECT_TRUE(r.plan) << name;
  return r.plan ? *r.plan : plan::Plan{};
}

plan::Site& site(plan::Plan& plan, const std::string& id) {
  auto it = std::find_if(plan.sites.begin(), plan.sites.end(),
                         [&](const plan::Site& s) { return s.id == id; });
  EXPECT_NE(it, plan.sites.end()) << id;
  return *it;
}

toxplan::Findings flags(const plan::Plan& plan) {
  return sim::position_flags(plan, {}, sim::SpreadParameters{}, tissue().table(),
                             tissue().landmarks());
}

// Copies: the findings passed in are often a temporary.
toxplan::Findings with_code(const toxplan::Findings& findings, const std::string& code) {
  toxplan::Findings out;
  for (const toxplan::Finding& f : findings)
    if (f.code == code) out.push_back(f);
  return out;
}

double landmark_z(const std::string& id) {
  return tissue().landmarks().at(id).z;
}

}  // namespace

TEST(PositionRules, ShippedPlansRaiseNoPositionWarning) {
  for (const char* name : {"preempt-155.toxplan.json", "preempt-195-ftp.toxplan.json",
                           "cervical-dystonia-example.toxplan.json"}) {
    // On the schematic atlas, as made there ...
    for (const toxplan::Finding& f : flags(shipped(name))) {
      ADD_FAILURE() << "schematic " << name << ": " << f.code << " " << f.message;
    }
    // ... and the shipped plans on the default atlas.
    const plan::PlanLoadResult r = plan::load_plan_file(test::source_dir() + "/plans/" + name);
    ASSERT_TRUE(r.plan) << name;
    for (const toxplan::Finding& f :
         sim::position_flags(*r.plan, {}, sim::SpreadParameters{}, default_tissue().table(),
                             default_tissue().landmarks())) {
      ADD_FAILURE() << "plans/" << name << ": " << f.code << " " << f.message;
    }
  }
}

TEST(PositionRules, LateralFrontalis12MmAboveTheBrowWarnsOfBrowPtosis) {
  plan::Plan plan = shipped("preempt-155.toxplan.json");
  plan::Site& s = site(plan, "frontalis_L_lateral");
  s.entry_point_mm.z = landmark_z("eyebrow_centre_L") + 12.0;
  const auto brow = with_code(flags(plan), "BROW_PTOSIS_RISK");
  ASSERT_EQ(brow.size(), 1u);
  EXPECT_EQ(brow[0].severity, toxplan::Severity::Warning);
  EXPECT_EQ(brow[0].site_id, "frontalis_L_lateral");
  EXPECT_NE(brow[0].message.find("12.0 mm above the eyebrow"), std::string::npos)
      << brow[0].message;
  EXPECT_NE(brow[0].message.find("BOTOX Cosmetic label"), std::string::npos);
  EXPECT_NE(brow[0].message.find("20.0 mm above the eyebrow"), std::string::npos);
  EXPECT_NE(brow[0].message.find("estimate"), std::string::npos);
}

TEST(PositionRules, Frontalis25MmAboveTheBrowIsQuietAnd22MmIsInformation) {
  plan::Plan plan = shipped("preempt-155.toxplan.json");
  plan::Site& s = site(plan, "frontalis_R_lateral");
  s.entry_point_mm.z = landmark_z("eyebrow_centre_R") + 25.0;
  EXPECT_TRUE(with_code(flags(plan), "BROW_PTOSIS_RISK").empty());
  s.entry_point_mm.z = landmark_z("eyebrow_centre_R") + 22.0;
  const auto brow = with_code(flags(plan), "BROW_PTOSIS_RISK");
  ASSERT_EQ(brow.size(), 1u);
  EXPECT_EQ(brow[0].severity, toxplan::Severity::Info);
}

TEST(PositionRules, Corrugator5MmAboveTheRimWarnsOfEyelidPtosis) {
  plan::Plan plan = shipped("preempt-155.toxplan.json");
  plan::Site& s = site(plan, "corrugator_L");
  // The rim under the site: between the medial rim point (x = -16) and the mid-pupil one
  // (x = -32); the corrugator site is at x = -20.
  const auto& medial = tissue().landmarks().at("supraorbital_rim_medial_L");
  const auto& mid = tissue().landmarks().at("supraorbital_rim_L");
  const double t = (std::abs(s.entry_point_mm.x) - 16.0) / 16.0;
  ASSERT_DOUBLE_EQ(medial.x, -16.0);
  ASSERT_DOUBLE_EQ(mid.x, -32.0);
  s.entry_point_mm.z = medial.z + t * (mid.z - medial.z) + 5.0;
  const auto eyelid = with_code(flags(plan), "EYELID_PTOSIS_RISK");
  ASSERT_EQ(eyelid.size(), 1u);
  EXPECT_EQ(eyelid[0].severity, toxplan::Severity::Warning);
  EXPECT_EQ(eyelid[0].site_id, "corrugator_L");
  EXPECT_NE(eyelid[0].message.find("5.0 mm above the bony supraorbital rim"), std::string::npos)
      << eyelid[0].message;
  EXPECT_NE(eyelid[0].message.find("levator palpebrae superioris"), std::string::npos);
  // Ptosis comes from the levator, not diplopia (the extraocular muscles).
  EXPECT_EQ(eyelid[0].message.find("diplopia"), std::string::npos);
}

TEST(PositionRules, ParaspinalSiteInTheMidNeckWarnsOfNeckWeakness) {
  plan::Plan plan = shipped("preempt-155.toxplan.json");
  plan::Site& s = site(plan, "cervical_paraspinal_R_2");
  const double c2 = landmark_z("c2_spinous");
  const double c7 = landmark_z("c7_spinous");
  s.entry_point_mm.z = (c2 + c7) / 2.0;  // half way from C2 to C7
  const auto neck = with_code(flags(plan), "NECK_WEAKNESS_RISK");
  ASSERT_EQ(neck.size(), 1u);
  EXPECT_EQ(neck[0].severity, toxplan::Severity::Warning);
  EXPECT_EQ(neck[0].site_id, "cervical_paraspinal_R_2");
  char expected[64];
  std::snprintf(expected, sizeof expected, "%.1f mm below the level of the C2 spinous process",
                (c2 - c7) / 2.0);
  EXPECT_NE(neck[0].message.find(expected), std::string::npos) << neck[0].message;
  EXPECT_NE(neck[0].message.find("mid-neck"), std::string::npos);
}

TEST(PositionRules, OccipitalisBelowTheRidgeWarnsOfNeckWeakness) {
  plan::Plan plan = shipped("preempt-155.toxplan.json");
  plan::Site& s = site(plan, "occipitalis_L_2");  // x = -45: lateral of the nuchal-line point
  s.entry_point_mm.z = landmark_z("superior_nuchal_line_L") - 8.0;
  const auto neck = with_code(flags(plan), "NECK_WEAKNESS_RISK");
  ASSERT_EQ(neck.size(), 1u);
  EXPECT_EQ(neck[0].site_id, "occipitalis_L_2");
  EXPECT_NE(neck[0].message.find("8.0 mm below the occipital ridge"), std::string::npos)
      << neck[0].message;
}

TEST(PositionRules, NeckDoseAbovePreemptsTwentyUnitsWarns) {
  plan::Plan plan = shipped("preempt-155.toxplan.json");
  site(plan, "cervical_paraspinal_L_1").dose_units = 10.0;  // 25 U in the neck
  const auto neck = with_code(flags(plan), "NECK_WEAKNESS_RISK");
  ASSERT_EQ(neck.size(), 1u);
  EXPECT_NE(neck[0].message.find("25 U"), std::string::npos) << neck[0].message;
  EXPECT_NE(neck[0].message.find("gives 20 U there"), std::string::npos);
}

TEST(PositionRules, BilateralScmInTheCervicalDystoniaExampleGivesTheDysphagiaNote) {
  plan::Plan plan = shipped("cervical-dystonia-example.toxplan.json");
  EXPECT_TRUE(with_code(flags(plan), "BILATERAL_SCM").empty());
  plan::Site right = site(plan, "sternocleidomastoid_L");
  right.id = "sternocleidomastoid_R";
  right.target_structure_id = "sternocleidomastoid_R";
  right.entry_point_mm.x = -right.entry_point_mm.x;
  right.needle_direction.x = -right.needle_direction.x;
  right.dose_units = 20.0;
  plan.sites.push_back(right);
  const auto scm = with_code(flags(plan), "BILATERAL_SCM");
  ASSERT_EQ(scm.size(), 1u);
  EXPECT_EQ(scm[0].severity, toxplan::Severity::Warning);
  EXPECT_NE(scm[0].message.find("30 U left, 20 U right"), std::string::npos) << scm[0].message;
  EXPECT_NE(scm[0].message.find("greater risk of dysphagia"), std::string::npos);
}

namespace {

// A site's spread as the flags see it, without solving: its target and the structure its tip
// lies in.
std::vector<std::shared_ptr<const sim::SiteSpread>> fake_spreads(const plan::Plan& plan,
                                                                 const std::string& site_id,
                                                                 const std::string& tip_id) {
  std::vector<std::shared_ptr<const sim::SiteSpread>> out;
  for (const plan::Site& s : plan.sites) {
    auto solution = std::make_shared<sim::SiteSolution>();
    solution->target_label = tissue().table().label_of(s.target_structure_id);
    solution->tip_label =
        s.id == site_id ? tissue().table().label_of(tip_id) : solution->target_label;
    auto spread = std::make_shared<sim::SiteSpread>();
    spread->site_id = s.id;
    spread->target_id = s.target_structure_id;
    spread->dose_units = s.dose_units;
    spread->solution = solution;
    out.push_back(spread);
  }
  return out;
}

}  // namespace

TEST(PositionRules, ScmTipDeepToTheMuscleWarnsOfDysphagia) {
  const plan::Plan plan = shipped("cervical-dystonia-example.toxplan.json");
  ASSERT_NE(tissue().table().label_of("scalenes_L"), 0);
  const toxplan::Findings f =
      sim::position_flags(plan, fake_spreads(plan, "sternocleidomastoid_L", "scalenes_L"),
                          sim::SpreadParameters{}, tissue().table(), tissue().landmarks());
  const auto deep = with_code(f, "DEEP_ANTERIOR_NECK");
  ASSERT_EQ(deep.size(), 1u);
  EXPECT_EQ(deep[0].site_id, "sternocleidomastoid_L");
  EXPECT_NE(deep[0].message.find("lies in the Scalenes (left), deep to the sternocleidomastoid"),
            std::string::npos)
      << deep[0].message;
  EXPECT_NE(deep[0].message.find("dysphagia"), std::string::npos);
  // The tip in the muscle itself: nothing.
  const toxplan::Findings quiet =
      sim::position_flags(plan, fake_spreads(plan, "", ""), sim::SpreadParameters{},
                          tissue().table(), tissue().landmarks());
  EXPECT_TRUE(with_code(quiet, "DEEP_ANTERIOR_NECK").empty());
}

// HIGH_DOSE (plan flags): more than 100 U onabotulinumtoxinA into one sternocleidomastoid.
TEST(PositionRules, ScmDoseAbove100UnitsIsHighDoseForDysphagia) {
  plan::Plan plan = shipped("cervical-dystonia-example.toxplan.json");
  site(plan, "sternocleidomastoid_L").dose_units = 100.0;
  EXPECT_TRUE(with_code(sim::plan_flags(plan, fake_spreads(plan, "", ""), {},
                                        sim::SpreadParameters{}, tissue().table()),
                        "HIGH_DOSE")
                  .empty());
  site(plan, "sternocleidomastoid_L").dose_units = 110.0;
  const auto high = with_code(sim::plan_flags(plan, fake_spreads(plan, "", ""), {},
                                              sim::SpreadParameters{}, tissue().table()),
                              "HIGH_DOSE");
  ASSERT_EQ(high.size(), 1u);
  EXPECT_EQ(high[0].severity, toxplan::Severity::Warning);
  EXPECT_NE(high[0].message.find("110 U into the Sternocleidomastoid (left)"), std::string::npos)
      << high[0].message;
  EXPECT_NE(high[0].message.find("dysphagia"), std::string::npos);
}
