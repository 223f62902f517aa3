#include "session/planner.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "anatomy/site_placement.h"
#include "base/format.h"
#include "plan/limits.h"
#include "plan/plan_io.h"
#include "plan/validation.h"
#include "session/simulation_worker.h"

namespace toxplan::session {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kMaxRecentFiles = 8;
// A click selects a site when the viewing ray passes this close to its drawn needle.
constexpr double kSitePickRadiusMm = 5.0;
// Closer than this the cursor is on the glyph itself (tip sphere 1.6 mm, 2.2 mm when selected;
// needle 0.45 mm): among such glyphs the one in front is the one seen.
constexpr double kUnderCursorMm = 2.0;
// The drawn needle is sampled this finely for picking.
constexpr double kPickSampleStepMm = 0.5;
// A needle point this little behind the occluding surface is still seen (where the needle meets
// the muscle it targets).
constexpr double kOcclusionToleranceMm = 1.0;
// The skin at an entry facing away from the camera by more than ~105 degrees (cosine) is on the
// far side of the head or neck: the site is hidden there even where the skin is translucent.
constexpr double kFarSideCosine = -0.25;

struct PickPoint {
  double distance_to_ray_mm = 0.0;
  double depth_mm = 0.0;  // along the ray, from its origin
};

// Outward skin normal at a site's entry; the reversed needle if no skin is found there.
Vec3 outward_normal_at_entry(const anatomy::Atlas& atlas, const plan::Site& s) {
  const Vec3 d = normalized(s.needle_direction);
  const auto hit = atlas.cast_to_skin(s.entry_point_mm - d * 20.0, d);
  if (hit && distance(hit->point_mm, s.entry_point_mm) < 3.0) return hit->outward_normal;
  return -d;
}

// The point of a site's drawn needle (kNeedleOutsideSkinMm outside the skin to the tip) nearest
// the ray among those in front of `occluding_depth_mm`, if within the pick radius.
std::optional<PickPoint> visible_pick_point(const plan::Site& s, const render::Ray& ray,
                                            double occluding_depth_mm) {
  const Vec3 tip = s.tip_mm();
  const Vec3 hub = s.entry_point_mm - normalized(s.needle_direction) * render::kNeedleOutsideSkinMm;
  const double length_mm = distance(hub, tip);
  const int steps = std::max(1, static_cast<int>(std::ceil(length_mm / kPickSampleStepMm)));
  std::optional<PickPoint> best;
  for (int i = 0; i <= steps; ++i) {
    const Vec3 p = hub + (tip - hub) * (static_cast<double>(i) / steps);
    const double t = dot(p - ray.origin_mm, ray.direction);
    if (t < 0.0 || t > occluding_depth_mm + kOcclusionToleranceMm) continue;
    const double d = distance(p, ray.origin_mm + ray.direction * t);
    if (d < kSitePickRadiusMm && (!best || d < best->distance_to_ray_mm)) best = PickPoint{d, t};
  }
  return best;
}
}  // namespace

namespace {
// The folder of the shipped atlas `id`, or "" when no such atlas is shipped.
std::string shipped_atlas_named(const std::string& id) {
  if (id.empty()) return "";
  const std::string dir = anatomy::Atlas::shipped_dir(id);
  std::error_code ec;
  if (dir.empty() || !fs::exists(fs::path(dir) / "atlas.json", ec)) return "";
  return dir;
}
}  // namespace

std::string shipped_atlas_of_plan(const std::string& plan_path) {
  const plan::PlanLoadResult peek = plan::load_plan_file(plan_path);
  return peek.plan ? shipped_atlas_named(peek.plan->atlas_id) : "";
}

Planner::Planner(std::unique_ptr<anatomy::Atlas> atlas, std::string state_dir)
    : atlas_(std::move(atlas)),
      scene_(std::make_unique<render::Scene>(*atlas_)),
      recovery_(state_dir),
      state_dir_(std::move(state_dir)),
      worker_(std::make_unique<SimulationWorker>(*atlas_)) {
  plan::Plan blank;
  blank.atlas_id = atlas_->id();
  blank.atlas_version = atlas_->version();
  editor_.reset(blank);
  std::string error;
  if (auto text = plan::read_text_file((fs::path(state_dir_) / "recent.json").string(), &error)) {
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_array()) {
      for (const auto& p : j) {
        if (p.is_string()) recent_.push_back(p.get<std::string>());
      }
    }
  }
}

Planner::~Planner() = default;

