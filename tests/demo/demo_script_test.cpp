// Parsing demo scripts and every kind of error a script author can make: each is reported with
// its code, JSON pointer, line and step number, and the rest of the tour still plays.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "demo/demo_script.h"

using namespace toxplan;

namespace {

const toxplan::Finding* find_code(const toxplan::Findings& findings, const std::string& code) {
  auto it = std::find_if(findings.begin(), findings.end(),
                         [&](const toxplan::Finding& f) { return f.code == code; });
  return it == findings.end() ? nullptr : &*it;
}

demo::DemoReferences test_references() {
  demo::DemoReferences refs;
  refs.structure_or_group = [](const std::string& id) {
    return id == "temporalis_L" || id == "frontalis_L" || id == "muscles" || id == "temporalis";
  };
  refs.view = [](const std::string& v) { return v == "anterior" || v == "left"; };
  refs.focus = [](const std::string& id) { return id == "temporalis_L" || id == "glabella"; };
  refs.label = refs.focus;
  refs.view_names = "anterior, left";
  return refs;
}

const char* kGood = R"({
  "format": "toxplan-demo",
  "version": 1,
  "id": "t",
  "title": "A tour",
  "defaults": {"duration_s": 5, "transition_s": 1},
  "steps": [
    {"title": "One", "caption": "First", "camera": "left"},
    {"title": "Two", "camera": {"view": "anterior", "focus": "glabella", "zoom": 2},
     "duration_s": 3, "transition_s": 0.5, "highlight": "temporalis_L",
     "translucent": ["frontalis_L"], "plan": "plans/x.toxplan.json", "sites": ["a", "b"],
     "spread_fraction": 0.5},
    {"title": "Three", "camera": {"position": [0, 500, 0], "focal_point": [0, 0, 0],
                                   "up": [0, 0, 1]}}
  ]
})";

}  // namespace

TEST(DemoScript, ParsesStepsWithDefaultsAndRelativePlanPaths) {
  const demo::DemoLoadResult r = demo::parse_demo_script(kGood, "/tours/tour.json");
  ASSERT_TRUE(r.script);
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().message;
  const demo::DemoScript& s = *r.script;
  EXPECT_EQ(s.title, "A tour");
  ASSERT_EQ(s.steps.size(), 3u);
  ASSERT_TRUE(s.steps[0].camera);
  EXPECT_EQ(s.steps[0].camera->view, "left");
  EXPECT_EQ(s.steps[0].transition_s, 1.0);
  EXPECT_EQ(s.step_duration_s(0), 5.0);
  EXPECT_EQ(s.steps[1].camera->focus, "glabella");
  EXPECT_EQ(s.steps[1].camera->zoom, 2.0);
  EXPECT_EQ(s.steps[1].highlight, std::vector<std::string>{"temporalis_L"});
  EXPECT_EQ(s.steps[1].plan_path, "/tours/plans/x.toxplan.json");
  EXPECT_EQ(s.steps[1].sites.size(), 2u);
  EXPECT_EQ(s.steps[1].spread_fraction, 0.5);
  ASSERT_TRUE(s.steps[2].camera && s.steps[2].camera->explicit_pose());
  EXPECT_EQ(s.steps[2].camera->position_mm->y, 500.0);
  // 1 + 5, 0.5 + 3, 1 + 5
  EXPECT_DOUBLE_EQ(s.total_length_s(), 15.5);
  EXPECT_EQ(s.step_at(0.0), 0u);
  EXPECT_EQ(s.step_at(5.99), 0u);
  EXPECT_EQ(s.step_at(6.0), 1u);
  EXPECT_EQ(s.step_at(100.0), 2u);
  EXPECT_DOUBLE_EQ(s.step_start_s(2), 9.5);
}

TEST(DemoScript, MalformedJsonIsRefusedWithItsLine) {
  const demo::DemoLoadResult r =
      demo::parse_demo_script("{\n  \"steps\": [\n    {\"title\": \"x\",}\n  ]\n}", "bad.json");
  EXPECT_FALSE(r.script);
  const toxplan::Finding* f = find_code(r.findings, "DEMO_MALFORMED_JSON");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->line, 3);
  EXPECT_EQ(f->message.rfind("bad.json:3: not valid JSON (", 0), 0u) << f->message;
}

TEST(DemoScript, NotAScriptIsRefused) {
  EXPECT_FALSE(demo::parse_demo_script("[1, 2]", "a.json").script);
  EXPECT_FALSE(
      demo::parse_demo_script(R"({"format": "toxplan-plan", "steps": []})", "a.json").script);
  const demo::DemoLoadResult r = demo::parse_demo_script(R"({"title": "x"})", "a.json");
  EXPECT_FALSE(r.script);
  ASSERT_NE(find_code(r.findings, "FIELD_MISSING"), nullptr);
  EXPECT_EQ(find_code(r.findings, "FIELD_MISSING")->field, "/steps");
}

TEST(DemoScript, WrongTypeIsReportedWithStepFieldAndLineAndTheStepStillPlays) {
  const char* text = R"({
  "steps": [
    {"title": "One"},
    {"title": "Two",
     "transition_s": "slow",
     "highlight": 3}
  ]
})";
  const demo::DemoLoadResult r = demo::parse_demo_script(text, "t.json");
  ASSERT_TRUE(r.script);
  ASSERT_EQ(r.script->steps.size(), 2u);
  EXPECT_EQ(r.script->steps[1].transition_s, demo::kDefaultDemoTransitionS);
  EXPECT_TRUE(r.script->steps[1].highlight.empty());
  int wrong = 0;
  for (const toxplan::Finding& f : r.findings) {
    if (f.code != "FIELD_WRONG_TYPE") continue;
    ++wrong;
    EXPECT_NE(f.message.find("step 2"), std::string::npos) << f.message;
    if (f.field == "/steps/1/transition_s") {
      EXPECT_EQ(f.line, 5);
    }
    if (f.field == "/steps/1/highlight") {
      EXPECT_EQ(f.line, 6);
    }
  }
  EXPECT_EQ(wrong, 2);
}

