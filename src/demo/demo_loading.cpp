#include "demo/demo_loading.h"

#include <algorithm>
#include <set>

#include "anatomy/anatomical_view.h"
#include "plan/plan_io.h"

namespace toxplan::demo {

bool structure_matches(const anatomy::Structure& s, const std::string& word) {
  using K = anatomy::StructureKind;
  if (word == s.id || word == s.group) return true;
  if (word == "all") return true;
  if (word == "muscles") return s.kind == K::Muscle;
  if (word == "bones") return s.kind == K::Bone;
  if (word == "danger") return s.danger;
  if (word == "skin") return s.kind == K::Skin;
  if (word == "fat") return s.kind == K::Fat;
  if (word == "organs") return s.kind == K::Organ;
  if (word == "nerves") return s.kind == K::Nerve;
  if (word == "vessels") return s.kind == K::Vessel;
  return false;
}

DemoReferences demo_references(const anatomy::Atlas& atlas) {
  DemoReferences refs;
  const anatomy::Atlas* a = &atlas;
  refs.structure_or_group = [a](const std::string& word) {
    for (const anatomy::Structure& s : a->structures()) {
      if (structure_matches(s, word)) return true;
    }
    // A group word is valid even when this atlas has no structure of that kind.
    const auto& words = demo_group_words();
    return std::find(words.begin(), words.end(), word) != words.end();
  };
  refs.view = [](const std::string& name) { return anatomy::view_from_name(name).has_value(); };
  refs.focus = [a](const std::string& id) {
    return a->find(id) != nullptr || a->landmark(id) != nullptr;
  };
  refs.label = refs.focus;
  refs.atlas_id = atlas.id();
  refs.plan_context.structure_exists = [a](const std::string& id) {
    return a->find(id) != nullptr;
  };
  refs.plan_context.atlas_id = atlas.id();
  for (anatomy::ViewPreset v : anatomy::all_view_presets()) {
    refs.view_names += (refs.view_names.empty() ? "" : ", ") + std::string(anatomy::view_name(v));
  }
  return refs;
}

std::vector<std::string> demo_step_site_ids(const DemoStep& step, const plan::Plan& plan,
                                            const anatomy::Atlas& atlas) {
  std::vector<std::string> ids;
  for (const plan::Site& s : plan.sites) {
    const anatomy::Structure* target = atlas.find(s.target_structure_id);
    const bool listed = std::any_of(step.sites.begin(), step.sites.end(), [&](const auto& w) {
      return w == s.id || (target && structure_matches(*target, w));
    });
    if (step.sites.empty() || listed) ids.push_back(s.id);
  }
  return ids;
}

DemoLoadResult load_demo_for_atlas(const std::string& path, const anatomy::Atlas& atlas) {
  std::string error;
  const auto text = plan::read_text_file(path, &error);
  if (!text) {
    DemoLoadResult r;
    r.findings.push_back({"DEMO_UNREADABLE", Severity::Error, "", "", 0, error});
    return r;
  }
  DemoLoadResult r = parse_demo_script(*text, path);
  if (r.script) check_demo_references(&*r.script, demo_references(atlas), &r.findings, *text);
  return r;
}

DemoPlans load_demo_plans(const DemoScript& script) {
  DemoPlans out;
  std::set<std::string> tried;
  for (const DemoStep& step : script.steps) {
    if (step.plan_path.empty() || !tried.insert(step.plan_path).second) continue;
    plan::PlanLoadResult loaded = plan::load_plan_file(step.plan_path);
    if (loaded.plan) {
      out.by_path.emplace(step.plan_path, std::move(*loaded.plan));
    } else {
      out.messages.push_back("cannot open plan " + step.plan_path);
    }
  }
  return out;
}

}  // namespace toxplan::demo
