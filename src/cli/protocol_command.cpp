#include "cli/protocol_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "base/format.h"
#include "base/resources.h"
#include "cli/atlas_loading.h"
#include "plan/plan_io.h"
#include "plan/validation.h"
#include "protocol/protocol.h"
#include "protocol/protocol_placement.h"
#include "sim/simulation_gate.h"

namespace toxplan::cli {

namespace {

void print_findings(const Findings& findings, std::ostream& os) {
  for (const Finding& f : findings) {
    os << "  " << severity_name(f.severity) << " " << f.code << ": " << f.message << "\n";
  }
}

std::unique_ptr<anatomy::Atlas> load_atlas(const std::string& dir, std::ostream& err) {
  Findings findings;
  const std::string path = dir.empty() ? anatomy::Atlas::default_dir() : dir;
  auto atlas = anatomy::Atlas::load(path, &findings);
  if (!atlas) {
    print_findings(findings, err);
    err << "cannot load the atlas in " << path << "\n";
  }
  return atlas;
}

}  // namespace

int run_protocol_list(std::ostream& out, std::ostream& err) {
  const std::string dir = protocol::protocols_dir();
  if (dir.empty()) {
    err << "protocol list: " << resource_lookup().problem << "\n";
    return 2;
  }
  int code = 0;
  for (const std::string& id : protocol::protocol_ids(dir)) {
    const protocol::ProtocolParseResult r = protocol::find_protocol(id, dir);
    if (!r.protocol) {
      err << id << ": cannot be read\n";
      print_findings(r.findings, err);
      code = 1;
      continue;
    }
    const protocol::Protocol& p = *r.protocol;
    // A one-sided template is counted for one side (either: they mirror).
    const bool one_side = protocol::has_affected_side_sites(p);
    const auto all = protocol::expand_sites(p, true, {}, one_side ? "R" : "");
    std::size_t fixed = 0, follow_the_pain = 0, optional = 0;
    double fixed_units = 0, follow_the_pain_units = 0;
    for (const auto& e : all) {
      if (e.site.follow_the_pain) {
        ++follow_the_pain;
        follow_the_pain_units += e.site.dose_units;
      } else if (e.site.optional) {
        ++optional;
      } else {
        ++fixed;
        fixed_units += e.site.dose_units;
      }
    }
    out << id << "  " << p.name << "\n    " << fixed << " fixed sites, "
        << format_units(fixed_units) << " " << plan::product_id(p.product);
    if (follow_the_pain > 0)
      out << "; " << follow_the_pain << " follow-the-pain sites, "
          << format_units(follow_the_pain_units) << " (placed by default, either side)";
    if (optional > 0) out << "; " << optional << " optional sites";
    if (one_side) out << " for the affected side (--side L or R)";
    if (p.max_total_units > 0) out << "; maximum " << format_units(p.max_total_units);
    out << "\n";
  }
  return code;
}

int run_protocol_apply(const ProtocolApplyOptions& options, std::ostream& out, std::ostream& err) {
  const protocol::ProtocolParseResult r =
      protocol::find_protocol(options.name, protocol::protocols_dir());
  if (!r.protocol) {
    print_findings(r.findings, err);
    return 2;
  }
  const auto atlas = load_atlas(options.atlas_dir, err);
  if (!atlas) return 2;
  protocol::ProtocolApplication applied = protocol::apply_protocol(
      *r.protocol, *atlas, options.with_optional, options.only, options.side);
  if (!options.title.empty()) applied.plan.title = options.title;
  // A protocol with a dose of 1e300 U or a volume no syringe holds must not become a plan file:
  // the plan is refused when the simulation gate (sim/simulation_gate.h) would refuse it, with
  // its errors. Limits exceeded (every optional site of a template) are left to `validate`.
  if (Findings blockers = sim::simulation_blockers(applied.plan); !blockers.empty()) {
    for (Finding& f : plan::validate_plan(applied.plan, plan::ValidationContext{})) {
      if (f.severity != Severity::Error) continue;
      f.message = options.name + ": the plan it makes: " + f.message;
      applied.findings.push_back(std::move(f));
    }
    applied.findings.insert(applied.findings.end(), blockers.begin(), blockers.end());
  }
  print_findings(applied.findings, err);
  if (has_errors(applied.findings)) {
    err << "protocol apply: " << options.name << ": not written, fix the errors above\n";
    return 1;
  }
  if (auto error = plan::save_plan_file(applied.plan, options.out_path)) {
    err << *error << "\n";
    return 2;
  }
  double units = 0;
  for (const plan::Site& s : applied.plan.sites)
    units += s.dose_units;
  out << "wrote " << options.out_path << ": " << applied.plan.sites.size() << " sites, "
      << format_units(units) << " on atlas " << atlas->id() << "\n";
  return 0;
}

int run_protocol_check(const std::string& plan_path, const std::string& name,
                       const std::string& atlas_dir, std::ostream& out, std::ostream& err) {
  const protocol::ProtocolParseResult r = protocol::find_protocol(name, protocol::protocols_dir());
  if (!r.protocol) {
    print_findings(r.findings, err);
    return 2;
  }
  const plan::PlanLoadResult loaded = plan::load_plan_file(plan_path);
  if (!loaded.plan) {
    print_findings(loaded.findings, err);
    return 2;
  }
  // Groups (which sites count as "temporalis") come from the plan's atlas, and the fixed sites
  // are looked for where the protocol places them on it; when that atlas is not shipped, sites
  // are grouped and matched by their target names only and the report says so.
  Finding atlas_not_found;
  const std::optional<std::string> dir =
      find_plan_atlas(atlas_dir, loaded.plan->atlas_id, Severity::Warning, &atlas_not_found);
  std::shared_ptr<const anatomy::Atlas> atlas;
  if (dir) {
    atlas = load_atlas_or_explain(*dir, "protocol check", err);
    if (!atlas) return 2;
  }
  std::optional<plan::Plan> placed;
  if (atlas) {
    protocol::ProtocolApplication applied = protocol::apply_protocol(*r.protocol, *atlas, true);
    if (!has_errors(applied.findings)) placed = std::move(applied.plan);
  }
  Findings findings = protocol::check_plan_against_protocol(
      *loaded.plan, *r.protocol, atlas_group_of(atlas), placed ? &*placed : nullptr);
  if (!dir) {
    atlas_not_found.message += "; sites were grouped by their target names instead";
    findings.push_back(atlas_not_found);
  }
  out << plan_path << " against " << r.protocol->id << ": "
      << (findings.empty() ? "matches the protocol"
                           : std::to_string(findings.size()) + " finding(s)")
      << "\n";
  print_findings(findings, out);
  return has_errors(findings) ? 1 : 0;
}

void add_protocol_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("protocol", "Protocol templates: list, apply, check");
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand("list", "List the shipped protocols");
  list->callback([&exit_code]() { exit_code = run_protocol_list(std::cout, std::cerr); });

