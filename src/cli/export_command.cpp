#include "cli/export_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "anatomy/atlas.h"
#include "base/format.h"
#include "cli/atlas_loading.h"
#include "cli/image_size_option.h"
#include "cli/plan_scene.h"
#include "plan/markups_export.h"
#include "plan/plan_io.h"
#include "plan/printed_numbers.h"
#include "plan/product.h"
#include "plan/sites_csv.h"
#include "plan/totals.h"
#include "render/display_style.h"
#include "render/injection_chart.h"
#include "render/snapshot.h"

namespace toxplan::cli {

namespace {

bool write_text(const std::string& path, const std::string& text, const char* what,
                std::ostream& out, std::ostream& err) {
  if (auto error = plan::write_file_atomically(path, text)) {
    err << "export: " << *error << "\n";
    return false;
  }
  out << "wrote " << path << " (" << what << ")\n";
  return true;
}

render::ChartContent chart_content(const plan::Plan& plan, const std::string& plan_path,
                                   const anatomy::Atlas& atlas, const sim::PlanSpread* spread) {
  render::ChartContent c;
  c.title = plan.title.empty() ? std::filesystem::path(plan_path).filename().string() : plan.title;
  // The totals are the sums of the rows as printed (plan/printed_numbers.h).
  c.summary_lines.push_back(plan::printed_plan_summary(plan));
  std::string indication(plan::indication_name(plan.indication));
  indication[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(indication[0])));
  std::string origin = indication + ".  Atlas " + atlas.id() + " " + atlas.version();
  if (!plan.protocol_id.empty()) origin += ", from protocol " + plan.protocol_id;
  origin += ".  File " + std::filesystem::path(plan_path).filename().string() + ".";
  c.summary_lines.push_back(origin);
  if (spread) {
    int warnings = 0, errors = 0;
    for (const Finding& f : spread->findings) {
      warnings += f.severity == Severity::Warning;
      errors += f.severity == Severity::Error;
    }
    c.summary_lines.push_back("Spread model and limits: " + std::to_string(errors) + " error(s), " +
                              std::to_string(warnings) +
                              " warning(s); `toxplan simulate` explains each.");
  }
  for (const plan::Site& s : plan.sites) {
    render::ChartSite row;
    row.id = s.id;
    const anatomy::Structure* target = atlas.find(s.target_structure_id);
    row.target = target && !target->name.empty() ? target->name : s.target_structure_id;
    row.dose_units = s.dose_units;
    row.volume_ml = s.volume_ml;
    row.depth_mm = s.depth_mm;
    row.entry_mm = s.entry_point_mm;
    row.needle_direction = s.needle_direction;
    if (spread) row.spread = render::site_status_name(site_status(*spread, s.id));
    if (spread) {
      for (const Finding& f : spread->findings) {
        if (f.site_id != s.id) continue;
        if (f.severity == Severity::Error) row.mark = render::ChartSite::Mark::Error;
        if (f.severity == Severity::Warning && row.mark == render::ChartSite::Mark::None)
          row.mark = render::ChartSite::Mark::Warning;
      }
    }
    c.sites.push_back(row);
  }
  c.footer =
      "Planning and teaching estimate from a simplified anatomical model and spread model; not a "
      "prediction for a patient and not a substitute for clinical judgement.";
  return c;
}

int write_chart(const ExportOptions& options, const plan::Plan& plan, std::ostream& out,
                std::ostream& err) {
  int width = 0;
  int height = 0;
  if (auto error = read_image_size("export", "--size", options.size, &width, &height)) {
    err << *error << "\n";
    return 2;
  }
  if (auto no_display = render::missing_display_message()) {
    err << "export: " << *no_display << "\n";
    return 2;
  }
  const auto atlas = load_plan_atlas_or_explain(options.atlas_dir, plan.atlas_id, "export", err);
  if (!atlas) return 2;
  render::Scene scene(*atlas);
  const auto spread = show_plan(scene, plan, atlas, options.spread);
  const render::ChartContent content = chart_content(plan, options.plan_path, *atlas, spread.get());
  if (auto error =
          render::render_injection_chart(scene, content, width, height, options.chart_path)) {
    err << "export: " << *error << "\n";
    return 1;
  }
  out << "wrote " << options.chart_path << " (injection chart, " << width << "x" << height << ")\n";
  return 0;
}

}  // namespace

int run_export(const ExportOptions& options, std::ostream& out, std::ostream& err) {
  if (options.markups_path.empty() && options.csv_path.empty() && options.chart_path.empty()) {
    err << "export: nothing to write; give --markups FILE.mrk.json, --csv FILE.csv or --chart "
           "FILE.png\n";
    return 2;
  }
  const plan::PlanLoadResult loaded = plan::load_plan_file(options.plan_path);
  if (!loaded.plan || has_errors(loaded.findings)) {
    for (const Finding& f : loaded.findings) {
      if (f.severity == Severity::Error) err << f.message << "\n";
    }
    err << "export: " << options.plan_path
        << " has errors; fix them (toxplan validate lists them) before exporting\n";
    return 2;
  }
  const plan::Plan& plan = *loaded.plan;
  bool ok = true;
  if (!options.markups_path.empty()) {
    ok &= write_text(options.markups_path, plan::plan_to_markups(plan).dump(2) + "\n",
                     "3D Slicer markups, RAS mm", out, err);
  }
  if (!options.csv_path.empty()) {
    ok &= write_text(options.csv_path, plan::plan_to_sites_csv(plan), "sites as CSV", out, err);
  }
  int code = ok ? 0 : 1;
  if (!options.chart_path.empty()) code = std::max(code, write_chart(options, plan, out, err));
  return code;
}

void add_export_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Export a plan's sites: 3D Slicer markups, CSV, or a printable chart (PNG)");
  cmd->add_option("plan", options->plan_path, "Plan file")->required();
  cmd->add_option("--markups", options->markups_path,
                  "3D Slicer markups file to write (.mrk.json)");
  cmd->add_option("--csv", options->csv_path, "CSV file to write, one row per site");
  cmd->add_option("--chart", options->chart_path,
                  "Printable injection chart to write (PNG): four views and a table of sites");
  cmd->add_option("--atlas", options->atlas_dir,
                  "Atlas folder for the chart (default: the shipped atlas the plan names)");
  cmd->add_option("--size", options->size, "Chart size, WIDTHxHEIGHT (default 1600x1200)");
  cmd->add_flag("!--no-spread", options->spread, "Chart without simulating spread");
  cmd->callback(
      [options, &exit_code]() { exit_code = run_export(*options, std::cout, std::cerr); });
}

}  // namespace toxplan::cli
