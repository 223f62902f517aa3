// The side and full target of a site as the sites table and the editor show them, on the
// schematic atlas (issue 12, item 1: the table cut "sternocleidomastoi..." and showed no side).
#include <gtest/gtest.h>

#include "session/site_display.h"
#include "support/schematic_atlas.h"

using namespace toxplan;

namespace {

plan::Site site_on(const std::string& id, const std::string& target) {
  plan::Site s;
  s.id = id;
  s.target_structure_id = target;
  return s;
}

}  // namespace

TEST(SiteDisplay, SideAndFullTargetOfEverySite) {
  toxplan::Findings findings;
  const auto atlas = anatomy::Atlas::load(toxplan::test::schematic_atlas_dir(), &findings);
  ASSERT_TRUE(atlas);
  const plan::Site left = site_on("sternocleidomastoid_L", "sternocleidomastoid_L");
  EXPECT_EQ(session::site_side(*atlas, left), "left");
  EXPECT_EQ(session::site_target_name(*atlas, left), "Sternocleidomastoid (left)");
  EXPECT_EQ(session::site_target_name_without_side(*atlas, left), "Sternocleidomastoid");
  EXPECT_EQ(session::site_editor_header(*atlas, left),
            "Editing: Sternocleidomastoid (left) - site sternocleidomastoid_L");

  const plan::Site right = site_on("cervical_paraspinal_R_2", "splenius_capitis_R");
  EXPECT_EQ(session::site_side(*atlas, right), "right");
  EXPECT_EQ(session::site_editor_header(*atlas, right),
            "Editing: Splenius capitis (right) - site cervical_paraspinal_R_2");

  const plan::Site midline = site_on("procerus", "procerus");
  EXPECT_EQ(session::site_side(*atlas, midline), "midline");
  EXPECT_EQ(session::site_editor_header(*atlas, midline),
            "Editing: Procerus (midline) - site procerus");

  // A target the atlas lacks still shows its side, from the id.
  const plan::Site unknown = site_on("x", "platysma_R");
  EXPECT_EQ(session::site_side(*atlas, unknown), "right");
  EXPECT_EQ(session::site_editor_header(*atlas, unknown), "Editing: platysma_R (right) - site x");
}
