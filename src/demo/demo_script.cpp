#include "demo/demo_script.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/json_locator.h"
#include "base/json_reader.h"
#include "base/json_text.h"
#include "plan/plan_io.h"

namespace toxplan::demo {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStepFields[] = {"title",        "caption",     "camera",
                                       "transition_s", "duration_s",  "show",
                                       "hide",         "translucent", "translucent_opacity",
                                       "highlight",    "warn",        "labels",
                                       "plan",         "sites",       "spread_fraction",
                                       "notes"};
constexpr const char* kCameraFields[] = {"view",     "focus",       "distance_mm", "zoom",
                                         "position", "focal_point", "up"};
constexpr const char* kRootFields[] = {"format", "version",  "id",    "title",
                                       "atlas",  "defaults", "steps", "notes"};

// "/steps/3/camera/view" -> 3; -1 when the pointer is not inside a step.
int step_index_of(const std::string& pointer) {
  const std::string prefix = "/steps/";
  if (pointer.rfind(prefix, 0) != 0) return -1;
  std::size_t end = prefix.size();
  while (end < pointer.size() && std::isdigit(static_cast<unsigned char>(pointer[end])))
    ++end;
  if (end == prefix.size()) return -1;
  return std::stoi(pointer.substr(prefix.size(), end - prefix.size()));
}

// Messages say "step 4" (1-based, as the step list shows it) right after the file name.
void name_steps(Findings* findings, std::size_t from, const std::string& source) {
  for (std::size_t i = from; i < findings->size(); ++i) {
    Finding& f = (*findings)[i];
    const int step = step_index_of(f.field);
    if (step < 0) continue;
    const std::string head = source + ": ";
    const std::string tail =
        f.message.rfind(head, 0) == 0 ? f.message.substr(head.size()) : f.message;
    f.message = head + "step " + std::to_string(step + 1) + ": " + tail;
  }
}

template <std::size_t N>
void unknown_fields(JsonReader& reader, const nlohmann::json& object, const std::string& pointer,
                    const char* const (&known)[N]) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    const bool found = std::find_if(std::begin(known), std::end(known), [&](const char* k) {
                         return it.key() == k;
                       }) != std::end(known);
    if (!found) {
      reader.warning("FIELD_UNKNOWN", pointer + "/" + json_pointer_escape(it.key()),
                     "unknown field is ignored; see docs/demo-format.md for the fields a step has");
    }
  }
}

std::string short_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::optional<double> number_in(JsonReader& reader, const nlohmann::json& object,
                                const std::string& pointer, const char* key, double lo, double hi,
                                bool lo_inclusive) {
  const auto v = reader.number(object, pointer, key, false);
  if (!v) return std::nullopt;
  const bool ok = (lo_inclusive ? *v >= lo : *v > lo) && *v <= hi && std::isfinite(*v);
  if (!ok) {
    reader.error("DEMO_VALUE_OUT_OF_RANGE", pointer + "/" + key,
                 "value " + short_number(*v) + " is outside " + (lo_inclusive ? "[" : "(") +
                     short_number(lo) + ", " + short_number(hi) + "]; the default is used");
    return std::nullopt;
  }
  return v;
}

std::optional<DemoCamera> parse_camera(JsonReader& reader, const nlohmann::json& v,
                                       const std::string& pointer) {
  DemoCamera camera;
  if (v.is_string()) {  // "camera": "left" is short for {"view": "left"}
    camera.view = v.get<std::string>();
    return camera;
  }
  if (!v.is_object()) {
    reader.error("FIELD_WRONG_TYPE", pointer,
                 std::string("must be a view name or an object, found ") + v.type_name() +
                     "; the previous step's camera is kept");
    return std::nullopt;
  }
  unknown_fields(reader, v, pointer, kCameraFields);
  camera.view = reader.string(v, pointer, "view", false).value_or("");
  camera.focus = reader.string(v, pointer, "focus", false).value_or("");
  camera.distance_mm = number_in(reader, v, pointer, "distance_mm", 0.0, 10000.0, false);
  camera.zoom = number_in(reader, v, pointer, "zoom", 0.0, 20.0, false).value_or(1.0);
  const bool any_pose = v.contains("position") || v.contains("focal_point") || v.contains("up");
  if (any_pose) {
    camera.position_mm = reader.vec3(v, pointer, "position", "");
    camera.focal_point_mm = reader.vec3(v, pointer, "focal_point", "");
    camera.up = reader.vec3(v, pointer, "up", "");
    if (camera.explicit_pose() && norm(*camera.up) < 1e-9) {
      reader.error("DEMO_VALUE_OUT_OF_RANGE", pointer + "/up", "must not be [0, 0, 0]");
      camera.up.reset();
    }
    if (camera.explicit_pose() && distance(*camera.position_mm, *camera.focal_point_mm) < 1e-6) {
      reader.error("DEMO_VALUE_OUT_OF_RANGE", pointer + "/position",
                   "must differ from focal_point");
      camera.position_mm.reset();
    }
    if (!camera.explicit_pose()) {
      camera.position_mm.reset();
      camera.focal_point_mm.reset();
      camera.up.reset();
    } else if (!camera.view.empty()) {
      reader.warning("DEMO_CAMERA_BOTH", pointer + "/view",
                     "both a view and position/focal_point/up are given; the explicit camera is "
                     "used and the view ignored");
      camera.view.clear();
    }
  }
  if (camera.empty()) {
    if (!any_pose) {
      reader.error("DEMO_CAMERA_INCOMPLETE", pointer,
                   "give a \"view\" name or all of \"position\", \"focal_point\" and \"up\"; "
                   "the previous step's camera is kept");
    }
    return std::nullopt;
  }
  return camera;
}

