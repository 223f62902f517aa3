// `toxplan simulate PLAN [--atlas DIR] [--json FILE] [--set name=value ...] [--all]`: the spread
// model for every site of a plan. Errors and warnings are listed; information notes are counted
// and listed only with --all (the JSON report always has every finding). Exit 0 ok (warnings
// allowed), 1 when a finding is an error, 2 when the plan or the atlas cannot be read.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace toxplan::cli {

struct SimulateOptions {
  std::string plan_path;
  std::string atlas_dir;  // empty: anatomy::Atlas::default_dir()
  std::string json_path;  // empty: no JSON; "-": JSON to stdout instead of the summary
  std::vector<std::string> assignments;  // "name=value"
  bool list_information = false;         // --all: list the information notes too
};

int run_simulate(const SimulateOptions& options, std::ostream& out, std::ostream& err);
void add_simulate_command(CLI::App& app, int& exit_code);

}  // namespace toxplan::cli
