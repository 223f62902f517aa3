// Loading the atlas a command works on, with every problem printed for the user.
//
// Every command with an optional --atlas finds its atlas the same way (find_plan_atlas): the
// folder given with --atlas, or else the shipped atlas the plan names in its field /atlas/id
// (assets/atlas/<id>). A plan made on an atlas that is not shipped is never quietly checked or
// simulated on another one: the command says which atlas is missing and how to give it.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "anatomy/atlas.h"
#include "base/finding.h"
#include "plan/totals.h"

namespace toxplan::cli {

// Loads `dir` (the built-in atlas when empty). On failure prints each finding and
// "<command>: cannot load the atlas in DIR" to `err` and returns nullptr.
std::shared_ptr<const anatomy::Atlas> load_atlas_or_explain(const std::string& dir,
                                                            const std::string& command,
                                                            std::ostream& err);

// Where a plan's atlas is: `atlas_option` (the --atlas folder) when given, else the shipped
// folder of `plan_atlas_id`. Nothing, and *not_found set (code ATLAS_NOT_FOUND, severity
// `severity`, field /atlas/id, naming the id, where it was looked for and how to pass --atlas),
// when no --atlas is given and no atlas with that id is shipped.
std::optional<std::string> find_plan_atlas(const std::string& atlas_option,
                                           const std::string& plan_atlas_id, Severity severity,
                                           Finding* not_found);

// For commands that need the plan's atlas (simulate, render, export): find_plan_atlas, then
// load_atlas_or_explain. When the plan's atlas is not shipped, prints the ATLAS_NOT_FOUND
// message and "<command>: cannot continue without the plan's atlas" and returns nullptr.
std::shared_ptr<const anatomy::Atlas> load_plan_atlas_or_explain(const std::string& atlas_option,
                                                                 const std::string& plan_atlas_id,
                                                                 const std::string& command,
                                                                 std::ostream& err);

// Structure groups of `atlas` ("temporalis" for temporalis_L), falling back to the built-in
// table for ids the atlas does not group.
plan::GroupOf atlas_group_of(std::shared_ptr<const anatomy::Atlas> atlas);

}  // namespace toxplan::cli
