#include <gtest/gtest.h>

#include "plan/plan_editor.h"

using namespace toxplan;

namespace {
plan::Site site(const std::string& id, double dose) {
  return {id, "Frontalis L 1", "frontalis_L", {-20, 95, 50}, {0.2, -1, 0}, 3.0, dose, dose / 50.0};
}
}  // namespace

TEST(PlanEditor, EveryEditIsUndoableAndRedoable) {
  plan::PlanEditor editor;
  EXPECT_FALSE(editor.dirty());
  const std::string id = editor.add_site(site("frontalis_L_1", 5.0));
  EXPECT_EQ(id, "frontalis_L_1");
  EXPECT_TRUE(editor.dirty());
  plan::Site changed = editor.plan().sites[0];
  changed.dose_units = 7.5;
  changed.volume_ml = 0.15;
  editor.update_site(changed);
  EXPECT_EQ(editor.plan().sites[0].dose_units, 7.5);
  EXPECT_EQ(editor.undo_label(), "Edit site frontalis_L_1");
  editor.undo();
  EXPECT_EQ(editor.plan().sites[0].dose_units, 5.0);
  editor.redo();
  EXPECT_EQ(editor.plan().sites[0].dose_units, 7.5);
  editor.undo();
  editor.undo();
  EXPECT_TRUE(editor.plan().sites.empty());
  EXPECT_FALSE(editor.can_undo());
  EXPECT_TRUE(editor.can_redo());
}

TEST(PlanEditor, MergedEditsAreOneStep) {
  plan::PlanEditor editor;
  editor.add_site(site("s", 5.0));
  for (double dose : {5.5, 6.0, 6.5, 7.0}) {
    plan::Site s = editor.plan().sites[0];
    s.dose_units = dose;
    editor.update_site(s, "dose-drag");
  }
  editor.end_merge();
  EXPECT_EQ(editor.plan().sites[0].dose_units, 7.0);
  editor.undo();
  EXPECT_EQ(editor.plan().sites[0].dose_units, 5.0);  // the whole drag undone at once
}

TEST(PlanEditor, SavedStateAndRevisions) {
  plan::PlanEditor editor;
  const auto r0 = editor.revision();
  editor.add_site(site("a", 5.0));
  EXPECT_GT(editor.revision(), r0);
  editor.mark_saved();
  EXPECT_FALSE(editor.dirty());
  editor.update_site(editor.plan().sites[0]);  // no change: no step, still clean
  EXPECT_FALSE(editor.dirty());
  editor.remove_sites({"a"});
  EXPECT_TRUE(editor.dirty());
  editor.undo();
  EXPECT_FALSE(editor.dirty());
}

TEST(PlanEditor, NewSiteIdsAreUnique) {
  plan::PlanEditor editor;
  EXPECT_EQ(editor.add_site(site("x", 5)), "x");
  EXPECT_EQ(editor.add_site(site("x", 5)), "x_2");
  EXPECT_EQ(editor.add_site(site("x", 5)), "x_3");
}

TEST(PlanEditor, DilutionChangeRecomputesVolumes) {
  plan::PlanEditor editor;
  editor.add_site(site("a", 5.0));
  editor.set_dilution({100.0, 4.0});
  EXPECT_DOUBLE_EQ(editor.plan().sites[0].volume_ml, 0.2);
  editor.undo();
  EXPECT_DOUBLE_EQ(editor.plan().sites[0].volume_ml, 0.1);
}

TEST(PlanEditor, MirrorSwapsSideAndTarget) {
  const plan::Site m = plan::mirrored_site(site("frontalis_L_1", 5.0));
  EXPECT_EQ(m.id, "frontalis_R_1");
  EXPECT_EQ(m.target_structure_id, "frontalis_R");
  EXPECT_EQ(m.label, "Frontalis R 1");
  EXPECT_DOUBLE_EQ(m.entry_point_mm.x, 20.0);
  EXPECT_DOUBLE_EQ(m.needle_direction.x, -0.2);
  EXPECT_DOUBLE_EQ(m.entry_point_mm.y, 95.0);
  const plan::Site midline = plan::mirrored_site(
      {"procerus", "Procerus", "procerus", {0, 100, 20}, {0, -1, 0}, 4, 5, 0.1});
  EXPECT_EQ(midline.target_structure_id, "procerus");
  EXPECT_EQ(midline.id, "procerus_mirror");
}
