#include "support/test_paths.h"

#include <unistd.h>

#include <filesystem>

namespace toxplan::test {

const std::string& fixtures_dir() {
  static const std::string dir = TOXPLAN_TEST_FIXTURES;
  return dir;
}

const std::string& toxplan_binary() {
  static const std::string path = TOXPLAN_BINARY;
  return path;
}

const std::string& source_dir() {
  static const std::string dir = TOXPLAN_TEST_SOURCE_DIR;
  return dir;
}

const std::string& build_dir() {
  static const std::string dir = TOXPLAN_TEST_BUILD_DIR;
  return dir;
}

const std::string& cmake_command() {
  static const std::string path = TOXPLAN_CMAKE_COMMAND;
  return path;
}

std::string fresh_temp_dir(const std::string& name) {
  const std::filesystem::path d = std::filesystem::temp_directory_path() /
                                  ("toxplan_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d.string();
}

}  // namespace toxplan::test