void parse_step(JsonReader& reader, const nlohmann::json& v, const std::string& pointer,
                const fs::path& folder, DemoStep* step) {
  unknown_fields(reader, v, pointer, kStepFields);
  step->title = reader.string(v, pointer, "title", true).value_or("");
  step->caption = reader.string(v, pointer, "caption", false).value_or("");
  if (const nlohmann::json* c = reader.member(v, pointer, "camera", false)) {
    step->camera = parse_camera(reader, *c, pointer + "/camera");
  }
  step->transition_s =
      number_in(reader, v, pointer, "transition_s", 0.0, 60.0, true).value_or(step->transition_s);
  step->duration_s = number_in(reader, v, pointer, "duration_s", 0.0, 3600.0, false);
  step->show = reader.strings(v, pointer, "show", false);
  step->hide = reader.strings(v, pointer, "hide", false);
  step->translucent = reader.strings(v, pointer, "translucent", false);
  step->translucent_opacity = number_in(reader, v, pointer, "translucent_opacity", 0.0, 1.0, true)
                                  .value_or(step->translucent_opacity);
  step->highlight = reader.strings(v, pointer, "highlight", false);
  step->warn = reader.strings(v, pointer, "warn", false);
  step->labels = reader.strings(v, pointer, "labels", false);
  step->plan = reader.string(v, pointer, "plan", false).value_or("");
  if (!step->plan.empty()) {
    const fs::path p(step->plan);
    step->plan_path = (p.is_absolute() ? p : folder / p).lexically_normal().string();
  }
  step->sites = reader.strings(v, pointer, "sites", false);
  if (!step->sites.empty() && step->plan.empty()) {
    reader.error("DEMO_SITES_WITHOUT_PLAN", pointer + "/sites",
                 "sites are listed but the step has no \"plan\"; they are ignored");
    step->sites.clear();
  }
  step->spread_fraction =
      number_in(reader, v, pointer, "spread_fraction", 0.0, 1.0, true).value_or(0.0);
  if (step->spread_fraction > 0.0 && step->plan.empty()) {
    reader.warning("DEMO_SPREAD_WITHOUT_PLAN", pointer + "/spread_fraction",
                   "there is no \"plan\" whose spread could be shown; ignored");
    step->spread_fraction = 0.0;
  }
}

}  // namespace

double DemoScript::step_duration_s(std::size_t i) const {
  return i < steps.size() ? steps[i].duration_s.value_or(default_duration_s) : 0.0;
}

double DemoScript::step_length_s(std::size_t i) const {
  return i < steps.size() ? steps[i].transition_s + step_duration_s(i) : 0.0;
}

double DemoScript::total_length_s() const {
  double t = 0.0;
  for (std::size_t i = 0; i < steps.size(); ++i)
    t += step_length_s(i);
  return t;
}

double DemoScript::step_start_s(std::size_t i) const {
  double t = 0.0;
  for (std::size_t k = 0; k < i && k < steps.size(); ++k)
    t += step_length_s(k);
  return t;
}

std::size_t DemoScript::step_at(double t_s) const {
  double start = 0.0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    start += step_length_s(i);
    if (t_s < start) return i;
  }
  return steps.empty() ? 0 : steps.size() - 1;
}

const std::vector<std::string>& demo_group_words() {
  static const std::vector<std::string> words = {"all", "muscles", "bones",  "danger", "skin",
                                                 "fat", "organs",  "nerves", "vessels"};
  return words;
}

