#include "plan/plan_editor.h"

#include <algorithm>
#include <set>

#include "plan/totals.h"

namespace toxplan::plan {

PlanEditor::PlanEditor(Plan plan) : plan_(std::move(plan)), saved_plan_(plan_) {}

void PlanEditor::reset(Plan plan) {
  plan_ = std::move(plan);
  undo_.clear();
  redo_.clear();
  merging_key_.clear();
  ++revision_;
  saved_plan_ = plan_;
}

void PlanEditor::apply(const std::string& label, Plan edited, const std::string& merge_key) {
  if (edited == plan_) return;  // nothing changed: no step, no revision
  if (!merge_key.empty() && merge_key == merging_key_ && !undo_.empty()) {
    undo_.back().after = edited;
  } else {
    undo_.push_back({label, plan_, edited});
  }
  merging_key_ = merge_key;
  redo_.clear();
  plan_ = std::move(edited);
  ++revision_;
}

std::string PlanEditor::add_site(Site site) {
  Plan edited = plan_;
  site.id = unique_site_id(plan_, site.id.empty() ? "site" : site.id);
  edited.sites.push_back(site);
  apply("Add site " + site.id, std::move(edited));
  return site.id;
}

void PlanEditor::update_site(const Site& site, const std::string& merge_key) {
  Plan edited = plan_;
  for (Site& s : edited.sites) {
    if (s.id == site.id) s = site;
  }
  apply("Edit site " + site.id, std::move(edited), merge_key);
}

void PlanEditor::remove_sites(const std::vector<std::string>& ids) {
  Plan edited = plan_;
  const std::set<std::string> doomed(ids.begin(), ids.end());
  edited.sites.erase(std::remove_if(edited.sites.begin(), edited.sites.end(),
                                    [&](const Site& s) { return doomed.count(s.id) > 0; }),
                     edited.sites.end());
  apply(
      ids.size() == 1 ? "Delete site " + ids[0] : "Delete " + std::to_string(ids.size()) + " sites",
      std::move(edited));
}

void PlanEditor::set_dilution(const Dilution& dilution) {
  Plan edited = plan_;
  edited.dilution = dilution;
  for (Site& s : edited.sites)
    s.volume_ml = dilution.volume_ml_for_dose(s.dose_units);
  apply("Change dilution", std::move(edited));
}

void PlanEditor::undo() {
  if (undo_.empty()) return;
  Step step = std::move(undo_.back());
  undo_.pop_back();
  plan_ = step.before;
  redo_.push_back(std::move(step));
  merging_key_.clear();
  ++revision_;
}

void PlanEditor::redo() {
  if (redo_.empty()) return;
  Step step = std::move(redo_.back());
  redo_.pop_back();
  plan_ = step.after;
  undo_.push_back(std::move(step));
  merging_key_.clear();
  ++revision_;
}

std::string unique_site_id(const Plan& plan, const std::string& base) {
  if (!plan.find_site(base)) return base;
  for (int n = 2;; ++n) {
    std::string candidate = base + "_" + std::to_string(n);
    if (!plan.find_site(candidate)) return candidate;
  }
}

namespace {
// Swaps a trailing or embedded side marker: "_L" <-> "_R" (and " L" <-> " R" in labels).
std::string swap_side(std::string text, char sep) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != sep) continue;
    const char c = text[i + 1];
    const bool at_end = i + 2 == text.size() || text[i + 2] == sep || text[i + 2] == ' ';
    if (at_end && (c == 'L' || c == 'R')) {
      text[i + 1] = c == 'L' ? 'R' : 'L';
      break;
    }
  }
  return text;
}
}  // namespace

Site mirrored_site(const Site& site) {
  Site m = site;
  m.entry_point_mm.x = -site.entry_point_mm.x;
  m.needle_direction.x = -site.needle_direction.x;
  m.target_structure_id = swap_side(site.target_structure_id, '_');
  m.id = swap_side(site.id, '_');
  if (m.id == site.id) m.id = site.id + "_mirror";
  m.label = swap_side(site.label, ' ');
  return m;
}

}  // namespace toxplan::plan
