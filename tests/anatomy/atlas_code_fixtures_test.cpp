// Atlas manifest codes with a fixture named after each (tests/fixtures/atlases/<code>/): the
// code, its severity and the field it names.
#include <gtest/gtest.h>

#include <string>

#include "anatomy/atlas.h"
#include "anatomy_fixtures.h"
#include "support/test_paths.h"

namespace toxplan::anatomy {
namespace {

std::string atlas_fixture(const std::string& name) {
  return toxplan::test::fixtures_dir() + "/atlases/" + name;
}

int count_code(const Findings& findings, const std::string& code) {
  int n = 0;
  for (const Finding& f : findings)
    n += f.code == code;
  return n;
}

const Finding* find_code(const Findings& findings, const std::string& code) {
  for (const Finding& f : findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

TEST(AtlasCodeFixtures, AManifestThatIsNotAnObjectIsRefused) {
  Findings findings;
  EXPECT_EQ(Atlas::load(atlas_fixture("atlas-not-object"), &findings), nullptr);
  ASSERT_EQ(count_code(findings, "ATLAS_NOT_OBJECT"), 1);
  const Finding& f = *find_code(findings, "ATLAS_NOT_OBJECT");
  EXPECT_EQ(f.severity, Severity::Error);
  EXPECT_EQ(f.field, "");
  EXPECT_NE(f.message.find("atlas-not-object/atlas.json"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("must be a JSON object"), std::string::npos) << f.message;
}

TEST(AtlasCodeFixtures, AnAtlasWithoutStructuresLoadsWithAWarning) {
  Findings findings;
  const auto atlas = Atlas::load(atlas_fixture("atlas-no-structures"), &findings);
  ASSERT_EQ(count_code(findings, "ATLAS_NO_STRUCTURES"), 1);
  const Finding& f = *find_code(findings, "ATLAS_NO_STRUCTURES");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.field, "/structures");
  EXPECT_NE(f.message.find("the atlas has no structures"), std::string::npos) << f.message;
  EXPECT_NE(atlas, nullptr) << "a warning does not refuse the atlas";
}

// 65536 structure entries: written by the test (a 130 kB file of zeros would say less).
TEST(AtlasCodeFixtures, MoreStructuresThanLabelsIsRefusedBeforeReadingThem) {
  testing::TempDir dir;
  nlohmann::json manifest = testing::manifest_header();
  manifest["structures"] = nlohmann::json::array();
  for (int i = 0; i < 65536; ++i)
    manifest["structures"].push_back(0);
  testing::write_manifest(dir.path(), manifest);
  Findings findings;
  EXPECT_EQ(Atlas::load(dir.str(), &findings), nullptr);
  ASSERT_EQ(count_code(findings, "ATLAS_TOO_MANY_STRUCTURES"), 1);
  const Finding& f = *find_code(findings, "ATLAS_TOO_MANY_STRUCTURES");
  EXPECT_EQ(f.severity, Severity::Error);
  EXPECT_EQ(f.field, "/structures");
  EXPECT_NE(f.message.find("at most 65535 structures"), std::string::npos) << f.message;
  // The entries are not read one by one (each would be one more error about a bad entry).
  EXPECT_LT(findings.size(), 5u);
}

}  // namespace
}  // namespace toxplan::anatomy
