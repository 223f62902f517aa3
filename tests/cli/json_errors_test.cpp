// One JSON error reporter (issue 13 item 2): every reader of the program (plans, protocols, demo
// scripts, atlas manifests, attempt histories) words a syntax error the same way, with the file
// and the line, through base/json_text.h; a field of the wrong type names its JSON pointer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "anatomy/atlas.h"
#include "cli/cli_support.h"
#include "demo/demo_script.h"
#include "plan/plan_json.h"
#include "practice/attempt_history.h"
#include "protocol/protocol.h"

namespace {

// Line 3 holds the stray comma in each text.
const char* const kBroken = "{\n  \"format\": \"x\",\n  \"version\": 1,,\n}\n";

void expect_syntax_message(const std::string& message, const std::string& source) {
  EXPECT_EQ(message.rfind(source + ":3: not valid JSON (", 0), 0u) << message;
  EXPECT_EQ(message.find("[json.exception"), std::string::npos) << message;
}

const toxplan::Finding* first_error(const toxplan::Findings& findings) {
  for (const toxplan::Finding& f : findings)
    if (f.severity == toxplan::Severity::Error) return &f;
  return nullptr;
}

}  // namespace

TEST(JsonErrors, EveryReaderWordsASyntaxErrorTheSameWay) {
  const auto plan = toxplan::plan::parse_plan_text(kBroken, "a.toxplan.json");
  ASSERT_FALSE(plan.plan);
  ASSERT_FALSE(plan.findings.empty());
  EXPECT_EQ(plan.findings[0].line, 3);
  expect_syntax_message(plan.findings[0].message, "a.toxplan.json");

  const auto protocol = toxplan::protocol::parse_protocol_text(kBroken, "p.json");
  ASSERT_FALSE(protocol.protocol);
  ASSERT_FALSE(protocol.findings.empty());
  EXPECT_EQ(protocol.findings[0].line, 3);
  expect_syntax_message(protocol.findings[0].message, "p.json");

  const auto demo = toxplan::demo::parse_demo_script(kBroken, "d.json");
  ASSERT_FALSE(demo.script);
  ASSERT_FALSE(demo.findings.empty());
  EXPECT_EQ(demo.findings[0].line, 3);
  expect_syntax_message(demo.findings[0].message, "d.json");

  const auto dir = toxplan::test::fresh_dir("json_errors");
  std::ofstream(dir / "atlas.json") << kBroken;
  toxplan::Findings atlas_findings;
  EXPECT_EQ(toxplan::anatomy::Atlas::load(dir.string(), &atlas_findings), nullptr);
  ASSERT_FALSE(atlas_findings.empty());
  expect_syntax_message(atlas_findings[0].message, (dir / "atlas.json").string());

  const std::string history = (dir / "t.history.json").string();
  std::ofstream(history) << kBroken;
  const auto loaded = toxplan::practice::load_attempt_history(history, "t");
  EXPECT_FALSE(loaded.history);
  expect_syntax_message(loaded.error, history);
}

TEST(JsonErrors, AStringWhereANumberBelongsNamesTheJsonPointer) {
  std::ifstream in(toxplan::test::fixture_plan("good.toxplan.json"));
  nlohmann::json doc = nlohmann::json::parse(in);
  doc["sites"][0]["dose_units"] = "five";
  const auto plan = toxplan::plan::parse_plan_text(doc.dump(2), "a.toxplan.json");
  EXPECT_FALSE(plan.plan);
  const toxplan::Finding* f = first_error(plan.findings);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->code, "FIELD_WRONG_TYPE");
  EXPECT_EQ(f->field, "/sites/0/dose_units");
  EXPECT_GT(f->line, 0);
  EXPECT_NE(f->message.find("must be a number, found string"), std::string::npos) << f->message;

  const auto demo = toxplan::demo::parse_demo_script(
      R"({"format": "toxplan-demo", "version": 1, "title": 7, "steps": []})", "d.json");
  const toxplan::Finding* g = first_error(demo.findings);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->field, "/title");
  EXPECT_NE(g->message.find("must be a string, found number"), std::string::npos) << g->message;
}
