// No bad input in tests/fixtures ends the process (issue 13 item 2): every plan, protocol, demo
// script and atlas there is given to the `toxplan` commands that read it, as a subprocess, and
// each must exit normally with 0, 1 or 2 (never a signal such as std::terminate's abort or an
// out-of-memory kill, never a timeout) with a message that names the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_support.h"

namespace fs = std::filesystem;
using toxplan::test::run_toxplan;

namespace {

// A command that has not finished in this time hangs (the slowest here, a full simulate and
// render of a fixture plan, takes a few seconds).
constexpr int kTimeoutS = 120;

std::vector<fs::path> files_in(const std::string& folder) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(toxplan::test::fixtures_dir() + "/" + folder))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Runs `toxplan <args>` under `timeout` and checks how it ended and that it names `name`.
void expect_clean_exit(const std::string& args, const std::string& name) {
  const auto r = run_toxplan(args, kTimeoutS);
  SCOPED_TRACE("toxplan " + args + "\n" + r.out);
  EXPECT_NE(r.exit_code, 124) << "timed out after " << kTimeoutS << " s";
  EXPECT_TRUE(r.exit_code >= 0 && r.exit_code <= 2)
      << "ended with " << r.exit_code << " (128 + n is signal n; -1 no exit status)";
  EXPECT_NE(r.out.find(name), std::string::npos) << "the output does not name " << name;
}

bool have_display() {
  const char* d = std::getenv("DISPLAY");
  return d != nullptr && *d != '\0';
}

}  // namespace

TEST(BadInput, EveryFixturePlanIsValidatedAndSimulatedWithoutEndingTheProcess) {
  for (const fs::path& plan : files_in("plans")) {
    const std::string name = plan.filename().string();
    expect_clean_exit("validate " + plan.string(), name);
    expect_clean_exit("simulate " + plan.string(), name);
  }
}

TEST(BadInput, EveryFixturePlanIsRenderedAndExportedWithoutEndingTheProcess) {
  if (!have_display()) GTEST_SKIP() << "render and export need a display (run under xvfb-run)";
  const fs::path dir = toxplan::test::fresh_dir("bad_input_render");
  for (const fs::path& plan : files_in("plans")) {
    const std::string name = plan.filename().string();
    if (name == "good.toxplan.json") continue;  // rendered by render_command_test
    expect_clean_exit(
        "render " + plan.string() + " --size 320x200 --out " + (dir / (name + ".png")).string(),
        name);
    expect_clean_exit("export " + plan.string() + " --csv " + (dir / (name + ".csv")).string() +
                          " --chart " + (dir / (name + "-chart.png")).string() + " --size 400x300",
                      name);
  }
}

TEST(BadInput, EveryFixtureProtocolIsAppliedWithoutEndingTheProcess) {
  const fs::path dir = toxplan::test::fresh_dir("bad_input_protocols");
  for (const fs::path& protocol : files_in("protocols")) {
    const std::string name = protocol.stem().string();  // the protocol's id, or in its path
    expect_clean_exit("protocol apply " + protocol.string() + " --with-optional --out " +
                          (dir / (name + ".toxplan.json")).string(),
                      name);
    expect_clean_exit("protocol check " + toxplan::test::fixture_plan("good.toxplan.json") + " " +
                          protocol.string(),
                      name);
  }
}

TEST(BadInput, EveryFixtureDemoIsListedAndPlayedWithoutEndingTheProcess) {
  const fs::path dir = toxplan::test::fresh_dir("bad_input_demos");
  for (const fs::path& demo : files_in("demos")) {
    const std::string name = demo.filename().string();
    expect_clean_exit("demo " + demo.string() + " --list", name);
    if (!have_display()) continue;
    expect_clean_exit(
        "demo " + demo.string() + " --stills --size 160x120 --frames " + (dir / name).string(),
        name);
  }
}

TEST(BadInput, EveryFixtureAtlasIsCheckedAndUsedWithoutEndingTheProcess) {
  const std::string plan = toxplan::test::fixture_plan("good.toxplan.json");
  for (const fs::path& atlas : files_in("atlases")) {
    const std::string name = atlas.filename().string();
    expect_clean_exit("atlas info " + atlas.string(), name);
    expect_clean_exit("atlas check " + atlas.string(), name);
    expect_clean_exit("validate " + plan + " --atlas " + atlas.string(), name);
    expect_clean_exit("simulate " + plan + " --atlas " + atlas.string(), name);
  }
}

// Sizes from the command line are bounded: the option and the allowed range are named, exit 2,
// before any work (a 100000 x 100000 picture is 40 GB of pixels).
TEST(BadInput, OutOfRangeSizesOnTheCommandLineNameTheOptionAndTheRange) {
  const std::string plan = toxplan::test::fixture_plan("good.toxplan.json");
  const fs::path dir = toxplan::test::fresh_dir("bad_input_sizes");
  const std::string out = (dir / "x.png").string();
  for (const std::string& args :
       {"render " + plan + " --size 100000x100000 --out " + out,
        "render " + plan + " --size 10x10 --out " + out,
        "render " + plan + " --size 99999999999x800 --out " + out,
        "export " + plan + " --chart " + out + " --size 20000x1200",
        "demo " + toxplan::test::source_path("assets/demos/spread-dose-volume.json") +
            " --frames " + dir.string() + " --size 9000x9000"}) {
    const auto r = run_toxplan(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("--size must be WIDTHxHEIGHT with each side from 64 to 8192 pixels"),
              std::string::npos)
        << args << "\n"
        << r.out;
    EXPECT_FALSE(fs::exists(out)) << args;
  }
  const auto frames = run_toxplan(plan + " --frames 100000000");
  EXPECT_EQ(frames.exit_code, 2) << frames.out;
  EXPECT_NE(frames.out.find("--frames"), std::string::npos) << frames.out;
  EXPECT_NE(frames.out.find("not in range 1 to 100000"), std::string::npos) << frames.out;
  const auto fps =
      run_toxplan("demo " + toxplan::test::source_path("assets/demos/spread-dose-volume.json") +
                  " --frames " + dir.string() + " --fps 1e6");
  EXPECT_EQ(fps.exit_code, 2) << fps.out;
  EXPECT_NE(fps.out.find("--fps must be above 0 and at most 120"), std::string::npos) << fps.out;
}
