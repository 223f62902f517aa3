// run_score in-process: the reference comes in as a Plan (as from a protocol), attempts from files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_support.h"
#include "cli/score_command.h"
#include "core/plan_io.h"

using toxplan::test::fresh_dir;
using toxplan::test::source_path;
using namespace toxplan;

namespace {

struct ScoreRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

ScoreRun score(const cli::ScoreOptions& options, const core::Plan& reference) {
  std::ostringstream out, err;
  ScoreRun r;
  r.exit_code = cli::run_score(options, reference, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A class folder: ana is the reference itself, bob missed the procerus site.
core::Plan write_class(const std::filesystem::path& dir) {
  const auto loaded = core::load_plan_file(source_path("plans/preempt-155.toxplan.json"));
  EXPECT_TRUE(loaded.plan.has_value());
  const core::Plan reference = *loaded.plan;
  core::Plan bob = reference;
  std::erase_if(bob.sites, [](const core::Site& s) { return s.target_structure_id == "procerus"; });
  EXPECT_FALSE(core::save_plan_file(reference, (dir / "ana.toxplan.json").string()));
  EXPECT_FALSE(core::save_plan_file(bob, (dir / "bob.toxplan.json").string()));
  return reference;
}

}  // namespace

TEST(ScoreCommand, CsvForTwoAttemptsInAFolder) {
  const auto dir = fresh_dir("score_csv");
  const core::Plan reference = write_class(dir);
  cli::ScoreOptions options;
  options.attempt_paths = {dir.string()};
  options.csv = true;
  const ScoreRun r = score(options, reference);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header, ana, bob, rest;
  std::getline(lines, header);
  std::getline(lines, ana);
  std::getline(lines, bob);
  EXPECT_FALSE(std::getline(lines, rest));
  EXPECT_EQ(header.rfind("file,status,score,", 0), 0u);
  EXPECT_EQ(ana,
            (dir / "ana.toxplan.json").string() + ",ok,100,31,31,31,0,0,0,0,0,0,0,0,0,155,155,");
  // One missed site of 31: 100 - 100/31.
  EXPECT_EQ(bob,
            (dir / "bob.toxplan.json").string() + ",ok,96.77,31,30,30,1,0,0,0,0,0,0,0,0,150,155,");
}

TEST(ScoreCommand, JsonForTwoAttemptsAndAnUnreadableOneExitsTwo) {
  const auto dir = fresh_dir("score_json");
  const core::Plan reference = write_class(dir);
  const std::string missing = (dir / "carol.toxplan.json").string();
  cli::ScoreOptions options;
  options.attempt_paths = {(dir / "ana.toxplan.json").string(), (dir / "bob.toxplan.json").string(),
                           missing};
  options.json = true;
  const ScoreRun r = score(options, reference);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not scored: " + missing + ": cannot open"), std::string::npos) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["attempts"].size(), 3u);
  EXPECT_EQ(j["attempts"][0]["score"], 100.0);
  EXPECT_EQ(j["attempts"][1]["counts"]["missed_sites"], 1);
  EXPECT_EQ(j["attempts"][1]["problems"][0]["message"], "Missed: 1 of 1 procerus site (procerus).");
  EXPECT_EQ(j["attempts"][2]["status"], "unreadable");
}

TEST(ScoreCommand, HistoryIsAppendedPerTrainee) {
  const auto dir = fresh_dir("score_history");
  const core::Plan reference = write_class(dir);
  cli::ScoreOptions options;
  options.attempt_paths = {dir.string()};
  options.history_dir = (dir / "history").string();
  EXPECT_EQ(score(options, reference).exit_code, 0);
  EXPECT_EQ(score(options, reference).exit_code, 0);
  std::ifstream in(dir / "history" / "bob.history.json");
  const nlohmann::json h = nlohmann::json::parse(in);
  ASSERT_EQ(h["attempts"].size(), 2u);
  EXPECT_EQ(h["attempts"][1]["protocol_id"], "preempt-155");
  EXPECT_NEAR(h["attempts"][1]["score"].get<double>(), 100.0 - 100.0 / 31.0, 1e-9);
}
