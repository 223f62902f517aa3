#include "cli/validate_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "anatomy/atlas.h"
#include "cli/findings_json.h"
#include "core/format.h"
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

}  // namespace

int run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  core::ValidationContext context;
  std::unique_ptr<anatomy::Atlas> atlas;
  if (!options.atlas_dir.empty()) {
    core::Findings atlas_findings;
    atlas = anatomy::Atlas::load(options.atlas_dir, &atlas_findings);
    if (!atlas) {
      for (const core::Finding& f : atlas_findings)
        err << f.message << "\n";
      err << "validate: cannot load atlas " << options.atlas_dir << "\n";
      return 2;
    }
    const anatomy::Atlas* a = atlas.get();
    context.structure_exists = [a](const std::string& id) { return a->find(id) != nullptr; };
    context.atlas_id = a->id();
    context.group_of = [a](const std::string& id) {
      const anatomy::Structure* s = a->find(id);
      return s && !s->group.empty() ? s->group : core::default_group_of(id);
    };
  }

  int exit_code = 0;
  nlohmann::json report = nlohmann::json::array();
  for (const std::string& path : options.plan_paths) {
    const core::PlanLoadResult r = core::load_plan_file(path, context);
    const bool errors = core::has_errors(r.findings);
    const int file_code = r.unreadable ? 2 : (errors || !r.plan ? 1 : 0);
    exit_code = std::max(exit_code, file_code);
    if (options.json) {
      nlohmann::json entry = {
          {"file", path},
          {"status", file_code == 0 ? "ok" : (file_code == 1 ? "errors" : "unreadable")},
          {"findings", findings_to_json(r.findings)}};
      if (r.plan) {
        const core::DoseTotals t = core::compute_totals(*r.plan, context.group_of);
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
    if (r.plan) out << " - " << summary_line(*r.plan, context.group_of);
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
                  "Also check target structures against this atlas folder");
  cmd->add_flag("--json", options->json, "Machine-readable report");
  cmd->callback(
      [options, &exit_code]() { exit_code = run_validate(*options, std::cout, std::cerr); });
}

}  // namespace toxplan::cli
