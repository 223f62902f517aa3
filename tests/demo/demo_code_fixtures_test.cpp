// Demo script codes with a fixture named after each (tests/fixtures/demos/<code>.json): the
// code, its severity and the field it names, with "step N" in the message of a step's finding.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "demo/demo_loading.h"
#include "demo/demo_script.h"
#include "render/demo_player.h"
#include "support/finding_queries.h"
#include "support/test_paths.h"

using namespace toxplan;

namespace {

using test::all_messages;
using test::with_code;

std::string demo_fixture(const std::string& name) {
  return test::fixtures_dir() + "/demos/" + name;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// References as a default-atlas window answers them (enough for these fixtures).
demo::DemoReferences references() {
  demo::DemoReferences refs;
  refs.structure_or_group = [](const std::string& id) { return id == "frontalis_L"; };
  refs.view = [](const std::string& v) { return v == "anterior" || v == "left"; };
  refs.focus = [](const std::string& id) { return id == "glabella"; };
  refs.label = refs.focus;
  refs.view_names = "anterior, left";
  refs.atlas_id = "schematic";  // the fixture demos name the schematic atlas
  return refs;
}

struct DemoCase {
  const char* file;
  const char* code;
  Severity severity;
  const char* field;
  const char* message;  // text the message must contain
  bool script;          // the script is still read (its other steps play)
};

void PrintTo(const DemoCase& c, std::ostream* os) {
  *os << c.file << " -> " << c.code;
}

class DemoCodeFixture : public ::testing::TestWithParam<DemoCase> {};

}  // namespace

TEST_P(DemoCodeFixture, GivesTheCodeWithItsSeverityAndField) {
  const DemoCase& c = GetParam();
  const std::string path = demo_fixture(c.file);
  demo::DemoLoadResult r = demo::load_demo_script(path);
  if (r.script) demo::check_demo_references(&*r.script, references(), &r.findings, read_text(path));
  EXPECT_EQ(r.script.has_value(), c.script) << all_messages(r.findings);
  const auto found = with_code(r.findings, c.code);
  ASSERT_EQ(found.size(), 1u) << c.file << all_messages(r.findings);
  const Finding& f = *found.front();
  EXPECT_EQ(f.severity, c.severity) << f.message;
  EXPECT_EQ(f.field, c.field) << f.message;
  EXPECT_EQ(f.message.rfind(path + ": ", 0), 0u)
      << "the message starts with the file: " << f.message;
  EXPECT_NE(f.message.find(c.message), std::string::npos) << f.message;
  EXPECT_GT(f.line, 0) << f.message;
}

INSTANTIATE_TEST_SUITE_P(
    Codes, DemoCodeFixture,
    ::testing::Values(
        DemoCase{"demo-atlas-mismatch.json", "DEMO_ATLAS_MISMATCH", Severity::Warning, "/atlas",
                 "written for atlas \"block\" but \"schematic\" is open", true},
        DemoCase{"demo-camera-both.json", "DEMO_CAMERA_BOTH", Severity::Warning,
                 "/steps/0/camera/view",
                 "step 1: field /steps/0/camera/view: both a view and position/focal_point/up are "
                 "given",
                 true},
        DemoCase{"demo-not-a-script.json", "DEMO_NOT_A_SCRIPT", Severity::Error, "/format",
                 "is \"toxplan-plan\", expected \"toxplan-demo\"", false},
        DemoCase{"demo-no-steps.json", "DEMO_NO_STEPS", Severity::Error, "/steps",
                 "the script has no step that can be shown", true},
        DemoCase{"demo-sites-without-plan.json", "DEMO_SITES_WITHOUT_PLAN", Severity::Error,
                 "/steps/0/sites",
                 "step 1: field /steps/0/sites: sites are listed but the step has no \"plan\"",
                 true},
        DemoCase{"demo-spread-without-plan.json", "DEMO_SPREAD_WITHOUT_PLAN", Severity::Warning,
                 "/steps/0/spread_fraction", "there is no \"plan\" whose spread could be shown",
                 true},
        DemoCase{"demo-unknown-site.json", "DEMO_UNKNOWN_SITE", Severity::Error, "/steps/0/sites",
                 "step 1: field /steps/0/sites: the plan has no site \"no_such_site\" and it is "
                 "not a structure "
                 "or group; it is ignored",
                 true},
        DemoCase{"demo-version-newer.json", "DEMO_VERSION_NEWER", Severity::Warning, "/version",
                 "version 99 is newer than this program reads", true}));

TEST(DemoCodeFixtures, TheScriptStillPlaysWhatIsRight) {
  // DEMO_UNKNOWN_SITE keeps the listed site the plan has; DEMO_CAMERA_BOTH keeps the explicit
  // camera and drops the view.
  demo::DemoLoadResult unknown = demo::load_demo_script(demo_fixture("demo-unknown-site.json"));
  ASSERT_TRUE(unknown.script);
  demo::check_demo_references(&*unknown.script, references(), &unknown.findings);
  ASSERT_EQ(unknown.script->steps.size(), 1u);
  EXPECT_EQ(unknown.script->steps[0].sites, std::vector<std::string>{"frontalis_L_1"});
  const demo::DemoLoadResult both = demo::load_demo_script(demo_fixture("demo-camera-both.json"));
  ASSERT_TRUE(both.script);
  ASSERT_TRUE(both.script->steps[0].camera);
  EXPECT_TRUE(both.script->steps[0].camera->view.empty());
  EXPECT_TRUE(both.script->steps[0].camera->explicit_pose());
}

// DEMO_UNREADABLE has two sources: the script reader and the renderer's loader for an atlas.
TEST(DemoCodeFixtures, AMissingScriptIsUnreadableWithItsPath) {
  const std::string missing = test::fixtures_dir() + "/demos/no-such-tour.json";
  const demo::DemoLoadResult r = demo::load_demo_script(missing);
  EXPECT_FALSE(r.script);
  const auto found = with_code(r.findings, "DEMO_UNREADABLE");
  ASSERT_EQ(found.size(), 1u) << all_messages(r.findings);
  EXPECT_EQ(found.front()->severity, Severity::Error);
  EXPECT_NE(found.front()->message.find(missing), std::string::npos) << found.front()->message;

  Findings atlas_findings;
  const auto atlas =
      anatomy::Atlas::load(test::source_dir() + "/assets/atlas/block", &atlas_findings);
  ASSERT_TRUE(atlas) << all_messages(atlas_findings);
  const demo::DemoLoadResult for_atlas = demo::load_demo_for_atlas(missing, *atlas);
  EXPECT_FALSE(for_atlas.script);
  const auto from_player = with_code(for_atlas.findings, "DEMO_UNREADABLE");
  ASSERT_EQ(from_player.size(), 1u) << all_messages(for_atlas.findings);
  EXPECT_EQ(from_player.front()->severity, Severity::Error);
  EXPECT_NE(from_player.front()->message.find(missing), std::string::npos)
      << from_player.front()->message;
}
