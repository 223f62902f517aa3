// Reading a demo script against the atlas it will play on, and the plans its steps show.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "demo/demo_script.h"
#include "plan/plan.h"

namespace toxplan::demo {

// The atlas's answers to what a script refers to (structures, groups, views, landmarks).
DemoReferences demo_references(const anatomy::Atlas& atlas);
// Reads a script and checks it against the atlas: findings name the step, field and line.
DemoLoadResult load_demo_for_atlas(const std::string& path, const anatomy::Atlas& atlas);

// True when a script's word (a structure id, a group, or "muscles", "danger", ... see
// docs/demo-format.md) names this structure.
bool structure_matches(const anatomy::Structure& s, const std::string& word);

// The sites of `plan` a step shows: those its `sites` list names (by site id, or by the target's
// structure id or group), or all of them when the list is empty.
std::vector<std::string> demo_step_site_ids(const DemoStep& step, const plan::Plan& plan,
                                            const anatomy::Atlas& atlas);

// The plans a script's steps show, read once each, by the path the script gives.
struct DemoPlans {
  std::map<std::string, plan::Plan> by_path;
  std::vector<std::string> messages;  // "cannot open plan ..." for each unreadable one
};
DemoPlans load_demo_plans(const DemoScript& script);

}  // namespace toxplan::demo
