#include "cli/atlas_command.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>

#include "anatomy/atlas.h"
#include "anatomy/atlas_checks.h"
#include "anatomy/atlas_report.h"
#include "anatomy/manifest.h"
#include "cli/atlas_build_command.h"
#include "cli/atlas_needle.h"

namespace toxplan::cli {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;
constexpr int kExitUnreadable = 2;

std::string manifest_path(const std::string& dir) {
  return dir + (dir.empty() || dir.back() == '/' ? "" : "/") + anatomy::kManifestFileName;
}

// Structures with errors are left out rather than failing the whole atlas, so that info and
// check can still show and examine the rest.
std::unique_ptr<anatomy::Atlas> load_keep_going(const std::string& dir, Findings* findings) {
  anatomy::AtlasLoadOptions options;
  options.keep_going = true;
  options.read_display_meshes = true;  // a broken display mesh is reported, not only drawn full
  return anatomy::Atlas::load(dir, findings, options);
}

}  // namespace

int run_atlas_info(const std::string& dir, bool json, std::ostream& out, std::ostream& err) {
  Findings findings;
  const auto atlas = load_keep_going(dir, &findings);
  const std::string path = manifest_path(dir);
  for (const Finding& f : findings) {
    err << anatomy::finding_line(f, path, path) << "\n";
  }
  if (atlas == nullptr) {
    return anatomy::manifest_unreadable(findings) ? kExitUnreadable : kExitErrors;
  }
  if (json) {
    out << anatomy::atlas_info_json(*atlas).dump(2) << "\n";
  } else {
    anatomy::write_atlas_info(*atlas, out);
  }
  return has_errors(findings) ? kExitErrors : kExitOk;
}

int run_atlas_check(const std::string& dir, std::ostream& out, std::ostream& err) {
  Findings findings;
  const auto atlas = load_keep_going(dir, &findings);
  if (atlas != nullptr) {
    const Findings geometric = anatomy::check_atlas_geometry(*atlas);
    findings.insert(findings.end(), geometric.begin(), geometric.end());
  }
  const std::string path = manifest_path(dir);
  int errors = 0;
  int warnings = 0;
  for (const Finding& f : findings) {
    out << anatomy::finding_line(f, path, path) << "\n";
    errors += f.severity == Severity::Error ? 1 : 0;
    warnings += f.severity == Severity::Warning ? 1 : 0;
  }
  if (atlas == nullptr && anatomy::manifest_unreadable(findings)) {
    err << path << ": the manifest could not be read; nothing else was checked.\n";
    return kExitUnreadable;
  }
  out << (atlas ? atlas->structures().size() : 0) << " structures, "
      << (atlas ? atlas->landmarks().size() : 0) << " landmarks checked: " << errors
      << " error(s), " << warnings << " warning(s)\n";
  return errors > 0 ? kExitErrors : kExitOk;
}

void add_atlas_command(CLI::App& app, int& exit_code) {
  CLI::App* atlas =
      app.add_subcommand("atlas", "Inspect, validate and build anatomy atlas folders");
  atlas->require_subcommand(1);

  // Options bind to storage that must outlive parsing: owned by the callbacks.
  auto info_dir = std::make_shared<std::string>();
  auto info_json = std::make_shared<bool>(false);
  CLI::App* info = atlas->add_subcommand(
      "info",
      "List the atlas's structures (kind, side, group, triangles, volume, closed) and "
      "landmarks");
  info->add_option("dir", *info_dir, "Atlas folder (contains atlas.json)")->required();
  info->add_flag("--json", *info_json, "Print JSON instead of a table");
  info->callback([info_dir, info_json, &exit_code]() {
    exit_code = run_atlas_info(*info_dir, *info_json, std::cout, std::cerr);
  });

  auto check_dir = std::make_shared<std::string>();
  CLI::App* check = atlas->add_subcommand(
      "check", "Validate the manifest and meshes and check the geometry; exit 1 on errors");
  check->add_option("dir", *check_dir, "Atlas folder (contains atlas.json)")->required();
  check->callback(
      [check_dir, &exit_code]() { exit_code = run_atlas_check(*check_dir, std::cout, std::cerr); });

  auto needle = std::make_shared<NeedleQueryOptions>();
  CLI::App* needle_cmd = atlas->add_subcommand(
      "needle", "Structures crossed by a needle, with entry and exit depths from the skin");
  needle_cmd->add_option("dir", needle->atlas_dir, "Atlas folder")->required();
  needle_cmd->add_option("--from", needle->from_mm, "Start point x,y,z (mm), outside the skin")
      ->delimiter(',')
      ->required();
  needle_cmd->add_option("--toward", needle->toward_mm, "Aim point x,y,z (mm)")
      ->delimiter(',')
      ->required();
  needle_cmd->add_option("--depth", needle->depth_mm, "How deep to look (mm, default 40)");
  needle_cmd->callback(
      [needle, &exit_code]() { exit_code = run_atlas_needle(*needle, std::cout, std::cerr); });

  add_atlas_build_command(*atlas, exit_code);
}

}  // namespace toxplan::cli