namespace {
// Structure groups of `atlas` ("temporalis" for temporalis_L), else the built-in table's.
plan::GroupOf groups_of(const anatomy::Atlas* atlas) {
  return [atlas](const std::string& id) {
    const anatomy::Structure* s = atlas->find(id);
    return s && !s->group.empty() ? s->group : plan::default_group_of(id);
  };
}
}  // namespace

plan::GroupOf Planner::group_of() const {
  return groups_of(atlas_.get());
}

std::string Planner::open(const std::string& path) {
  // The atlas the plan was made on, when it is another shipped one: loaded first, and used only
  // if the plan is valid on it.
  std::unique_ptr<anatomy::Atlas> plan_atlas;
  {
    const plan::PlanLoadResult peek = plan::load_plan_file(path);
    const std::string id = peek.plan ? peek.plan->atlas_id : "";
    const std::string dir = follow_plan_atlas_ ? shipped_atlas_named(id) : "";
    if (!dir.empty() && id != atlas_->id()) {
      if (!atlas_pinned_by_.empty()) {
        return "Cannot open " + path + " now: it was made on atlas \"" + id + "\", and atlas \"" +
               atlas_->id() + "\" is in use. " + atlas_pinned_by_ + ", then open it again.";
      }
      Findings atlas_findings;
      plan_atlas = anatomy::Atlas::load(dir, &atlas_findings);
      if (!plan_atlas) {
        std::string message =
            "Cannot open " + path + ": its atlas \"" + id + "\" (" + dir + ") does not load:";
        for (const Finding& f : atlas_findings) {
          if (f.severity == Severity::Error) message += "\n- " + f.message;
        }
        return message;
      }
    }
  }
  const anatomy::Atlas* a = plan_atlas ? plan_atlas.get() : atlas_.get();
  plan::ValidationContext context;
  context.structure_exists = [a](const std::string& id) { return a->find(id) != nullptr; };
  context.atlas_id = a->id();
  context.group_of = groups_of(a);
  plan::PlanLoadResult r = plan::load_plan_file(path, context);
  if (!r.plan) {
    std::string message = "Cannot open " + path + ":";
    for (const Finding& f : r.findings) {
      if (f.severity == Severity::Error) message += "\n- " + f.message;
    }
    return message;
  }
  if (plan_atlas) use_atlas(std::move(plan_atlas));
  editor_.reset(*r.plan);
  file_findings_ = std::move(r.findings);
  path_ = path;
  selection_.clear();
  remember_recent(path);
  return "";
}

std::string Planner::open_atlas(const std::string& dir) {
  if (!atlas_pinned_by_.empty()) return atlas_pinned_by_ + " before opening another atlas.";
  Findings findings;
  auto atlas = anatomy::Atlas::load(dir, &findings);
  if (!atlas) {
    std::string message = "Cannot open the atlas in " + dir + ":";
    for (const Finding& f : findings) {
      if (f.severity == Severity::Error) message += "\n- " + f.message;
    }
    return message;
  }
  use_atlas(std::move(atlas));
  new_plan();
  return "";
}

void Planner::use_atlas(std::unique_ptr<anatomy::Atlas> atlas) {
  if (ray_indexes_.valid()) ray_indexes_.wait();
  // The simulator and the scene read the atlas: both go before it, in that order.
  worker_.reset();
  scene_.reset();
  atlas_ = std::move(atlas);
  scene_ = std::make_unique<render::Scene>(*atlas_);
  worker_ = std::make_unique<SimulationWorker>(*atlas_);
  spread_.reset();
  requested_revision_ = ~0ull;
  invalidate_scene();
}

void Planner::build_ray_indexes_in_background() {
  if (ray_indexes_.valid()) return;
  const anatomy::Atlas* a = atlas_.get();
  ray_indexes_ = std::async(std::launch::async, [a] { a->build_ray_indexes(); });
}

std::string Planner::save() {
  return path_.empty() ? "No file name yet: use Save As" : save_as(path_);
}

std::string Planner::save_as(const std::string& path) {
  if (auto err = plan::save_plan_file(editor_.plan(), path)) return *err;
  path_ = path;
  editor_.mark_saved();
  recovery_.clear();
  remember_recent(path);
  return "";
}

void Planner::new_plan() {
  plan::Plan blank;
  blank.atlas_id = atlas_->id();
  blank.atlas_version = atlas_->version();
  editor_.reset(blank);
  path_.clear();
  file_findings_.clear();
  selection_.clear();
}

