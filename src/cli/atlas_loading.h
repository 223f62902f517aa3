// Loading the atlas a command works on, with every problem printed for the user.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "anatomy/atlas.h"

namespace toxplan::cli {

// Loads `dir` (the built-in atlas when empty). On failure prints each finding and
// "<command>: cannot load the atlas in DIR" to `err` and returns nullptr.
std::shared_ptr<const anatomy::Atlas> load_atlas_or_explain(const std::string& dir,
                                                            const std::string& command,
                                                            std::ostream& err);

}  // namespace toxplan::cli