TEST(DemoScript, StepThatIsNotAnObjectIsSkippedAndTheRestPlays) {
  const demo::DemoLoadResult r =
      demo::parse_demo_script(R"({"steps": [{"title": "A"}, 42, {"title": "C"}]})", "t.json");
  ASSERT_TRUE(r.script);
  ASSERT_EQ(r.script->steps.size(), 2u);
  EXPECT_EQ(r.script->steps[1].title, "C");
  EXPECT_EQ(r.script->steps[1].index, 2);
  const toxplan::Finding* f = find_code(r.findings, "DEMO_STEP_NOT_OBJECT");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->field, "/steps/1");
  EXPECT_NE(f->message.find("step 2"), std::string::npos);
}

TEST(DemoScript, IncompleteCameraAndOutOfRangeValuesAreDropped) {
  const char* text = R"({"steps": [
    {"title": "A", "camera": {"position": [0, 1, 0], "up": [0, 0, 1]}},
    {"title": "B", "camera": {"zoom": 2}, "spread_fraction": 1.5, "duration_s": -1},
    {"title": "C", "missing_field_name": 1}
  ]})";
  const demo::DemoLoadResult r = demo::parse_demo_script(text, "t.json");
  ASSERT_TRUE(r.script);
  EXPECT_FALSE(r.script->steps[0].camera);
  EXPECT_FALSE(r.script->steps[1].camera);
  EXPECT_EQ(r.script->steps[1].spread_fraction, 0.0);
  EXPECT_FALSE(r.script->steps[1].duration_s);
  const toxplan::Finding* missing = find_code(r.findings, "FIELD_MISSING");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->field, "/steps/0/camera/focal_point");
  const toxplan::Finding* incomplete = find_code(r.findings, "DEMO_CAMERA_INCOMPLETE");
  ASSERT_NE(incomplete, nullptr);
  EXPECT_EQ(incomplete->field, "/steps/1/camera");
  const toxplan::Finding* range = find_code(r.findings, "DEMO_VALUE_OUT_OF_RANGE");
  ASSERT_NE(range, nullptr);
  EXPECT_NE(range->message.find("step 2"), std::string::npos);
  const toxplan::Finding* unknown = find_code(r.findings, "FIELD_UNKNOWN");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->severity, toxplan::Severity::Warning);
  EXPECT_EQ(unknown->field, "/steps/2/missing_field_name");
}

TEST(DemoScript, UnknownStructureViewFocusAndPlanAreDroppedWithStepAndField) {
  const char* text = R"({
  "steps": [
    {"title": "A", "highlight": ["temporalis_L", "temporalis_X"], "hide": "muscles"},
    {"title": "B",
     "camera": {"view": "front"}},
    {"title": "C", "camera": {"view": "left", "focus": "nowhere"}, "labels": ["glabella", "zz"]},
    {"title": "D", "plan": "no-such-plan.toxplan.json", "spread_fraction": 1}
  ]
})";
  demo::DemoLoadResult r = demo::parse_demo_script(text, "/tmp/tour.json");
  ASSERT_TRUE(r.script);
  ASSERT_TRUE(r.findings.empty());
  demo::check_demo_references(&*r.script, test_references(), &r.findings, text);
  const demo::DemoScript& s = *r.script;
  EXPECT_EQ(s.steps[0].highlight, std::vector<std::string>{"temporalis_L"});
  EXPECT_EQ(s.steps[0].hide, std::vector<std::string>{"muscles"});
  const toxplan::Finding* structure = find_code(r.findings, "DEMO_UNKNOWN_STRUCTURE");
  ASSERT_NE(structure, nullptr);
  EXPECT_EQ(structure->field, "/steps/0/highlight");
  EXPECT_EQ(structure->line, 3);
  EXPECT_NE(structure->message.find("step 1"), std::string::npos);
  EXPECT_NE(structure->message.find("temporalis_X"), std::string::npos);

  EXPECT_FALSE(s.steps[1].camera);  // the previous step's camera is kept
  const toxplan::Finding* view = find_code(r.findings, "DEMO_UNKNOWN_VIEW");
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->field, "/steps/1/camera/view");
  EXPECT_EQ(view->line, 5);
  EXPECT_NE(view->message.find("step 2"), std::string::npos);
  EXPECT_NE(view->message.find("anterior, left"), std::string::npos);

  ASSERT_TRUE(s.steps[2].camera);
  EXPECT_EQ(s.steps[2].camera->focus, "");
  EXPECT_NE(find_code(r.findings, "DEMO_UNKNOWN_FOCUS"), nullptr);
  EXPECT_EQ(s.steps[2].labels, std::vector<std::string>{"glabella"});
  EXPECT_NE(find_code(r.findings, "DEMO_UNKNOWN_LABEL"), nullptr);

  EXPECT_TRUE(s.steps[3].plan_path.empty());
  EXPECT_EQ(s.steps[3].spread_fraction, 0.0);
  const toxplan::Finding* plan = find_code(r.findings, "DEMO_PLAN_UNREADABLE");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->field, "/steps/3/plan");
  EXPECT_NE(plan->message.find("step 4"), std::string::npos);
  EXPECT_EQ(s.steps.size(), 4u) << "every step still plays";
}
