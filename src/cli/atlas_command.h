// `toxplan atlas info DIR [--json]` and `toxplan atlas check DIR`: look inside an atlas folder
// and validate it (manifest findings plus geometric checks) without opening the window.
#pragma once

#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace toxplan::cli {

// Prints the atlas's structures and landmarks (as JSON with `json`). Exit code 0 when the
// atlas loads cleanly, 1 when some structures have errors (the rest are still listed, the
// findings go to `err`), 2 when the manifest cannot be read.
int run_atlas_info(const std::string& dir, bool json, std::ostream& out, std::ostream& err);

// Prints every finding, one per line ("error|warning CODE file/field: message"), then a
// summary. Exit code 0 without errors, 1 with any error, 2 when the manifest cannot be read.
int run_atlas_check(const std::string& dir, std::ostream& out, std::ostream& err);

// Registers `atlas info` and `atlas check` on `app`; the chosen command's exit code is stored
// in `exit_code` when it runs.
void add_atlas_command(CLI::App& app, int& exit_code);

}  // namespace toxplan::cli