  auto apply_options = std::make_shared<ProtocolApplyOptions>();
  CLI::App* apply =
      cmd->add_subcommand("apply", "Place a protocol's sites on an atlas and write the plan");
  apply->add_option("name", apply_options->name, "Protocol id or file")->required();
  apply->add_option("--atlas", apply_options->atlas_dir, "Atlas folder (default: built-in)");
  apply->add_option("--out", apply_options->out_path, "Plan file to write")->required();
  apply->add_flag("--with-optional", apply_options->with_optional,
                  "Also place optional (follow-the-pain or template) sites");
  apply->add_option("--only", apply_options->only, "Place only these expanded site ids")
      ->delimiter(',');
  apply->add_option("--title", apply_options->title, "Plan title (default: the protocol's name)");
  apply
      ->add_option("--side", apply_options->side,
                   "The affected side, L or R (one-sided templates: limb spasticity)")
      ->check(CLI::IsMember({"L", "R"}));
  apply->callback([apply_options, &exit_code]() {
    exit_code = run_protocol_apply(*apply_options, std::cout, std::cerr);
  });

  auto check_args = std::make_shared<std::array<std::string, 3>>();
  CLI::App* check = cmd->add_subcommand(
      "check", "Compare a plan with a protocol: missing/extra sites, doses, totals");
  check->add_option("plan", (*check_args)[0], "Plan file")->required();
  check->add_option("name", (*check_args)[1], "Protocol id or file")->required();
  check->add_option("--atlas", (*check_args)[2],
                    "Atlas folder for muscle groups (default: the shipped atlas the plan names)");
  check->callback([check_args, &exit_code]() {
    exit_code = run_protocol_check((*check_args)[0], (*check_args)[1], (*check_args)[2], std::cout,
                                   std::cerr);
  });
}

}  // namespace toxplan::cli
