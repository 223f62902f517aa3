// The planner's state and every action the UI can take on it. Panels read from here and call
// these actions; nothing else edits the plan. No ImGui in this file, so tests can drive it.
#pragma once

#include <future>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "base/finding.h"
#include "plan/plan_editor.h"
#include "plan/totals.h"
#include "render/scene.h"
#include "session/recovery.h"
#include "session/spread_view.h"

namespace toxplan::session {

class SimulationWorker;

// The folder of the shipped atlas a plan file names in /atlas/id (assets/atlas/<id>), or "" when
// the file does not parse, names none, or names one that is not shipped.
std::string shipped_atlas_of_plan(const std::string& plan_path);

class Planner {
 public:
  Planner(std::unique_ptr<anatomy::Atlas> atlas, std::string state_dir);
  ~Planner();

  const anatomy::Atlas& atlas() const { return *atlas_; }
  render::Scene& scene() { return *scene_; }
  plan::PlanEditor& editor() { return editor_; }
  const plan::PlanEditor& editor() const { return editor_; }
  const plan::Plan& plan() const { return editor_.plan(); }
  Recovery& recovery() { return recovery_; }

  // Files. Each returns an error message for the UI, or "" on success. A refused file leaves
  // the open plan untouched. A plan made on another shipped atlas (its field /atlas/id) is
  // opened on that atlas: the atlas, the scene and the simulator are replaced (scene() then
  // returns the new scene; the window's view follows it).
  std::string open(const std::string& path);
  // Replaces the atlas with the one in `dir` and starts a new, empty plan on it; "" on success,
  // else why (the atlas and plan stay as they were).
  std::string open_atlas(const std::string& dir);
  // With `follow` false (the window was given --atlas), plans open on the current atlas
  // whatever atlas they name (a mismatch is a warning of the file's findings).
  void set_follow_plan_atlas(bool follow) { follow_plan_atlas_ = follow; }
  // While a demo draws on the scene, or a practice attempt is scored against its protocol on
  // this atlas, the atlas must not change: opening a plan of another atlas or another atlas is
  // refused with `how_to_end` ("Close the demo (Demo > Close demo)") until unpinned ("").
  void pin_atlas(std::string how_to_end) { atlas_pinned_by_ = std::move(how_to_end); }
  // Builds the atlas's ray indexes (picking) on a thread of its own; an atlas switch waits
  // for it first.
  void build_ray_indexes_in_background();
  std::string save();  // to the current path
  std::string save_as(const std::string& path);
  void new_plan();
  const std::string& path() const { return path_; }
  const std::string& state_dir() const { return state_dir_; }
  const std::vector<std::string>& recent_files() const { return recent_; }
  // Findings of the last file opened (parse + validation), shown until the next open.
  const Findings& file_findings() const { return file_findings_; }

  // Sites.
  // Adds a site where the ray meets the skin; returns its id, or "" if the ray misses the skin.
  std::string add_site_at_ray(const render::Ray& ray);
  // Moves a site's entry to where the ray meets the skin, re-aiming and re-targeting it.
  bool move_site_to_ray(const std::string& site_id, const render::Ray& ray,
                        const std::string& merge_key);
  void delete_selected();
  void mirror_selected();
  void set_site(const plan::Site& site, const std::string& merge_key = "");
  void set_dose(const std::string& site_id, double dose_units, const std::string& merge_key = "");
  void set_volume(const std::string& site_id, double volume_ml, const std::string& merge_key = "");
  // The site a click along the ray selects, or "": the visible needle under or nearest the
  // cursor (within a few mm). Needles hidden behind opaque anatomy or entering on the far side
  // of the body are never picked (docs/picking.md).
  std::string site_near_ray(const render::Ray& ray) const;
  // What the window shows under the cursor: the site a click would select, else the visible
  // structure there; "" over the background.
  std::string hover_text(const render::Ray& ray) const;

  std::set<std::string>& selection() { return selection_; }
  void select_only(const std::string& site_id);

  // Findings shown in the findings panel: validation + limits now, plus the simulation's flags.
  Findings current_findings() const;
  plan::DoseTotals totals() const;
  plan::GroupOf group_of() const;

  // Once per frame: feeds the simulator, collects results, refreshes the scene, autosaves.
  // The window holds the simulation back until its first frame is on screen, so that start-up
  // is not slowed by the solver.
  void update(bool allow_simulation = true);
  // Forces the next update() to redraw sites and spread (after a demo drew its own).
  void invalidate_scene() {
    scene_revision_ = ~0ull;
    scene_spread_ = nullptr;
  }
  // Blocks until the simulation of the current plan is done and shown (screenshots, tests).
  void finish_simulation();
  const SpreadView* spread() const { return spread_.get(); }
  bool simulation_busy() const;
  bool spread_current() const;

 private:
  void refresh_scene();
  void remember_recent(const std::string& path);
  // Replaces atlas, scene and simulator (nothing of the old ones is used afterwards).
  void use_atlas(std::unique_ptr<anatomy::Atlas> atlas);

  std::unique_ptr<anatomy::Atlas> atlas_;
  std::unique_ptr<render::Scene> scene_;
  plan::PlanEditor editor_;
  Recovery recovery_;
  std::string path_;
  std::string state_dir_;
  std::vector<std::string> recent_;
  Findings file_findings_;
  std::set<std::string> selection_;
  std::unique_ptr<SimulationWorker> worker_;
  std::shared_ptr<const SpreadView> spread_;
  std::uint64_t requested_revision_ = ~0ull;
  std::uint64_t scene_revision_ = ~0ull;
  std::set<std::string> scene_selection_;
  const SpreadView* scene_spread_ = nullptr;
  std::string atlas_pinned_by_;  // pin_atlas: how to end what holds the atlas, "" when free
  bool follow_plan_atlas_ = true;
  std::future<void> ray_indexes_;  // waited for before the atlas it reads is replaced
};

}  // namespace toxplan::session