DemoLoadResult parse_demo_script(const std::string& text, const std::string& source) {
  DemoLoadResult result;
  Findings& findings = result.findings;
  JsonTextError error;
  const std::optional<nlohmann::json> parsed = parse_json_text(text, &error);
  if (!parsed) {
    findings.push_back(json_syntax_finding("DEMO_MALFORMED_JSON", source, error,
                                           "fix the file and open it again"));
    return result;
  }
  const nlohmann::json& doc = *parsed;
  JsonReader reader(source, &findings);
  if (!doc.is_object()) {
    reader.error("DEMO_NOT_A_SCRIPT", "",
                 "a demo script is a JSON object with \"format\": \"toxplan-demo\" and a "
                 "\"steps\" array");
    return result;
  }
  unknown_fields(reader, doc, "", kRootFields);
  if (const auto format = reader.string(doc, "", "format", false)) {
    if (*format != kDemoFormatName) {
      reader.error("DEMO_NOT_A_SCRIPT", "/format",
                   "is \"" + *format + "\", expected \"" + kDemoFormatName + "\"");
      attach_lines(&findings, text);
      return result;
    }
  }
  if (const auto version = reader.number(doc, "", "version", false)) {
    if (*version > kDemoFormatVersion) {
      reader.warning("DEMO_VERSION_NEWER", "/version",
                     "version " + std::to_string(static_cast<int>(*version)) +
                         " is newer than this program reads (" +
                         std::to_string(kDemoFormatVersion) +
                         "); parts it does not know are ignored");
    }
  }
  const nlohmann::json* steps = reader.member(doc, "", "steps", true);
  if (steps && !steps->is_array()) {
    reader.error("FIELD_WRONG_TYPE", "/steps",
                 std::string("must be an array of steps, found ") + steps->type_name());
    steps = nullptr;
  }
  if (!steps) {
    attach_lines(&findings, text);
    return result;
  }

  DemoScript script;
  script.path = source;
  script.id = reader.string(doc, "", "id", false).value_or(fs::path(source).stem().string());
  script.title = reader.string(doc, "", "title", false).value_or(script.id);
  script.atlas = reader.string(doc, "", "atlas", false).value_or("");
  double default_transition = kDefaultDemoTransitionS;
  if (const nlohmann::json* d = reader.object(doc, "", "defaults", false)) {
    script.default_duration_s = number_in(reader, *d, "/defaults", "duration_s", 0.0, 3600.0, false)
                                    .value_or(script.default_duration_s);
    default_transition = number_in(reader, *d, "/defaults", "transition_s", 0.0, 60.0, true)
                             .value_or(default_transition);
  }
  const fs::path folder = fs::path(source).parent_path();
  const JsonLocator locator(text);
  for (std::size_t i = 0; i < steps->size(); ++i) {
    const std::string pointer = "/steps/" + std::to_string(i);
    const nlohmann::json& v = (*steps)[i];
    if (!v.is_object()) {
      reader.error(
          "DEMO_STEP_NOT_OBJECT", pointer,
          std::string("must be an object, found ") + v.type_name() + "; the step is skipped");
      continue;
    }
    DemoStep step;
    step.transition_s = default_transition;
    step.index = static_cast<int>(i);
    step.line = locator.line_of(pointer);
    parse_step(reader, v, pointer, folder, &step);
    if (step.title.empty()) step.title = "Step " + std::to_string(i + 1);
    script.steps.push_back(std::move(step));
  }
  if (script.steps.empty()) {
    reader.error("DEMO_NO_STEPS", "/steps", "the script has no step that can be shown");
  }
  name_steps(&findings, 0, source);
  attach_lines(&findings, text);
  result.script = std::move(script);
  return result;
}

DemoLoadResult load_demo_script(const std::string& path) {
  std::string error;
  const auto text = plan::read_text_file(path, &error);
  if (!text) {
    DemoLoadResult r;
    r.findings.push_back({"DEMO_UNREADABLE", Severity::Error, "", "", 0, error});
    return r;
  }
  return parse_demo_script(*text, path);
}

