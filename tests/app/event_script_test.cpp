// The event-script reader (docs/event-script.md) without a window: a good script is read field
// by field, and every wrong type or out-of-range value is a SCRIPT_INVALID finding naming the
// event's index and field (and the file), never an exception.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/event_script.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

class EventScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("toxplan_events_" +
              std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
              std::to_string(::getpid()) + ".json"))
                .string();
  }
  void TearDown() override { fs::remove(path_); }

  std::optional<app::EventScript> load(const std::string& text, Findings* findings) {
    std::ofstream(path_, std::ios::trunc) << text;
    return app::load_event_script(path_, findings);
  }

  std::string path_;
};

}  // namespace

TEST_F(EventScriptTest, AGoodScriptIsReadFieldByField) {
  Findings findings;
  const auto script = load(R"({"events": [
    {"frame": 8, "type": "click_at_world", "point": [-20.5, 96, 66]},
    {"frame": 16, "type": "key", "key": "d"},
    {"frame": 17, "type": "key", "key": "page_down"},
    {"frame": 18, "type": "key", "key": "z", "ctrl": true, "shift": true},
    {"frame": 19, "type": "text", "text": "7.5"},
    {"frame": 20, "type": "drag", "x": 400, "y": 300, "dx": -50, "dy": 20, "button": 2,
     "steps": 30},
    {"frame": 21, "type": "wheel", "x": 10, "y": 20, "wheel": -3}
  ]})",
                           &findings);
  ASSERT_TRUE(script) << findings.front().message;
  EXPECT_TRUE(findings.empty());
  ASSERT_EQ(script->events.size(), 7u);
  const auto& e = script->events;
  EXPECT_EQ(e[0].type, app::ScriptedEvent::Type::ClickAtWorld);
  EXPECT_EQ(e[0].frame, 8);
  EXPECT_EQ(e[0].world_mm.x, -20.5);
  EXPECT_EQ(e[0].world_mm.y, 96.0);
  EXPECT_EQ(e[0].world_mm.z, 66.0);
  EXPECT_EQ(e[1].key, GLFW_KEY_D);
  EXPECT_FALSE(e[1].ctrl);
  EXPECT_EQ(e[2].key, GLFW_KEY_PAGE_DOWN);
  EXPECT_EQ(e[3].key, GLFW_KEY_Z);
  EXPECT_TRUE(e[3].ctrl);
  EXPECT_TRUE(e[3].shift);
  EXPECT_EQ(e[4].type, app::ScriptedEvent::Type::Text);
  EXPECT_EQ(e[4].text, "7.5");
  EXPECT_EQ(e[5].type, app::ScriptedEvent::Type::Drag);
  EXPECT_EQ(e[5].x, 400.0);
  EXPECT_EQ(e[5].dx, -50.0);
  EXPECT_EQ(e[5].dy, 20.0);
  EXPECT_EQ(e[5].button, 2);
  EXPECT_EQ(e[5].steps, 30);
  EXPECT_EQ(e[6].wheel, -3.0);
}

// Each bad event is the second of the script (index 1), after a good one, so that the message
// must name the right index.
TEST_F(EventScriptTest, WrongTypesAndOutOfRangeValuesNameTheEventAndField) {
  const struct {
    const char* event;
    const char* field;
    const char* message;
  } cases[] = {
      {R"({"frame": "x", "type": "key", "key": "d"})", "/events/1/frame",
       "must be a number from 0 to 10000000"},
      {R"({"frame": -1, "type": "key", "key": "d"})", "/events/1/frame",
       "must be a number from 0 to 10000000"},
      {R"({"frame": 1e12, "type": "key", "key": "d"})", "/events/1/frame",
       "must be a number from 0 to 10000000"},
      {R"({"frame": 5, "type": "click", "x": "a", "y": 3})", "/events/1/x",
       "must be a number from -100000 to 100000"},
      {R"({"frame": 5, "type": "click", "x": 1, "y": 1e9})", "/events/1/y",
       "must be a number from -100000 to 100000"},
      {R"({"frame": 5, "type": "click", "x": 1, "y": 1, "button": 3})", "/events/1/button",
       "must be a number from 0 to 2"},
      {R"({"frame": 5, "type": "drag", "x": 1, "y": 1, "steps": 0})", "/events/1/steps",
       "must be a number from 1 to 100000"},
      {R"({"frame": 5, "type": "wheel", "wheel": 5000})", "/events/1/wheel",
       "must be a number from -1000 to 1000"},
      {R"({"frame": 5, "type": "key", "key": "z", "ctrl": 1})", "/events/1/ctrl",
       "must be true or false"},
      {R"({"frame": 5, "type": "key", "key": 7})", "/events/1/key", "must be a string"},
      {R"({"frame": 5, "type": "key", "key": "hyperspace"})", "/events/1/key", "unknown key name"},
      {R"({"frame": 5, "type": "text", "text": 12})", "/events/1/text", "must be a string"},
      {R"({"frame": 5, "type": "click_at_world", "point": ["a", 0, 0]})", "/events/1/point",
       "click_at_world needs \"point\": [x, y, z] in mm"},
      {R"({"frame": 5, "type": "click_at_world", "point": [1, 2]})", "/events/1/point",
       "click_at_world needs \"point\": [x, y, z] in mm"},
      {R"({"frame": 5, "type": "teleport"})", "/events/1/type", "unknown or missing event type"},
      {R"({"frame": 5})", "/events/1/type", "unknown or missing event type"},
      {R"("key")", "/events/1/type", "unknown or missing event type"},
  };
  for (const auto& c : cases) {
    Findings findings;
    const std::string text =
        std::string(R"({"events": [{"frame": 1, "type": "key", "key": "a"}, )") + c.event + "]}";
    const auto script = load(text, &findings);
    EXPECT_FALSE(script) << c.event << ": a half-understood script is refused";
    ASSERT_EQ(findings.size(), 1u) << c.event;
    const Finding& f = findings.front();
    EXPECT_EQ(f.code, "SCRIPT_INVALID") << c.event;
    EXPECT_EQ(f.severity, Severity::Error) << c.event;
    EXPECT_EQ(f.field, c.field) << c.event;
    EXPECT_EQ(f.message, path_ + ": " + c.field + ": " + c.message) << c.event;
  }
}

TEST_F(EventScriptTest, EveryBadEventIsListedNotOnlyTheFirst) {
  Findings findings;
  const auto script = load(R"({"events": [
    {"frame": "x", "type": "key", "key": "d"},
    {"frame": 2, "type": "key", "key": "d"},
    {"frame": 3, "type": "click", "x": 1, "y": 1, "button": 9}
  ]})",
                           &findings);
  EXPECT_FALSE(script);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].field, "/events/0/frame");
  EXPECT_EQ(findings[1].field, "/events/2/button");
}

TEST_F(EventScriptTest, NotAScriptOrNoFileIsOneFindingNamingTheFile) {
  for (const char* text : {"", "not json", "[1, 2]", R"({"events": 3})", R"({"steps": []})"}) {
    Findings findings;
    EXPECT_FALSE(load(text, &findings)) << text;
    ASSERT_EQ(findings.size(), 1u) << text;
    EXPECT_EQ(findings[0].code, "SCRIPT_INVALID");
    EXPECT_EQ(findings[0].message, path_ + ": expected a JSON object with an \"events\" array")
        << text;
  }
  Findings findings;
  const std::string missing = path_ + ".missing";
  EXPECT_FALSE(app::load_event_script(missing, &findings));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "SCRIPT_INVALID");
  EXPECT_EQ(findings[0].message.rfind(missing + ": ", 0), 0u) << findings[0].message;
}
