#include "cli/simulate_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "anatomy/atlas.h"
#include "cli/atlas_loading.h"
#include "cli/simulation_refusal.h"
#include "plan/plan_io.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"
#include "sim/spread_report_json.h"

namespace toxplan::cli {

namespace {

constexpr const char* kNote =
    "NOTE: planning and teaching estimates from a simplified spread model; not a prediction for "
    "a patient and not a substitute for clinical judgement.";

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void print_findings(std::ostream& out, const Findings& findings) {
  for (const Finding& f : findings) {
    out << "  " << severity_name(f.severity) << " " << f.code << ": " << f.message << "\n";
  }
}

}  // namespace

int run_simulate(const SimulateOptions& options, std::ostream& out, std::ostream& err) {
  const plan::PlanLoadResult loaded = plan::load_plan_file(options.plan_path);
  if (!loaded.plan) {
    print_findings(err, loaded.findings);
    err << "simulate: cannot read plan " << options.plan_path << "\n";
    return 2;
  }
  const plan::Plan& plan = *loaded.plan;
  // Before the atlas is loaded: a plan the model cannot compute with stops here (exit 1).
  if (auto refusal = simulation_refusal("simulate", options.plan_path, plan, loaded.findings)) {
    err << *refusal;
    return 1;
  }
  const auto atlas = load_plan_atlas_or_explain(options.atlas_dir, plan.atlas_id, "simulate", err);
  if (!atlas) return 2;
  // No atlas->build_containment_indexes() here: each structure's raster is built on first use
  // (StructureIndex::raster), so only the structures inside some site's label bricks pay for
  // one. Building all of them up front cost 64 MB of peak memory on the real atlas for the
  // structures no site reaches (scapulae, ribs, lower vertebrae), and changes no result.
  sim::ResolvedParameters params = sim::resolve_parameters(plan, options.assignments);
  if (has_errors(params.findings)) {
    err << "simulate: " << options.plan_path << " was not simulated; fix these errors first:\n";
    print_findings(err, params.findings);
    return 1;
  }
  sim::PlanSimulator simulator(std::make_shared<sim::AtlasTissue>(atlas));
  const auto spread = simulator.simulate(plan, params.parameters);
  Findings all = loaded.findings;
  all.insert(all.end(), spread->findings.begin(), spread->findings.end());

  if (!options.json_path.empty()) {
    nlohmann::json report = sim::spread_report_json(plan, *spread);
    report["plan_findings"] = nlohmann::json::array();
    for (const Finding& f : loaded.findings) {
      report["plan_findings"].push_back(
          {{"code", f.code}, {"severity", severity_name(f.severity)}, {"message", f.message}});
    }
    if (options.json_path == "-") {
      out << report.dump(2) << "\n";
    } else if (auto error = plan::write_file_atomically(options.json_path, report.dump(2) + "\n")) {
      err << "simulate: " << *error << "\n";
      return 2;
    }
  }
  if (options.json_path != "-") {
    out << kNote << "\n\n";
    out << "Plan "
        << (plan.title.empty() ? options.plan_path : plan.title + " (" + options.plan_path + ")")
        << ": " << plan.sites.size() << " sites, " << plan::product_id(plan.product) << ", atlas "
        << atlas->id() << " (" << atlas->dir() << ")\n";
    for (const auto& s : spread->sites) {
      const sim::SpreadMetrics& m = s->metrics;
      out << "  " << s->site_id << "  " << s->target_id << "  " << fixed(s->dose_units, 1)
          << " U  effect " << fixed(m.effect_volume_cm3, 2) << " cm3  reach "
          << fixed(m.reach_along_mm, 1) << " along / " << fixed(m.reach_across_mm, 1)
          << " across mm  in target " << fixed(100.0 * m.bound_fraction_in_target, 0)
          << "% of bound toxin\n";
    }
    out << "Plan: combined effect volume " << fixed(spread->summary.combined_effect_volume_cm3, 2)
        << " cm3 (sum of sites " << fixed(spread->summary.sum_of_site_effect_volumes_cm3, 2)
        << " cm3), " << spread->summary.overlaps.size() << " overlapping site pair(s)\n";
    // What needs a decision first (errors, then warnings); information (fascia crossings, thin
    // muscles, overlapping regions, edges touching a neighbour) after it.
    Findings attention, information;
    for (const Finding& f : all) {
      (f.severity == Severity::Info ? information : attention).push_back(f);
    }
    std::stable_sort(attention.begin(), attention.end(), [](const Finding& a, const Finding& b) {
      return a.severity == Severity::Error && b.severity != Severity::Error;
    });
    out << "Findings that need attention: " << attention.size()
        << (attention.empty() ? " (none)\n" : "\n");
    print_findings(out, attention);
    // Information is about known, accepted effects and the model's own detail: counted, so that
    // the warnings above are read, and listed on request.
    if (!information.empty() && options.list_information) {
      out << "Information: " << information.size() << "\n";
      print_findings(out, information);
    } else if (!information.empty()) {
      out << information.size() << " information note" << (information.size() == 1 ? "" : "s")
          << " (--all lists them)\n";
    }
    out << "\n" << kNote << "\n";
  }
  return has_errors(all) ? 1 : 0;
}

void add_simulate_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate",
      "Spread model for every site of a plan: effect volume, reach, share in the "
      "target, flags (exit 0 ok, 1 error flags, 2 unreadable plan or atlas)");
  cmd->add_option("plan", options->plan_path, "Plan file (*.toxplan.json)")->required();
  cmd->add_option("--atlas", options->atlas_dir,
                  "Atlas folder (default: the shipped atlas the plan names)");
  cmd->add_option("--json", options->json_path, "Write the JSON report to FILE ('-': stdout)");
  cmd->add_option("--set", options->assignments,
                  "Override a spread-model parameter: name=value (repeatable)");
  cmd->add_flag("--all", options->list_information,
                "List the information notes too (known, accepted effects and model detail); by "
                "default they are only counted");
  cmd->callback(
      [options, &exit_code]() { exit_code = run_simulate(*options, std::cout, std::cerr); });
}

}  // namespace toxplan::cli
