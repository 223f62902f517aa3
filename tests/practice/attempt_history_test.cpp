#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "practice/attempt_history.h"

using namespace toxplan;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  fs::path d =
      fs::temp_directory_path() / ("toxplan_history_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

practice::AttemptRecord record(const std::string& protocol, double score, int missed) {
  practice::AttemptScore s;
  s.score = score;
  s.counts.reference_sites = 31;
  s.counts.placed_sites = 31 - missed;
  s.counts.matched_sites = 31 - missed;
  s.counts.missed_sites = missed;
  s.muscles = {{"frontalis_L", 2, 2, 10.0, 10.0},
               {"temporalis_R", 4 - missed, 4, 20.0 - 5 * missed, 20.0}};
  s.mean_position_error_mm = 3.5;
  // A fixed instant: 2025-03-01 14:05:09 UTC.
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1740837909));
  return practice::make_attempt_record(s, protocol, when);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

}  // namespace

TEST(AttemptHistory, AppendTwiceThenLoadRoundTrips) {
  const fs::path dir = temp_dir("roundtrip");
  const practice::AttemptRecord first = record("preempt-155", 71.25, 1);
  const practice::AttemptRecord second = record("preempt-155", 88.5, 0);
  EXPECT_EQ(first.timestamp_utc, "2025-03-01T14:05:09Z");
  ASSERT_FALSE(practice::append_attempt(dir.string(), "Ana María", first).has_value());
  ASSERT_FALSE(practice::append_attempt(dir.string(), "Ana María", second).has_value());

  const std::string path = practice::history_path(dir.string(), "Ana María");
  EXPECT_EQ(fs::path(path).filename().string(), "Ana_Mar%C3%ADa.history.json");
  const practice::HistoryLoadResult loaded = practice::load_attempt_history(path, "Ana María");
  ASSERT_TRUE(loaded.history.has_value()) << loaded.error;
  EXPECT_EQ(loaded.history->trainee, "Ana María");
  ASSERT_EQ(loaded.history->attempts.size(), 2u);
  EXPECT_EQ(loaded.history->attempts[0], first);
  EXPECT_EQ(loaded.history->attempts[1], second);

  const std::vector<practice::ScorePoint> series = practice::score_series(*loaded.history);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_DOUBLE_EQ(series[0].score, 71.25);
  EXPECT_DOUBLE_EQ(series[1].score, 88.5);
}

TEST(AttemptHistory, SeriesCanBeFilteredByProtocol) {
  practice::AttemptHistory h{
      "t", {record("preempt-155", 50, 2), record("cd-basic", 60, 0), record("preempt-155", 70, 1)}};
  const auto preempt = practice::score_series(h, "preempt-155");
  ASSERT_EQ(preempt.size(), 2u);
  EXPECT_DOUBLE_EQ(preempt[1].score, 70.0);
  EXPECT_EQ(practice::score_series(h, "none").size(), 0u);
}

TEST(AttemptHistory, MissingFileIsAnEmptyHistory) {
  const fs::path dir = temp_dir("missing");
  const practice::HistoryLoadResult r =
      practice::load_attempt_history((dir / "nobody.history.json").string(), "nobody");
  ASSERT_TRUE(r.history.has_value());
  EXPECT_EQ(r.history->trainee, "nobody");
  EXPECT_TRUE(r.history->attempts.empty());
  EXPECT_TRUE(r.error.empty());
}

TEST(AttemptHistory, MalformedFileIsReportedWithFileAndLineAndNeverOverwritten) {
  const fs::path dir = temp_dir("malformed");
  const std::string path = practice::history_path(dir.string(), "bo");
  const std::string broken =
      "{\n  \"format\": \"toxplan-attempt-history\",\n  \"attempts\": [\n    {,\n  ]\n}\n";
  std::ofstream(path) << broken;
  const practice::HistoryLoadResult r = practice::load_attempt_history(path, "bo");
  EXPECT_FALSE(r.history.has_value());
  EXPECT_EQ(r.error.rfind(path + ":4: not valid JSON (", 0), 0u) << r.error;
  EXPECT_NE(r.error.find("fix the file or move it aside"), std::string::npos);

  const auto err = practice::append_attempt(dir.string(), "bo", record("p", 1, 0));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(*err, r.error);
  EXPECT_EQ(slurp(path), broken);  // the earlier attempts are not lost
}

TEST(AttemptHistory, WrongFieldTypeNamesTheFieldAndLine) {
  const fs::path dir = temp_dir("wrongtype");
  const fs::path good = dir / "good.json";
  ASSERT_FALSE(
      practice::save_attempt_history({"x", {record("p", 10, 0)}}, good.string()).has_value());
  std::string text = slurp(good);
  const std::string from = "\"score\": 10.0";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, from.size(), "\"score\": \"ten\"");
  const fs::path bad = dir / "bad.json";
  std::ofstream(bad) << text;
  // Find the line of the score in the file, to compare with the message.
  int line = 1;
  for (std::size_t k = 0; k < at; ++k)
    line += text[k] == '\n';
  const practice::HistoryLoadResult r = practice::load_attempt_history(bad.string(), "x");
  EXPECT_FALSE(r.history.has_value());
  EXPECT_EQ(r.error, bad.string() + ": /attempts/0/score must be a number (line " +
                         std::to_string(line) +
                         "); fix the file or move it aside (new attempts are not recorded until "
                         "then)");

  text = slurp(good);
  const auto missed = text.find("\"missed_sites\": 0");
  ASSERT_NE(missed, std::string::npos);
  text.replace(missed, 17, "\"missed_sites\": 0.5");
  std::ofstream(bad) << text;
  const practice::HistoryLoadResult r2 = practice::load_attempt_history(bad.string(), "x");
  EXPECT_NE(r2.error.find("/attempts/0/counts/missed_sites must be an integer (line "),
            std::string::npos)
      << r2.error;
}

TEST(AttemptHistory, NewerVersionIsRefused) {
  const fs::path dir = temp_dir("newer");
  const fs::path p = dir / "h.json";
  std::ofstream(p)
      << R"({"format": "toxplan-attempt-history", "version": 9, "trainee": "x", "attempts": []})";
  const practice::HistoryLoadResult r = practice::load_attempt_history(p.string(), "x");
  EXPECT_FALSE(r.history.has_value());
  EXPECT_NE(r.error.find("/version is 9, newer than this program reads (1); update Toxplan"),
            std::string::npos)
      << r.error;
}

TEST(AttemptHistory, NamesAreSanitisedAndCollisionsRefused) {
  EXPECT_EQ(practice::sanitize_trainee_name("../etc/passwd"), "%2E.%2Fetc%2Fpasswd");
  EXPECT_EQ(practice::sanitize_trainee_name(".hidden"), "%2Ehidden");
  EXPECT_EQ(practice::sanitize_trainee_name(""), "trainee");
  EXPECT_EQ(practice::sanitize_trainee_name("Dr. K-9_x"), "Dr._K-9_x");
  const fs::path dir = temp_dir("collide");
  ASSERT_FALSE(practice::append_attempt(dir.string(), "a b", record("p", 1, 0)).has_value());
  const auto err = practice::append_attempt(dir.string(), "a_b", record("p", 2, 0));
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("holds the history of \"a b\", not \"a_b\""), std::string::npos) << *err;
}
