// Where the program finds its shipped assets/ and plans/ when it runs from the build tree.
// The path is compiled into source_tree.cpp alone, so that no other file's compile line
// carries an absolute path (a compiler cache then serves every checkout of the project).
#pragma once

#include <string>

namespace toxplan {

// The project's source folder, e.g. "/home/me/toxplan" (no trailing slash).
const std::string& source_tree_dir();

}  // namespace toxplan
