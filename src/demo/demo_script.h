// Guided demo scripts (assets/demos/*.json, docs/demo-format.md): an ordered list of steps, each
// with a caption, a camera, which structures are shown, hidden, highlighted or translucent, a
// plan (or some of its sites) and how much of its spread is grown. Plain data and parsing; the
// render layer plays a script (render/demo_player), the window and `toxplan demo` drive it.
//
// Errors a script author can make are findings (code, JSON pointer, line, "step N" in the
// message); a bad part of a step is dropped and the rest of the tour still plays. Only a file
// that is not a JSON object with a "steps" array is refused.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/finding.h"
#include "base/vec3.h"
#include "plan/validation.h"

namespace toxplan::demo {

inline constexpr const char* kDemoFormatName = "toxplan-demo";
inline constexpr int kDemoFormatVersion = 1;
// When a step gives no duration: long enough to read a two-sentence caption aloud.
inline constexpr double kDefaultDemoStepDurationS = 6.0;
inline constexpr double kDefaultDemoTransitionS = 1.5;
inline constexpr double kDefaultTranslucentOpacity = 0.25;

struct DemoCamera {
  // Either a named view ("anterior", "left", ...) optionally centred on `focus` (a structure
  // or landmark id) ...
  std::string view;
  std::string focus;
  std::optional<double> distance_mm;  // focal point to camera; default frames the focus
  double zoom = 1.0;                  // > 1 moves closer, after framing
  // ... or an explicit camera in atlas millimetres (all three given).
  std::optional<Vec3> position_mm;
  std::optional<Vec3> focal_point_mm;
  std::optional<Vec3> up;

  bool explicit_pose() const { return position_mm && focal_point_mm && up; }
  bool empty() const { return view.empty() && !explicit_pose(); }
};

struct DemoStep {
  std::string title;
  std::string caption;
  std::optional<DemoCamera> camera;  // none: keep the previous step's camera
  double transition_s = kDefaultDemoTransitionS;
  std::optional<double> duration_s;  // none: the script's default (auto-advance time)
  // Structure ids, atlas group names ("temporalis") or kinds ("muscles", "bones", "danger",
  // "all"), applied in this order over the atlas's default display: hide, show, translucent,
  // highlight, warn. Each step starts from the defaults again, so any step can be shown alone.
  std::vector<std::string> show;
  std::vector<std::string> hide;
  std::vector<std::string> translucent;
  double translucent_opacity = kDefaultTranslucentOpacity;
  std::vector<std::string> highlight;  // drawn in the highlight colour (yellow)
  std::vector<std::string> warn;       // drawn in the danger colour (red): what to stay away from
  std::vector<std::string> labels;     // structure or landmark ids named in the 3D view
  std::string plan;                    // as written in the script: relative to the script's folder
  std::string plan_path;               // resolved path, empty when no plan
  // Which of the plan's sites to show: site ids, or structure ids / groups / kind words that
  // select the sites aimed at them ("temporalis", "frontalis_L"); empty: all sites.
  std::vector<std::string> sites;
  double spread_fraction = 0.0;  // 0 no spread ... 1 the full effect region of each site
  int index = 0;                 // position in the file's "steps" array (0-based)
  int line = 0;                  // line of the step in the file, for messages
};

struct DemoScript {
  std::string id;
  std::string title;
  std::string atlas;  // atlas id the script was written for; empty: any
  std::string path;   // file it was read from
  double default_duration_s = kDefaultDemoStepDurationS;
  std::vector<DemoStep> steps;

  double step_duration_s(std::size_t i) const;  // duration_s or the default
  double step_length_s(std::size_t i) const;    // transition + duration
  double total_length_s() const;
  double step_start_s(std::size_t i) const;
  // Step shown at time t (clamped to the script); 0 for an empty script.
  std::size_t step_at(double t_s) const;
};

struct DemoLoadResult {
  std::optional<DemoScript> script;  // empty only when the file cannot be read or parsed
  Findings findings;                 // with lines and "step N" in each message
};

// Parses a script's text; `source` names it in messages and resolves plan paths (its folder).
DemoLoadResult parse_demo_script(const std::string& text, const std::string& source);
DemoLoadResult load_demo_script(const std::string& path);

// What a script may refer to, answered by the atlas and the renderer (second pass).
struct DemoReferences {
  std::function<bool(const std::string&)> structure_or_group;  // id, group or kind word
  std::function<bool(const std::string&)> view;                // "anterior", ...
  std::function<bool(const std::string&)> focus;               // structure or landmark id
  std::function<bool(const std::string&)> label;               // structure or landmark id
  std::string atlas_id;                                        // empty: not checked
  std::string view_names;                                      // for messages: "anterior, ..."
  // How the steps' plans are validated (targets against the atlas); a plan with errors is
  // refused (DEMO_PLAN_INVALID).
  plan::ValidationContext plan_context;
};

// Drops every reference the atlas does not have (an unknown structure from its list, an
// unknown view or focus from the camera, a missing plan file), each with a finding naming the
// step and field. `text` is the script's text, for line numbers (may be empty).
void check_demo_references(DemoScript* script, const DemoReferences& refs, Findings* findings,
                           const std::string& text = "");

// Group words every atlas understands, besides its own group names and structure ids.
const std::vector<std::string>& demo_group_words();  // all, muscles, bones, danger, ...

}  // namespace toxplan::demo
