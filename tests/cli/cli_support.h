// Runs the real `toxplan` binary and captures its exit code and output.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/test_paths.h"

namespace toxplan::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// With timeout_s > 0 the command runs under coreutils `timeout`: exit code 124 when it had to
// be stopped.
inline CommandResult run_toxplan(const std::string& args, int timeout_s = 0) {
  const std::string log = std::filesystem::temp_directory_path() /
                          ("toxplan_cli_" + std::to_string(::getpid()) + ".log");
  const std::string limit = timeout_s > 0 ? "timeout " + std::to_string(timeout_s) + " " : "";
  const std::string command = limit + toxplan_binary() + " " + args + " > " + log + " 2>&1";
  const int status = std::system(command.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  r.out = ss.str();
  std::filesystem::remove(log);
  return r;
}

inline std::string fixture_plan(const std::string& name) {
  return fixtures_dir() + "/plans/" + name;
}

inline std::string source_path(const std::string& relative) {
  return source_dir() + "/" + relative;
}

inline std::filesystem::path fresh_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() /
           ("toxplan_cli_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

}  // namespace toxplan::test
