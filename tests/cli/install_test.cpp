// `cmake --install` gives a tree that runs on its own: the installed program finds the installed
// atlas, protocols and plans from any working folder, never the source tree it was built from.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli_support.h"

namespace fs = std::filesystem;

namespace toxplan::test {
namespace {

// Runs `command` with sh in `cwd`, with none of the program's path overrides set.
CommandResult run_in(const fs::path& cwd, const std::string& command) {
  const fs::path log = cwd / "command.log";
  const std::string line = "cd '" + cwd.string() +
                           "' && env -u TOXPLAN_DATA_DIR -u TOXPLAN_ATLAS_DIR "
                           "-u TOXPLAN_PROTOCOL_DIR " +
                           command + " > '" + log.string() + "' 2>&1";
  const int status = std::system(line.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  r.out = ss.str();
  return r;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class InstalledTree : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    prefix_ = new fs::path(fs::weakly_canonical(fresh_dir("install_prefix")));
    elsewhere_ = new fs::path(fs::weakly_canonical(fresh_dir("install_cwd")));
    install_ = new CommandResult(run_in(*elsewhere_, "'" + cmake_command() + "' --install '" +
                                                         build_dir() + "' --prefix '" +
                                                         prefix_->string() + "'"));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*prefix_);
    fs::remove_all(*elsewhere_);
    delete prefix_;
    delete elsewhere_;
    delete install_;
  }
  void SetUp() override { ASSERT_EQ(install_->exit_code, 0) << install_->out; }

  static std::string installed(const std::string& relative) {
    return (*prefix_ / relative).string();
  }

  static fs::path* prefix_;
  static fs::path* elsewhere_;
  static CommandResult* install_;
};

fs::path* InstalledTree::prefix_ = nullptr;
fs::path* InstalledTree::elsewhere_ = nullptr;
CommandResult* InstalledTree::install_ = nullptr;

TEST_F(InstalledTree, SimulatesTheShippedPlanOnTheInstalledAtlasFromAnotherFolder) {
  const CommandResult r = run_in(*elsewhere_, "'" + installed("bin/toxplan") + "' simulate '" +
                                                  installed("share/toxplan/plans/"
                                                            "preempt-155.toxplan.json") +
                                                  "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("31 sites, onabotulinumtoxinA, atlas default (" +
                       installed("share/toxplan/assets/atlas/default") + ")\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  temporalis_L_1  temporalis_L  5.0 U  effect "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Findings that need attention: 0 (none)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(source_dir()), std::string::npos) << "read the source tree:\n" << r.out;
}

TEST_F(InstalledTree, ListsTheInstalledProtocolsAndShipsTheLicence) {
  const CommandResult r = run_in(*elsewhere_, "'" + installed("bin/toxplan") + "' protocol list");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("preempt-155"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cervical-dystonia"), std::string::npos) << r.out;
  const std::string licence = read_text(installed("share/doc/toxplan/LICENSE"));
  EXPECT_NE(licence.find("MIT License"), std::string::npos);
  EXPECT_NE(licence.find("Copyright (c) 2026 The Toxplan authors"), std::string::npos);
  EXPECT_NE(read_text(installed("share/doc/toxplan/plan-format.md")).find("# "), std::string::npos);
}

TEST_F(InstalledTree, WithoutItsDataSaysWhereItLookedAndNeverFallsBackToTheSourceTree) {
  // Move the data away: the installed binary must not quietly use the checkout it came from.
  const fs::path moved = *prefix_ / "moved-data";
  fs::rename(installed("share/toxplan"), moved);
  const std::string plan = (moved / "plans/preempt-155.toxplan.json").string();
  const CommandResult r =
      run_in(*elsewhere_, "'" + installed("bin/toxplan") + "' simulate '" + plan + "'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("Toxplan's data (assets/ with the atlases, protocols and demos; plans/) "
                       "was not found; looked in " +
                       installed("share/toxplan") + " (next to the program)."),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("simulate: cannot continue without the plan's atlas"), std::string::npos)
      << r.out;

  // TOXPLAN_DATA_DIR names the moved data and the program runs again.
  const CommandResult with_env =
      run_in(*elsewhere_, "TOXPLAN_DATA_DIR='" + moved.string() + "' '" + installed("bin/toxplan") +
                              "' simulate '" + plan + "'");
  EXPECT_EQ(with_env.exit_code, 0) << with_env.out;
  EXPECT_NE(with_env.out.find("atlas default (" + (moved / "assets/atlas/default").string() + ")"),
            std::string::npos)
      << with_env.out;
  fs::rename(moved, installed("share/toxplan"));
}

}  // namespace
}  // namespace toxplan::test
