// Where the program finds the data it ships: assets/ (atlases, protocols, demos) and plans/.
//
// Looked up once, in this order (docs/install.md):
//   1. the folder named by the environment variable TOXPLAN_DATA_DIR;
//   2. next to the binary: <bindir>/../share/toxplan (what `cmake --install` lays out);
//   3. the source tree, but only for a binary that lives in its build tree (build/toxplan and
//      the tests), so that an installed copy never reads a checkout that may have moved on.
// A folder has the data when it holds an assets/ folder. When TOXPLAN_DATA_DIR is set but its
// folder has no assets/, the lookup stops there with a message: an explicit setting is never
// quietly replaced by another folder.
#pragma once

#include <string>
#include <vector>

namespace toxplan {

struct ResourceLookup {
  std::string dir;                    // the data folder found (no trailing slash); empty if none
  std::vector<std::string> searched;  // each place looked at, in order, e.g. "/opt/x/share/toxplan"
  // Empty when `dir` was found; else one sentence naming every place searched and what to do.
  std::string problem;
};

// The lookup itself, with its inputs given (unit tests): `env_data_dir` is TOXPLAN_DATA_DIR's
// value (nullptr when unset), `executable` the running binary's path (may be empty), `build_dir`
// and `source_dir` the build and source trees compiled in.
ResourceLookup find_resources(const char* env_data_dir, const std::string& executable,
                              const std::string& build_dir, const std::string& source_dir);

// find_resources for this process (TOXPLAN_DATA_DIR, /proc/self/exe), done once.
const ResourceLookup& resource_lookup();

// The data folder, e.g. "/usr/local/share/toxplan"; empty when none was found (then
// resource_lookup().problem says why).
const std::string& resource_dir();

// resource_dir() + "/" + relative ("assets/protocols"); empty when no data folder was found, so
// that nothing is ever read relative to the working folder by accident.
std::string resource_path(const std::string& relative);

}  // namespace toxplan