void Planner::remember_recent(const std::string& path) {
  std::error_code ec;
  const std::string absolute = fs::absolute(path, ec).string();
  recent_.erase(std::remove(recent_.begin(), recent_.end(), absolute), recent_.end());
  recent_.insert(recent_.begin(), absolute);
  if (recent_.size() > kMaxRecentFiles) recent_.resize(kMaxRecentFiles);
  plan::write_file_atomically((fs::path(state_dir_) / "recent.json").string(),
                              nlohmann::json(recent_).dump(2) + "\n");
}

std::string Planner::add_site_at_ray(const render::Ray& ray) {
  const auto placed = anatomy::place_site_along_ray(*atlas_, ray.origin_mm, ray.direction);
  if (!placed) return "";
  plan::Site site;
  const std::string target = placed->target_structure_id;
  site.id = target.empty() ? "site" : target;
  const anatomy::Structure* s = atlas_->find(target);
  site.label = s ? s->name : "Unassigned site";
  site.target_structure_id = target;
  site.entry_point_mm = placed->entry_mm;
  site.needle_direction = placed->direction;
  site.depth_mm = placed->depth_mm;
  // A new site starts at the PREEMPT per-site dose, 5 U in 0.1 mL (clinical.md §1.1-1.2), in
  // the plan's dilution; the physician edits it from there.
  site.dose_units = 5.0;
  site.volume_ml = editor_.plan().dilution.volume_ml_for_dose(site.dose_units);
  const std::string id = editor_.add_site(site);
  select_only(id);
  return id;
}

bool Planner::move_site_to_ray(const std::string& site_id, const render::Ray& ray,
                               const std::string& merge_key) {
  const plan::Site* existing = editor_.plan().find_site(site_id);
  if (!existing) return false;
  const auto placed = anatomy::place_site_along_ray(*atlas_, ray.origin_mm, ray.direction);
  if (!placed) return false;
  plan::Site site = *existing;
  site.entry_point_mm = placed->entry_mm;
  site.needle_direction = placed->direction;
  site.depth_mm = placed->depth_mm;
  if (!placed->target_structure_id.empty()) site.target_structure_id = placed->target_structure_id;
  editor_.update_site(site, merge_key);
  return true;
}

void Planner::delete_selected() {
  if (selection_.empty()) return;
  editor_.remove_sites({selection_.begin(), selection_.end()});
  selection_.clear();
}

void Planner::mirror_selected() {
  if (selection_.empty()) return;
  plan::Plan edited = editor_.plan();
  std::set<std::string> mirrored;
  for (const std::string& id : selection_) {
    const plan::Site* s = edited.find_site(id);
    if (!s) continue;
    plan::Site m = plan::mirrored_site(*s);
    m.id = plan::unique_site_id(edited, m.id);
    mirrored.insert(m.id);
    edited.sites.push_back(m);
  }
  editor_.apply("Mirror " + std::to_string(mirrored.size()) + " site(s)", std::move(edited));
  selection_ = mirrored;
}

void Planner::set_site(const plan::Site& site, const std::string& merge_key) {
  editor_.update_site(site, merge_key);
}

void Planner::set_dose(const std::string& site_id, double dose_units,
                       const std::string& merge_key) {
  const plan::Site* s = editor_.plan().find_site(site_id);
  if (!s) return;
  plan::Site edited = *s;
  edited.dose_units = dose_units;
  edited.volume_ml = editor_.plan().dilution.volume_ml_for_dose(dose_units);
  editor_.update_site(edited, merge_key);
}

void Planner::set_volume(const std::string& site_id, double volume_ml,
                         const std::string& merge_key) {
  const plan::Site* s = editor_.plan().find_site(site_id);
  if (!s) return;
  plan::Site edited = *s;
  edited.volume_ml = volume_ml;
  edited.dose_units = editor_.plan().dilution.dose_units_for_volume(volume_ml);
  editor_.update_site(edited, merge_key);
}

