// Every edit the user makes to a plan goes through here, so that each one is undoable and the
// window never keeps a second copy of the plan. Steps store whole-plan snapshots: plans are a
// few kilobytes, and snapshots make undo exact by construction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/plan.h"

namespace toxplan::plan {

class PlanEditor {
 public:
  explicit PlanEditor(Plan plan = {});  // `plan` counts as saved

  const Plan& plan() const { return plan_; }
  // Increases with every change, undo and redo included: views rebuild when it moves.
  std::uint64_t revision() const { return revision_; }
  // Unsaved changes: the plan differs from what was last saved or opened (undoing back to the
  // saved state makes it clean again).
  bool dirty() const { return plan_ != saved_plan_; }
  void mark_saved() { saved_plan_ = plan_; }
  // The plan as last saved or opened.
  const Plan& saved_plan() const { return saved_plan_; }

  // Replaces the whole plan (file opened, new plan) and clears the history.
  void reset(Plan plan);

  // Applies `edited` as one undoable step named `label`. Consecutive edits with the same
  // non-empty `merge_key` (e.g. dragging a dose slider) merge into one step.
  void apply(const std::string& label, Plan edited, const std::string& merge_key = "");
  // Ends merging, so the next edit with the same key starts a new step (mouse released).
  void end_merge() { merging_key_.clear(); }

  // Convenience commands; each is one step.
  std::string add_site(Site site);  // returns the id actually used (made unique)
  void update_site(const Site& site, const std::string& merge_key = "");
  void remove_sites(const std::vector<std::string>& ids);
  // Changing the dilution keeps doses and recomputes volumes (the syringe follows the dose).
  void set_dilution(const Dilution& dilution);

  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  std::string undo_label() const { return undo_.empty() ? "" : undo_.back().label; }
  std::string redo_label() const { return redo_.empty() ? "" : redo_.back().label; }
  void undo();
  void redo();

 private:
  struct Step {
    std::string label;
    Plan before;
    Plan after;
  };
  Plan plan_;
  std::vector<Step> undo_;
  std::vector<Step> redo_;
  std::string merging_key_;
  Plan saved_plan_;
  std::uint64_t revision_ = 0;
};

// `base`, or `base_2`, `base_3`, ... whichever is not yet a site id of the plan.
std::string unique_site_id(const Plan& plan, const std::string& base);

// The site mirrored across the midsagittal plane (x -> -x), with the target structure's side
// swapped (frontalis_L <-> frontalis_R) and the id and label naming the new side.
Site mirrored_site(const Site& site);

}  // namespace toxplan::plan
