#include <gtest/gtest.h>

#include "plan/dilution.h"
#include "plan/plan.h"
#include "plan/product.h"
#include "plan/totals.h"

using namespace toxplan;

TEST(Dilution, HundredUnitsInTwoMillilitresIsFiveUnitsPerTenthMl) {
  const plan::Dilution d{100.0, 2.0};
  EXPECT_DOUBLE_EQ(d.units_per_ml(), 50.0);
  EXPECT_DOUBLE_EQ(d.units_per_0_1_ml(), 5.0);
  EXPECT_DOUBLE_EQ(d.volume_ml_for_dose(5.0), 0.1);
  EXPECT_DOUBLE_EQ(d.dose_units_for_volume(0.1), 5.0);
}

TEST(Dilution, PreemptTotalIsThreePointOneMlAndTwoVials) {
  const plan::Dilution d{100.0, 2.0};
  EXPECT_NEAR(d.volume_ml_for_dose(155.0), 3.1, 1e-12);
  EXPECT_EQ(plan::vials_needed(155.0, 100.0), 2);
  EXPECT_NEAR(d.volume_ml_for_dose(195.0), 3.9, 1e-12);
}

TEST(Dilution, OtherLabelDilutionsOfAHundredUnitVial) {
  // clinical.md §1.2: 1 mL -> 10, 2.5 -> 4, 4 -> 2.5, 8 -> 1.25, 10 -> 1 U per 0.1 mL.
  EXPECT_DOUBLE_EQ((plan::Dilution{100, 1}.units_per_0_1_ml()), 10.0);
  EXPECT_DOUBLE_EQ((plan::Dilution{100, 2.5}.units_per_0_1_ml()), 4.0);
  EXPECT_DOUBLE_EQ((plan::Dilution{100, 4}.units_per_0_1_ml()), 2.5);
  EXPECT_DOUBLE_EQ((plan::Dilution{100, 8}.units_per_0_1_ml()), 1.25);
  EXPECT_DOUBLE_EQ((plan::Dilution{100, 10}.units_per_0_1_ml()), 1.0);
  EXPECT_DOUBLE_EQ((plan::Dilution{200, 4}.units_per_0_1_ml()), 5.0);
}

TEST(Dilution, VialsNeededRoundsUpOnlyPastAWholeVial) {
  EXPECT_EQ(plan::vials_needed(200.0, 100.0), 2);
  EXPECT_EQ(plan::vials_needed(200.001, 100.0), 3);
  EXPECT_EQ(plan::vials_needed(0.0, 100.0), 0);
  EXPECT_EQ(plan::vials_needed(50.0, 0.0), 0);
  EXPECT_EQ(plan::vials_needed(0.1 + 0.2, 0.3), 1);  // floating-point noise does not open a vial
}

TEST(Products, FourProductsWithIdsAndVialSizes) {
  ASSERT_EQ(plan::all_products().size(), 4u);
  EXPECT_EQ(plan::product_from_id("abobotulinumtoxinA"), plan::Product::AbobotulinumtoxinA);
  EXPECT_EQ(plan::product_from_id("Botox"), std::nullopt);
  EXPECT_EQ(plan::product_id(plan::Product::RimabotulinumtoxinB), "rimabotulinumtoxinB");
  EXPECT_EQ(plan::product_info(plan::Product::OnabotulinumtoxinA).vial_sizes_units,
            (std::vector<double>{100.0, 200.0}));
  EXPECT_EQ(plan::product_info(plan::Product::IncobotulinumtoxinA).vial_sizes_units,
            (std::vector<double>{50.0, 100.0, 200.0}));
  EXPECT_TRUE(plan::product_info(plan::Product::RimabotulinumtoxinB).supplied_as_solution);
  for (const plan::ProductInfo& p : plan::all_products())
    EXPECT_FALSE(p.source.empty()) << p.id;
}

TEST(Totals, PerStructureSideGroupAndPlan) {
  plan::Plan plan;
  auto add = [&](const char* id, const char* target, double dose) {
    plan::Site s;
    s.id = id;
    s.target_structure_id = target;
    s.dose_units = dose;
    s.volume_ml = plan.dilution.volume_ml_for_dose(dose);
    plan.sites.push_back(s);
  };
  add("a", "frontalis_L", 5);
  add("b", "frontalis_L", 5);
  add("c", "frontalis_R", 5);
  add("d", "procerus", 5);
  add("e", "splenius_capitis_R", 10);
  const plan::GroupOf group_of = [](const std::string& id) {
    return id.rfind("splenius", 0) == 0 ? std::string("cervical_paraspinal")
                                        : plan::default_group_of(id);
  };
  const plan::DoseTotals t = plan::compute_totals(plan, group_of);
  EXPECT_DOUBLE_EQ(t.plan_units, 30.0);
  EXPECT_NEAR(t.plan_volume_ml, 0.6, 1e-12);
  EXPECT_EQ(t.site_count, 5);
  EXPECT_EQ(t.vials, 1);
  EXPECT_DOUBLE_EQ(t.units_by_structure.at("frontalis_L"), 10.0);
  EXPECT_DOUBLE_EQ(t.units_by_side.at("L"), 10.0);
  EXPECT_DOUBLE_EQ(t.units_by_side.at("R"), 15.0);
  EXPECT_DOUBLE_EQ(t.units_by_side.at("midline"), 5.0);
  EXPECT_DOUBLE_EQ(t.units_by_group.at("frontalis"), 15.0);
  EXPECT_DOUBLE_EQ(t.units_by_group.at("cervical_paraspinal"), 10.0);
  EXPECT_EQ(t.sites_by_group.at("frontalis"), 3);
}

TEST(Totals, SideAndGroupFromStructureIds) {
  EXPECT_EQ(plan::side_of_structure("temporalis_L"), "L");
  EXPECT_EQ(plan::side_of_structure("temporalis_R"), "R");
  EXPECT_EQ(plan::side_of_structure("procerus"), "midline");
  EXPECT_EQ(plan::side_of_structure("_L"), "midline");  // no name before the suffix
  EXPECT_EQ(plan::default_group_of("levator_scapulae_R"), "levator_scapulae");
}
