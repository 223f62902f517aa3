// Paths the tests need: the fixtures folder, the toxplan binary they drive, the source and build
// trees.
// They are compiled into test_paths.cpp alone (see tests/CMakeLists.txt), so that test files'
// compile lines carry no absolute path and a compiler cache serves every checkout.
#pragma once

#include <string>

namespace toxplan::test {

const std::string& fixtures_dir();    // tests/fixtures
const std::string& toxplan_binary();  // the built `toxplan` program
const std::string& source_dir();      // the project's source folder
const std::string& build_dir();       // the build folder (for `cmake --install`)
const std::string& cmake_command();   // the cmake that configured the build

// An empty folder of the system's temporary folder for one test: toxplan_NAME_PID (removed first
// if a run left it).
std::string fresh_temp_dir(const std::string& name);

}  // namespace toxplan::test
