// run_score in-process: the reference comes in as a Plan (as from a protocol), attempts from files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "anatomy/atlas.h"
#include "anatomy/site_placement.h"
#include "cli/cli_support.h"
#include "cli/score_command.h"
#include "plan/plan_io.h"
#include "practice/attempt_scoring.h"
#include "protocol/protocol.h"
#include "protocol/protocol_placement.h"
#include "support/default_atlas.h"

using toxplan::test::fresh_dir;
using toxplan::test::source_path;
using namespace toxplan;

namespace {

struct ScoreRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

ScoreRun score(const cli::ScoreOptions& options, const plan::Plan& reference) {
  std::ostringstream out, err;
  ScoreRun r;
  r.exit_code = cli::run_score(options, reference, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A class folder: ana is the reference itself, bob missed the procerus site.
plan::Plan write_class(const std::filesystem::path& dir) {
  const auto loaded = plan::load_plan_file(source_path("plans/preempt-155.toxplan.json"));
  EXPECT_TRUE(loaded.plan.has_value());
  const plan::Plan reference = *loaded.plan;
  plan::Plan bob = reference;
  std::erase_if(bob.sites, [](const plan::Site& s) { return s.target_structure_id == "procerus"; });
  EXPECT_FALSE(plan::save_plan_file(reference, (dir / "ana.toxplan.json").string()));
  EXPECT_FALSE(plan::save_plan_file(bob, (dir / "bob.toxplan.json").string()));
  return reference;
}

}  // namespace

TEST(ScoreCommand, CsvForTwoAttemptsInAFolder) {
  const auto dir = fresh_dir("score_csv");
  const plan::Plan reference = write_class(dir);
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
  const plan::Plan reference = write_class(dir);
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
  const plan::Plan reference = write_class(dir);
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

namespace {

using toxplan::test::default_atlas;

plan::Plan reference_155() {
  const auto protocol = protocol::find_protocol("preempt-155", protocol::protocols_dir());
  EXPECT_TRUE(protocol.protocol.has_value());
  return protocol::apply_protocol(*protocol.protocol, *default_atlas(), false).plan;
}

nlohmann::json score_json_of(const std::string& args) {
  const auto r = test::run_toxplan("score " + args + " --json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const auto begin = r.out.find('{');
  EXPECT_NE(begin, std::string::npos) << r.out;
  return nlohmann::json::parse(r.out.substr(begin == std::string::npos ? 0 : begin), nullptr,
                               false);
}

}  // namespace

// Issue 12 item 8: an exact copy of the reference scores 100 with `toxplan score`.
TEST(ScoreCommand, ExactCopyOfTheProtocolScores100) {
  const nlohmann::json j =
      score_json_of(source_path("plans/preempt-155.toxplan.json") + " --protocol preempt-155");
  ASSERT_FALSE(j.is_discarded());
  const nlohmann::json& a = j.at("attempts").at(0);
  EXPECT_EQ(a.at("score").get<double>(), 100.0) << a.at("problems").dump(2);
  EXPECT_TRUE(a.at("problems").empty()) << a.at("problems").dump(2);
}

// Issue 12 item 8: a trainee who clicks every reference skin point exactly (sites made by the
// window's click placement on the default atlas) answers every reference site, and the command
// line gives the score of the window's scoring function for the same attempt file.
TEST(ScoreCommand, ReferenceSkinPointsClickedExactlyMatchEverySite) {
  const auto atlas = default_atlas();
  ASSERT_TRUE(atlas);
  const plan::Plan reference = reference_155();
  ASSERT_EQ(reference.sites.size(), 31u);
  plan::Plan clicked;
  clicked.protocol_id = "preempt-155";
  int n = 0;
  for (const plan::Site& r : reference.sites) {
    // A click ray that reaches the skin at the reference entry point.
    const toxplan::Vec3 dir = toxplan::normalized(r.needle_direction);
    const auto placed = anatomy::place_site_along_ray(*atlas, r.entry_point_mm - dir * 40.0, dir);
    ASSERT_TRUE(placed.has_value()) << r.id;
    ASSERT_LT(toxplan::distance(placed->entry_mm, r.entry_point_mm), 0.5) << r.id;
    plan::Site s;
    s.id = "click_" + std::to_string(++n);
    s.target_structure_id = placed->target_structure_id;
    s.entry_point_mm = placed->entry_mm;
    s.needle_direction = placed->direction;
    s.depth_mm = placed->depth_mm;
    s.dose_units = 5.0;
    s.volume_ml = 0.1;
    clicked.sites.push_back(s);
  }
  const auto dir = fresh_dir("clicked");
  const std::string file = (dir / "clicked.toxplan.json").string();
  ASSERT_FALSE(plan::save_plan_file(clicked, file));

  const nlohmann::json j = score_json_of(file + " --protocol preempt-155");
  ASSERT_FALSE(j.is_discarded());
  const nlohmann::json& a = j.at("attempts").at(0);
  EXPECT_EQ(a.at("counts").at("matched_sites"), 31);
  EXPECT_EQ(a.at("counts").at("missed_sites"), 0);
  EXPECT_EQ(a.at("counts").at("extra_sites"), 0);
  EXPECT_EQ(a.at("counts").at("wrong_side_sites"), 0);
  bool explains_corrugator = false;
  for (const nlohmann::json& p : a.at("problems")) {
    const std::string message = p.at("message");
    EXPECT_EQ(message.find("Missed"), std::string::npos) << message;
    EXPECT_EQ(message.find("xtra site"), std::string::npos) << message;
    if (message.find("set the target to Corrugator supercilii L") != std::string::npos)
      explains_corrugator = true;
  }
  EXPECT_TRUE(explains_corrugator) << a.at("problems").dump(2);

  // The window's Check scores with practice::AttemptScorer; the same file gives the same score.
  const plan::PlanLoadResult loaded = plan::load_plan_file(file);
  ASSERT_TRUE(loaded.plan.has_value());
  practice::AttemptScorer scorer(atlas, reference, practice::scoring_options_for(atlas));
  const practice::AttemptScore window = scorer.score(*loaded.plan);
  EXPECT_DOUBLE_EQ(window.score, a.at("score").get<double>());
  EXPECT_EQ(window.counts.missed_sites, 0);
  EXPECT_EQ(window.counts.extra_sites, 0);
  std::filesystem::remove_all(dir);
}

// Issue 12 item 8: a template whose sites are chosen per patient is refused with the reason.
TEST(ScoreCommand, CervicalDystoniaTemplateIsRefusedWithTheReason) {
  const auto r =
      test::run_toxplan("score " + source_path("plans/cervical-dystonia-example.toxplan.json") +
                        " --protocol cervical-dystonia");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("has no fixed sites"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--reference PLAN"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("-50.0"), std::string::npos) << r.out;
  // Against a reference plan it is scored.
  const auto with_reference = test::run_toxplan(
      "score " + source_path("plans/cervical-dystonia-example.toxplan.json") + " --reference " +
      source_path("plans/cervical-dystonia-example.toxplan.json"));
  EXPECT_NE(with_reference.out.find("100.0"), std::string::npos) << with_reference.out;
}