void check_demo_references(DemoScript* script, const DemoReferences& refs, Findings* findings,
                           const std::string& text) {
  Findings found;
  JsonReader reader(script->path, &found);
  if (!refs.atlas_id.empty() && !script->atlas.empty() && script->atlas != refs.atlas_id) {
    reader.warning("DEMO_ATLAS_MISMATCH", "/atlas",
                   "the script was written for atlas \"" + script->atlas + "\" but \"" +
                       refs.atlas_id + "\" is open; structures it names may be missing");
  }
  std::map<std::string, std::optional<plan::Plan>> plans;  // path -> plan, loaded once
  std::map<std::string, std::string> invalid_plans;        // path -> its first error
  for (DemoStep& step : script->steps) {
    const std::string pointer = "/steps/" + std::to_string(step.index);
    // Codes are whole literals (never pasted together) so that the test that every code has a
    // fixture (tests/core/finding_codes_test.cpp) finds them in the source.
    const std::string structure_words =
        "structure id, group or one of all, muscles, bones, danger, skin, fat, organs, nerves, "
        "vessels";
    auto filter = [&](std::vector<std::string>* ids, const char* key,
                      const std::function<bool(const std::string&)>& known, const char* code,
                      const std::string& what) {
      if (!known) return;
      std::vector<std::string> kept;
      for (const std::string& id : *ids) {
        if (known(id)) {
          kept.push_back(id);
        } else {
          reader.error(code, pointer + "/" + key,
                       "\"" + id + "\" is not a " + what + "; it is ignored");
        }
      }
      *ids = std::move(kept);
    };
    filter(&step.show, "show", refs.structure_or_group, "DEMO_UNKNOWN_STRUCTURE", structure_words);
    filter(&step.hide, "hide", refs.structure_or_group, "DEMO_UNKNOWN_STRUCTURE", structure_words);
    filter(&step.translucent, "translucent", refs.structure_or_group, "DEMO_UNKNOWN_STRUCTURE",
           structure_words);
    filter(&step.highlight, "highlight", refs.structure_or_group, "DEMO_UNKNOWN_STRUCTURE",
           structure_words);
    filter(&step.warn, "warn", refs.structure_or_group, "DEMO_UNKNOWN_STRUCTURE", structure_words);
    filter(&step.labels, "labels", refs.label, "DEMO_UNKNOWN_LABEL",
           "structure or landmark of the atlas");
    if (step.camera && !step.camera->view.empty() && refs.view && !refs.view(step.camera->view)) {
      reader.error("DEMO_UNKNOWN_VIEW", pointer + "/camera/view",
                   "\"" + step.camera->view + "\" is not a view; use " + refs.view_names +
                       "; the previous step's camera is kept");
      step.camera.reset();
    }
    if (step.camera && !step.camera->focus.empty() && refs.focus &&
        !refs.focus(step.camera->focus)) {
      reader.error("DEMO_UNKNOWN_FOCUS", pointer + "/camera/focus",
                   "\"" + step.camera->focus +
                       "\" is not a structure or landmark of the atlas; the view is centred on "
                       "the whole atlas");
      step.camera->focus.clear();
    }
    if (!step.plan_path.empty()) {
      auto it = plans.find(step.plan_path);
      if (it == plans.end()) {
        // A tour teaches with its plans, so a plan that `toxplan validate` refuses (a dose or
        // volume the label does not allow, an unknown target) is not shown as an example.
        plan::PlanLoadResult loaded = plan::load_plan_file(step.plan_path, refs.plan_context);
        if (loaded.plan && has_errors(loaded.findings)) {
          std::string first;
          for (const Finding& f : loaded.findings) {
            if (f.severity == Severity::Error) {
              first = f.message;
              break;
            }
          }
          invalid_plans[step.plan_path] = first;
          loaded.plan.reset();
        }
        it = plans.emplace(step.plan_path, loaded.plan).first;
      }
      if (!it->second && invalid_plans.count(step.plan_path)) {
        reader.error("DEMO_PLAN_INVALID", pointer + "/plan",
                     "the plan " + step.plan_path + " has errors (" +
                         invalid_plans[step.plan_path] + "); `toxplan validate " + step.plan_path +
                         "` lists them; fix the plan: the step is shown without it");
        step.plan.clear();
        step.plan_path.clear();
        step.sites.clear();
        step.spread_fraction = 0.0;
      } else if (!it->second) {
        reader.error("DEMO_PLAN_UNREADABLE", pointer + "/plan",
                     "cannot open the plan " + step.plan_path +
                         " (paths are relative to the script's folder); the step is shown "
                         "without it");
        step.plan.clear();
        step.plan_path.clear();
        step.sites.clear();
        step.spread_fraction = 0.0;
      } else {
        std::vector<std::string> kept;
        for (const std::string& id : step.sites) {
          if (it->second->find_site(id) ||
              (refs.structure_or_group && refs.structure_or_group(id))) {
            kept.push_back(id);
          } else {
            reader.error("DEMO_UNKNOWN_SITE", pointer + "/sites",
                         "the plan has no site \"" + id +
                             "\" and it is not a structure or group; it is ignored");
          }
        }
        if (!step.sites.empty() && kept.empty()) {
          reader.error("DEMO_UNKNOWN_SITE", pointer + "/sites",
                       "none of the listed sites is in the plan; all its sites are shown");
        }
        step.sites = std::move(kept);
      }
    }
  }
  name_steps(&found, 0, script->path);
  if (!text.empty()) attach_lines(&found, text);
  findings->insert(findings->end(), found.begin(), found.end());
}

}  // namespace toxplan::demo
