// `toxplan validate PLAN... [--atlas DIR] [--json]`: exit 0 when clean (warnings allowed),
// 1 when a finding is an error, 2 when a file cannot be read or parsed.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace toxplan::cli {

struct ValidateOptions {
  std::vector<std::string> plan_paths;
  std::string atlas_dir;  // empty: the shipped atlas each plan names (cli/atlas_loading.h)
  bool json = false;
};

int run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err);
void add_validate_command(CLI::App& app, int& exit_code);

}  // namespace toxplan::cli