std::string Planner::site_near_ray(const render::Ray& ray) const {
  // What the user sees under the cursor: needles hidden behind opaque anatomy or on the far
  // side of the body are skipped; of the glyphs right under the cursor the front one wins, and
  // otherwise the needle passing nearest.
  const double occluding_depth_mm = scene_->occluding_depth_mm(ray);
  std::string under_cursor;
  double under_cursor_depth_mm = std::numeric_limits<double>::infinity();
  std::string nearest;
  double nearest_distance_mm = std::numeric_limits<double>::infinity();
  for (const plan::Site& s : editor_.plan().sites) {
    const auto pick = visible_pick_point(s, ray, occluding_depth_mm);
    if (!pick) continue;
    if (dot(outward_normal_at_entry(*atlas_, s), -ray.direction) < kFarSideCosine) continue;
    if (pick->distance_to_ray_mm <= kUnderCursorMm && pick->depth_mm < under_cursor_depth_mm) {
      under_cursor_depth_mm = pick->depth_mm;
      under_cursor = s.id;
    }
    if (pick->distance_to_ray_mm < nearest_distance_mm) {
      nearest_distance_mm = pick->distance_to_ray_mm;
      nearest = s.id;
    }
  }
  return under_cursor.empty() ? nearest : under_cursor;
}

std::string Planner::hover_text(const render::Ray& ray) const {
  // The site a click here would select, so that the text and the click always agree.
  if (const std::string id = site_near_ray(ray); !id.empty()) {
    const plan::Site* s = editor_.plan().find_site(id);
    const anatomy::Structure* target = atlas_->find(s->target_structure_id);
    return "Site " + id + ": " + (target ? target->name : s->target_structure_id) + ", " +
           format_units(s->dose_units);
  }
  const anatomy::Structure* s = atlas_->by_label(scene_->first_visible_label(ray));
  return s ? s->name + (s->danger ? "  (danger: " + s->adverse_effect + ")" : "") : "";
}

void Planner::select_only(const std::string& site_id) {
  selection_.clear();
  if (!site_id.empty()) selection_.insert(site_id);
}

plan::DoseTotals Planner::totals() const {
  return plan::compute_totals(plan(), group_of());
}

Findings Planner::current_findings() const {
  plan::ValidationContext context;
  const anatomy::Atlas* a = atlas_.get();
  context.structure_exists = [a](const std::string& id) { return a->find(id) != nullptr; };
  context.atlas_id = a->id();
  context.group_of = group_of();
  Findings findings = plan::validate_plan(plan(), context);
  if (spread_ && spread_current()) {
    for (const SiteResultView& s : spread_->sites) {
      findings.insert(findings.end(), s.flags.begin(), s.flags.end());
    }
    findings.insert(findings.end(), spread_->plan_flags.begin(), spread_->plan_flags.end());
  }
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& x, const Finding& y) {
    return static_cast<int>(x.severity) > static_cast<int>(y.severity);
  });
  return findings;
}

bool Planner::simulation_busy() const {
  return worker_->busy();
}

bool Planner::spread_current() const {
  return spread_ && spread_->revision == editor_.revision();
}

void Planner::update(bool allow_simulation) {
  if (allow_simulation && requested_revision_ != editor_.revision()) {
    worker_->request(editor_.plan(), editor_.revision());
    requested_revision_ = editor_.revision();
  }
  if (auto result = worker_->take_result()) spread_ = std::move(result);
  refresh_scene();
  if (editor_.dirty()) {
    recovery_.maybe_autosave(editor_.plan(), editor_.revision(), path_);
  }
}

void Planner::finish_simulation() {
  update(true);
  worker_->wait_idle();
  update(true);
}

void Planner::refresh_scene() {
  if (scene_revision_ == editor_.revision() && scene_selection_ == selection_ &&
      scene_spread_ == spread_.get()) {
    return;  // nothing changed since the last frame: no scene rebuild
  }
  std::vector<render::SiteGlyph> glyphs;
  for (const plan::Site& s : editor_.plan().sites) {
    render::SiteGlyph g{s.id, s.entry_point_mm, s.tip_mm()};
    if (spread_) {
      if (const SiteResultView* r = spread_->find(s.id)) g.status = r->status;
    }
    g.selected = selection_.count(s.id) > 0;
    glyphs.push_back(g);
  }
  scene_->set_sites(glyphs);
  std::vector<render::SpreadSurfaceData> surfaces;
  if (spread_) {
    for (const SiteResultView& r : spread_->sites) {
      if (editor_.plan().find_site(r.site_id)) surfaces.push_back(r.surface);
    }
  }
  scene_->set_spread_surfaces(surfaces);
  scene_->set_plan_field_surface(spread_ ? spread_->plan_field : render::SpreadSurfaceData{});
  scene_revision_ = editor_.revision();
  scene_selection_ = selection_;
  scene_spread_ = spread_.get();
}

}  // namespace toxplan::session
