// `toxplan protocol list`, `toxplan protocol apply NAME [--atlas DIR] [--with-optional]
// [--only ID,...] --out PLAN`, `toxplan protocol check PLAN NAME [--atlas DIR]`.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace toxplan::cli {

struct ProtocolApplyOptions {
  std::string name;
  std::string atlas_dir;
  std::string out_path;
  bool with_optional = false;
  std::vector<std::string> only;
  std::string title;  // empty: the protocol's name
  std::string side;   // "L" or "R": the affected side of a one-sided template
};

int run_protocol_list(std::ostream& out, std::ostream& err);
int run_protocol_apply(const ProtocolApplyOptions& options, std::ostream& out, std::ostream& err);
int run_protocol_check(const std::string& plan_path, const std::string& name,
                       const std::string& atlas_dir, std::ostream& out, std::ostream& err);
void add_protocol_command(CLI::App& app, int& exit_code);

}  // namespace toxplan::cli
