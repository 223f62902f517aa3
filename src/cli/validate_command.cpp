#include "cli/validate_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "anatomy/atlas.h"
#include "base/format.h"
#include "base/json_locator.h"
#include "cli/atlas_loading.h"
#include "cli/findings_json.h"
#include "plan/plan_io.h"
#include "plan/totals.h"

namespace toxplan::cli {

namespace {

std::string summary_line(const plan::Plan& plan, const plan::GroupOf& group_of) {
  const plan::DoseTotals t = plan::compute_totals(plan, group_of);
  return std::to_string(t.site_count) + " sites, " + format_units(t.plan_units) + " " +
         std::string(plan::product_id(plan.product)) + ", " + format_ml(t.plan_volume_ml) + ", " +
         std::to_string(t.vials) + " vial(s) of " + format_units(plan.dilution.vial_units);
}

// The context that checks a plan's targets against `atlas` (none: targets are not checked).
plan::ValidationContext context_for(const std::shared_ptr<const anatomy::Atlas>& atlas) {
  plan::ValidationContext context;
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
plan::PlanLoadResult check_plan(const std::string& path, const std::string& atlas_option,
                                AtlasCache& atlases, plan::GroupOf* group_of, bool* atlas_failed,
                                std::ostream& err) {
  plan::PlanLoadResult first = plan::load_plan_file(path);
  if (!first.plan) return first;
  Finding not_found;
  const std::optional<std::string> dir =
      find_plan_atlas(atlas_option, first.plan->atlas_id, Severity::Warning, &not_found);
  if (!dir) {
    not_found.message =
        path + ": " + not_found.message + "; its target structures were not checked";
    Findings located{not_found};
    if (const auto text = plan::read_text_file(path, nullptr)) attach_lines(&located, *text);
    first.findings.push_back(located.front());
    return first;
  }
  const std::shared_ptr<const anatomy::Atlas> atlas = atlases.get(*dir, err);
  if (!atlas) {
    *atlas_failed = true;
    return first;
  }
  const plan::ValidationContext context = context_for(atlas);
  *group_of = context.group_of;
  return plan::load_plan_file(path, context);
}

}  // namespace

int run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  AtlasCache atlases;
  if (!options.atlas_dir.empty() && !atlases.get(options.atlas_dir, err)) return 2;

  int exit_code = 0;
  nlohmann::json report = nlohmann::json::array();
  for (const std::string& path : options.plan_paths) {
    plan::GroupOf group_of = plan::default_group_of;
    bool atlas_failed = false;
    const plan::PlanLoadResult r =
        check_plan(path, options.atlas_dir, atlases, &group_of, &atlas_failed, err);
    if (atlas_failed) return 2;
    const bool errors = has_errors(r.findings);
    const int file_code = r.unreadable ? 2 : (errors || !r.plan ? 1 : 0);
    exit_code = std::max(exit_code, file_code);
    if (options.json) {
      nlohmann::json entry = {
          {"file", path},
          {"status", file_code == 0 ? "ok" : (file_code == 1 ? "errors" : "unreadable")},
          {"findings", findings_to_json(r.findings)}};
      if (r.plan) {
        const plan::DoseTotals t = plan::compute_totals(*r.plan, group_of);
        entry["sites"] = t.site_count;
        entry["total_units"] = t.plan_units;
        entry["total_volume_ml"] = t.plan_volume_ml;
        entry["vials"] = t.vials;
        entry["product"] = std::string(plan::product_id(r.plan->product));
      }
      report.push_back(std::move(entry));
      continue;
    }
    out << path << ": " << (file_code == 0 ? "OK" : (file_code == 1 ? "ERRORS" : "UNREADABLE"));
    if (r.plan) out << " - " << summary_line(*r.plan, group_of);
    out << "\n";
    for (const Finding& f : r.findings) {
      out << "  " << severity_name(f.severity) << " " << f.code << ": " << f.message << "\n";
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
