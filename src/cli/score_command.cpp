#include "cli/score_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/atlas_loading.h"
#include "cli/simulation_refusal.h"
#include "plan/plan_io.h"
#include "practice/attempt_history.h"
#include "practice/attempt_scoring.h"
#include "practice/score_report.h"
#include "practice/scoring.h"
#include "protocol/protocol.h"
#include "protocol/protocol_placement.h"

namespace toxplan::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPlanSuffix = ".toxplan.json";

bool is_plan_file_name(const std::string& name) {
  const std::string suffix = kPlanSuffix;
  return name.size() > suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "class/ana.toxplan.json" -> "ana": the default trainee name when grading a class folder.
std::string stem_of(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  if (is_plan_file_name(name)) name.resize(name.size() - std::string(kPlanSuffix).size());
  return name;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return !a.empty() && !b.empty() && fs::equivalent(a, b, ec) && !ec;
}

// Files to grade, in the order given; a folder contributes its plan files sorted by name.
// Unusable entries come back as graded-but-unreadable attempts.
std::vector<std::string> expand_attempts(const ScoreOptions& options,
                                         std::vector<practice::GradedAttempt>* unusable) {
  std::vector<std::string> files;
  for (const std::string& path : options.attempt_paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const fs::directory_entry& e : fs::directory_iterator(path, ec)) {
      const std::string file = e.path().string();
      if (e.is_regular_file(ec) && is_plan_file_name(e.path().filename().string()) &&
          !same_file(file, options.reference_path))
        found.push_back(file);
    }
    if (ec) {
      unusable->push_back(
          {path, std::nullopt, path + ": cannot list the folder (" + ec.message() + ")"});
      continue;
    }
    if (found.empty()) {
      unusable->push_back(
          {path, std::nullopt, path + ": no *.toxplan.json files in this folder; check the path"});
      continue;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::string first_error(const Findings& findings) {
  for (const Finding& f : findings) {
    if (f.severity == Severity::Error) return f.message;
  }
  return findings.empty() ? "cannot be read" : findings.front().message;
}

std::string protocol_of(const plan::Plan& reference, const plan::Plan& attempt,
                        const std::string& reference_path) {
  if (!reference.protocol_id.empty()) return reference.protocol_id;
  if (!attempt.protocol_id.empty()) return attempt.protocol_id;
  return stem_of(reference_path);
}

// The atlas the first readable attempt names ("" when none can be read: the default atlas).
std::string atlas_named_by_attempts(const ScoreOptions& options) {
  std::vector<practice::GradedAttempt> unusable;
  for (const std::string& file : expand_attempts(options, &unusable)) {
    const plan::PlanLoadResult loaded = plan::load_plan_file(file);
    if (loaded.plan) return loaded.plan->atlas_id;
  }
  return "default";
}

// --atlas, or else the shipped atlas the attempts were made on, so that reference and attempts
// are simulated and compared on the same anatomy (cli/atlas_loading).
std::shared_ptr<const anatomy::Atlas> load_atlas(const ScoreOptions& options, std::ostream& err) {
  return load_plan_atlas_or_explain(options.atlas_dir, atlas_named_by_attempts(options), "score",
                                    err);
}

int run_score_on_atlas(const ScoreOptions& options, const plan::Plan& reference,
                       std::shared_ptr<const anatomy::Atlas> atlas, std::ostream& out,
                       std::ostream& err);

}  // namespace

int run_score(const ScoreOptions& options, const plan::Plan& reference, std::ostream& out,
              std::ostream& err) {
  const auto atlas = load_atlas(options, err);
  if (!atlas) return 2;
  return run_score_on_atlas(options, reference, atlas, out, err);
}

namespace {

int run_score_on_atlas(const ScoreOptions& options, const plan::Plan& reference,
                       std::shared_ptr<const anatomy::Atlas> atlas, std::ostream& out,
                       std::ostream& err) {
  const std::string reference_name =
      options.reference_path.empty() ? std::string("reference") : options.reference_path;
  if (const std::string why = practice::unscorable_reference_reason(reference, reference_name);
      !why.empty()) {
    err << "score: " << why << "\n";
    return 2;
  }
  practice::ScoringOptions scoring = practice::scoring_options_for(atlas);
  if (options.match_point != "tip" && options.match_point != "entry") {
    err << "score: --match-point must be \"tip\" or \"entry\", not \"" << options.match_point
        << "\"\n";
    return 2;
  }
  scoring.matching.match_point =
      options.match_point == "entry" ? practice::MatchPoint::Entry : practice::MatchPoint::Tip;
  scoring.matching.cutoff_mm = options.cutoff_mm;
  practice::AttemptScorer scorer(atlas, reference, scoring);

  int exit_code = 0;
  std::vector<practice::GradedAttempt> unusable;
  const std::vector<std::string> files = expand_attempts(options, &unusable);
  std::vector<practice::GradedAttempt> graded;
  const auto now = std::chrono::system_clock::now();
  for (const std::string& file : files) {
    const plan::PlanLoadResult loaded = plan::load_plan_file(file);
    if (!loaded.plan) {
      graded.push_back({file, std::nullopt, first_error(loaded.findings)});
      continue;
    }
    // Scoring simulates the attempt: one the spread model cannot compute with is not scored.
    if (auto refusal = simulation_refusal("score", file, *loaded.plan, loaded.findings)) {
      err << *refusal;
      graded.push_back({file, std::nullopt,
                        file + ": a dose, volume or needle geometry the spread model cannot "
                               "compute with (listed above)"});
      continue;
    }
    practice::AttemptScore score = scorer.score(*loaded.plan);
    if (!options.history_dir.empty()) {
      const std::string trainee = options.trainee.empty() ? stem_of(file) : options.trainee;
      const practice::AttemptRecord record = practice::make_attempt_record(
          score, protocol_of(reference, *loaded.plan, options.reference_path), now);
      if (auto e = practice::append_attempt(options.history_dir, trainee, record)) {
        err << "score: " << file << " was scored but not recorded: " << *e << "\n";
        exit_code = 2;
      }
    }
    graded.push_back({file, std::move(score), ""});
  }
  graded.insert(graded.end(), unusable.begin(), unusable.end());

  for (const practice::GradedAttempt& g : graded) {
    if (!g.score) {
      err << "score: not scored: " << g.error << "\n";
      exit_code = 2;
    }
  }
  if (options.json)
    out << practice::score_report_json(graded, reference_name).dump(2) << "\n";
  else if (options.csv)
    out << practice::score_csv_text(graded);
  else
    out << "Reference: " << reference_name << " (" << reference.sites.size() << " sites)\n"
        << practice::score_table_text(graded);
  return exit_code;
}

}  // namespace

int run_score_with_reference_file(const ScoreOptions& options, std::ostream& out,
                                  std::ostream& err) {
  const plan::PlanLoadResult loaded = plan::load_plan_file(options.reference_path);
  if (!loaded.plan) {
    for (const Finding& f : loaded.findings)
      err << f.message << "\n";
    err << "score: cannot read the reference plan " << options.reference_path << "\n";
    return 2;
  }
  if (auto refusal =
          simulation_refusal("score", options.reference_path, *loaded.plan, loaded.findings)) {
    err << *refusal;
    return 2;
  }
  return run_score(options, *loaded.plan, out, err);
}

int run_score_with_protocol(ScoreOptions options, const std::string& protocol_name,
                            std::ostream& out, std::ostream& err) {
  const protocol::ProtocolParseResult parsed =
      protocol::find_protocol(protocol_name, protocol::protocols_dir());
  if (!parsed.protocol) {
    for (const Finding& f : parsed.findings)
      err << f.message << "\n";
    return 2;
  }
  if (const std::string why = practice::unscorable_protocol_reason(
          *parsed.protocol, "Score against a reference plan with --reference PLAN.");
      !why.empty()) {
    err << "score: " << why << "\n";
    return 2;
  }
  const auto atlas = load_atlas(options, err);
  if (!atlas) return 2;
  const protocol::ProtocolApplication reference =
      protocol::apply_protocol(*parsed.protocol, *atlas, false);
  options.reference_path = "protocol " + parsed.protocol->id;
  return run_score_on_atlas(options, reference.plan, atlas, out, err);
}

void add_score_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ScoreOptions>();
  CLI::App* cmd = app.add_subcommand(
      "score",
      "Grade trainees' plans against a reference plan: mm errors, missed/extra sites, wrong "
      "sides, dose errors, a 0-100 score and feedback (exit 0 all scored, 2 an attempt "
      "unreadable)");
  cmd->add_option("attempts", options->attempt_paths,
                  "Attempt plan files, or folders of *.toxplan.json (a class)")
      ->required();
  auto protocol = std::make_shared<std::string>();
  CLI::Option* reference =
      cmd->add_option("--reference", options->reference_path, "The reference plan (the answer)");
  cmd->add_option("--protocol", *protocol,
                  "Or: the reference is this protocol applied to the atlas (preempt-155)")
      ->excludes(reference);
  cmd->add_option("--atlas", options->atlas_dir,
                  "Atlas the attempts are simulated on, and --protocol placed on (default: the "
                  "shipped atlas the attempts name)");
  CLI::Option* json = cmd->add_flag("--json", options->json, "Everything, as JSON");
  cmd->add_flag("--csv", options->csv, "One CSV line per attempt")->excludes(json);
  cmd->add_option("--match-point", options->match_point,
                  "Compare needle tips (default) or skin entry points")
      ->check(CLI::IsMember({"tip", "entry"}));
  cmd->add_option("--cutoff-mm", options->cutoff_mm,
                  "Farther than this from every reference site, a site is extra (default 30)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--history", options->history_dir,
                  "Append each attempt to <DIR>/<trainee>.history.json");
  cmd->add_option("--trainee", options->trainee,
                  "Trainee name for --history (default: each attempt file's name)");
  cmd->callback([options, protocol, &exit_code]() {
    if (protocol->empty()) {
      if (options->reference_path.empty()) {
        std::cerr << "score: give --reference PLAN or --protocol NAME\n";
        exit_code = 2;
        return;
      }
      exit_code = run_score_with_reference_file(*options, std::cout, std::cerr);
      return;
    }
    exit_code = run_score_with_protocol(*options, *protocol, std::cout, std::cerr);
  });
}

}  // namespace toxplan::cli
