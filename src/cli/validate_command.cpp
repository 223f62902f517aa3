#include "cli/validate_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <memory>

#include "anatomy/atlas.h"
#include "cli/atlas_loading.h"
#include "cli/findings_json.h"
#include "core/format.h"
#include "core/json_locator.h"
#include "core/plan_io.h"
#include "core/totals.h"

namespace toxplan::cli {

namespace {

std::string summary_line(const core::Plan& plan, const core::GroupOf& group_of) {
  const core::DoseTotals t = core::compute_totals(plan, group_of);
  return std::to_string(t.site_count) + " sites, " + core::format_units(t.plan_units) + " " +
         std::string(core::product_id(plan.product)) + ", " + core::format_ml(t.plan_volume_ml) +
         ", " + std::to_string(t.vials) + " vial(s) of " +
         core::format_units(plan.dilution.vial_units);
}

// The context that checks a plan's targets against `atlas` (none: targets are not checked).
core::ValidationContext context_for(const std::shared_ptr<const anatomy::Atlas>& atlas) {
  core::ValidationContext context;
  if (!atlas) return context;
  context.structure_exists = [atlas](const std::string& id) { return atlas->find(id) != nullptr; };
  context.atlas_id = atlas->id();
  context.group_of = atlas_group_of(atlas);
  return context;
}

// Plans named on the command line usually share an atlas: load each folder once.
class AtlasCache {
 public:
  // nullptr after printing why when the folder cannot be loaded.
  std::shared_ptr<const anatomy::Atlas> get(const std::string& dir, std::ostream& err) {
    auto it = loaded_.find(dir);
    if (it == loaded_.end()) {
      it = loaded_.emplace(dir, load_atlas_or_explain(dir, "validate", err)).first;
    }
    return it->second;
  }

 private:
  std::map<std::string, std::shared_ptr<const anatomy::Atlas>> loaded_;
};

// Reads and checks one plan: targets against the --atlas folder, or else against the shipped
// atlas the plan names; when that atlas is not shipped, the plan's findings say so (a warning:
// the rest of the plan is still checked, its targets are not). *atlas_failed when the atlas
// exists but cannot be loaded.
core::PlanLoadResult check_plan(const std::string& path, const std::string& atlas_option,
                                AtlasCache& atlases, core::GroupOf* group_of, bool* atlas_failed,
                                std::ostream& err) {
  core::PlanLoadResult first = core::load_plan_file(path);
  if (!first.plan) return first;
  core::Finding not_found;
  const std::optional<std::string> dir =
      find_plan_atlas(atlas_option, first.plan->atlas_id, core::Severity::Warning, &not_found);
  if (!dir) {
    not_found.message =
        path + ": " + not_found.message + "; its target structures were not checked";
    core::Findings located{not_found};
    if (const auto text = core::read_text_file(path, nullptr)) core::attach_lines(&located, *text);
    first.findings.push_back(located.front());
    return first;
  }
  const std::shared_ptr<const anatomy::Atlas> atlas = atlases.get(*dir, err);
  if (!atlas) {
    *atlas_failed = true;
    return first;
  }
  const core::ValidationContext context = context_for(atlas);
  *group_of = context.group_of;
  return core::load_plan_file(path, context);
}

}  // namespace

int run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  AtlasCache atlases;
  if (!options.atlas_dir.empty() && !atlases.get(options.atlas_dir, err)) return 2;

  int exit_code = 0;
  nlohmann::json report = nlohmann::json::array();
  for (const std::string& path : options.plan_paths) {
    core::GroupOf group_of = core::default_group_of;
    bool atlas_failed = false;
    const core::PlanLoadResult r =
        check_plan(path, options.atlas_dir, atlases, &group_of, &atlas_failed, err);
    if (atlas_failed) return 2;
    const bool errors = core::has_errors(r.findings);
    const int file_code = r.unreadable ? 2 : (errors || !r.plan ? 1 : 0);
    exit_code = std::max(exit_code, file_code);
    if (options.json) {
      nlohmann::json entry = {
          {"file", path},
          {"status", file_code == 0 ? "ok" : (file_code == 1 ? "errors" : "unreadable")},
          {"findings", findings_to_json(r.findings)}};
      if (r.plan) {
        const core::DoseTotals t = core::compute_totals(*r.plan, group_of);
        entry["sites"] = t.site_count;
        entry["total_units"] = t.plan_units;
        entry["total_volume_ml"] = t.plan_volume_ml;
        entry["vials"] = t.vials;
        entry["product"] = std::string(core::product_id(r.plan->product));
      }
      report.push_back(std::move(entry));
      continue;
    }
    out << path << ": " << (file_code == 0 ? "OK" : (file_code == 1 ? "ERRORS" : "UNREADABLE"));
    if (r.plan) out << " - " << summary_line(*r.plan, group_of);
    out << "\n";
    for (const core::Finding& f : r.findings) {
      out << "  " << core::severity_name(f.severity) << " " << f.code << ": " << f.message << "\n";
    }
  }
  if (options.json) out << report.dump(2) << "\n";
  return exit_code;
}

void add_validate_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* cmd =
      app.add_subcommand("validate",
                         "Check plan files: doses, volumes, ids, limits (exit 0 clean, 1 errors, 2 "
                         "unreadable)");
  cmd->add_option("plans", options->plan_paths, "Plan files (*.toxplan.json)")->required();
  cmd->add_option("--atlas", options->atlas_dir,
                  "Check target structures against this atlas folder (default: the shipped "
                  "atlas the plan names)");
  cmd->add_flag("--json", options->json, "Machine-readable report");
  cmd->callback(
      [options, &exit_code]() { exit_code = run_validate(*options, std::cout, std::cerr); });
}

}  // namespace toxplan::cli
