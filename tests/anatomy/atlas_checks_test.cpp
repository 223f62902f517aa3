// Geometric checks and the report text behind `toxplan atlas info` and `atlas check`.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "anatomy/atlas.h"
#include "anatomy/atlas_checks.h"
#include "anatomy/atlas_report.h"
#include "anatomy_fixtures.h"

namespace toxplan::anatomy {
namespace {

using testing::TempDir;

std::unique_ptr<Atlas> load(const TempDir& dir, const nlohmann::json& manifest) {
  testing::write_manifest(dir.path(), manifest);
  Findings findings;
  auto atlas = Atlas::load(dir.str(), &findings);
  EXPECT_NE(atlas, nullptr) << (findings.empty() ? "" : findings.front().message);
  return atlas;
}

std::vector<const Finding*> with_code(const Findings& findings, const std::string& code) {
  std::vector<const Finding*> out;
  for (const auto& f : findings) {
    if (f.code == code) {
      out.push_back(&f);
    }
  }
  return out;
}

// Bone block x -20..20, y 0..40, z 0..40; muscles placed by each test.
nlohmann::json with_bone(const TempDir& dir) {
  testing::write_obj(dir.path() / "bone.obj", testing::box_mesh({-20, 0, 0}, {20, 40, 40}));
  nlohmann::json m = testing::manifest_header();
  m["structures"].push_back(testing::structure_entry("bone", "bone", "bone.obj"));
  return m;
}

TEST(AtlasChecks, CleanAtlasHasNoFindings) {
  TempDir dir;
  nlohmann::json m = with_bone(dir);
  testing::write_obj(dir.path() / "mL.obj", testing::box_mesh({-20, 40, 0}, {-5, 50, 40}));
  testing::write_obj(dir.path() / "mR.obj", testing::box_mesh({5, 40, 0}, {20, 50, 40}));
  m["structures"].push_back(testing::structure_entry("m_L", "muscle", "mL.obj", "L"));
  m["structures"].push_back(testing::structure_entry("m_R", "muscle", "mR.obj", "R"));
  m["landmarks"].push_back({{"id", "tragion_L"}, {"position", {-70, 0, 0}}});
  m["landmarks"].push_back({{"id", "tragion_R"}, {"position", {70, 1, 0}}});
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  const Findings findings = check_atlas_geometry(*atlas);
  EXPECT_TRUE(findings.empty()) << findings.front().message;
}

TEST(AtlasChecks, MuscleSunkIntoBoneReportsFractionAndDepth) {
  TempDir dir;
  nlohmann::json m = with_bone(dir);
  // A ball of radius 8 centred 2 mm above the bone's top face (y = 40): its lowest vertex,
  // (0, 34, 20), is 6 mm deep, and a bit over a third of its surface is inside.
  testing::write_obj(dir.path() / "m.obj", testing::uv_sphere(8, {0, 42, 20}));
  m["structures"].push_back(testing::structure_entry("m", "muscle", "m.obj"));
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  const Findings findings = check_atlas_geometry(*atlas);
  const auto found = with_code(findings, "MUSCLE_IN_BONE");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::Warning);
  EXPECT_EQ(found[0]->field, "/structures/1");
  const std::string& message = found[0]->message;
  EXPECT_NE(message.find("6.0 mm deep"), std::string::npos) << message;
  const auto percent = message.find("% of its surface");
  ASSERT_NE(percent, std::string::npos) << message;
  const double fraction = std::stod(message.substr(message.rfind(' ', percent) + 1));
  EXPECT_GT(fraction, 25.0);
  EXPECT_LT(fraction, 50.0);
}

TEST(AtlasChecks, ShallowContactIsAllowed) {
  TempDir dir;
  nlohmann::json m = with_bone(dir);
  testing::write_obj(dir.path() / "m.obj", testing::box_mesh({-10, 39.5, 5}, {10, 45, 35}));
  m["structures"].push_back(testing::structure_entry("m", "muscle", "m.obj"));
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  const Findings findings = check_atlas_geometry(*atlas);
  EXPECT_TRUE(with_code(findings, "MUSCLE_IN_BONE").empty());
}

TEST(AtlasChecks, LeftStructureOnThePatientsRightIsAnError) {
  TempDir dir;
  nlohmann::json m = with_bone(dir);
  // Centre at x = +12: the patient's right in RAS, so "L" is wrong and "R" is right.
  testing::write_obj(dir.path() / "m.obj", testing::box_mesh({5, 40, 0}, {19, 50, 40}));
  m["structures"].push_back(testing::structure_entry("m_L", "muscle", "m.obj", "L"));
  m["structures"].push_back(testing::structure_entry("m_R", "muscle", "m.obj", "R"));
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  const Findings findings = check_atlas_geometry(*atlas);
  const auto found = with_code(findings, "STRUCTURE_SIDE_MISMATCH");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::Error);
  EXPECT_EQ(found[0]->field, "/structures/1/side");
  EXPECT_NE(found[0]->message.find("x = 12.0 mm"), std::string::npos) << found[0]->message;
}

TEST(AtlasChecks, LandmarkPairsMustMirror) {
  TempDir dir;
  nlohmann::json m = with_bone(dir);
  m["landmarks"].push_back({{"id", "acromion_L"}, {"position", {-180, 0, -150}}});
  m["landmarks"].push_back({{"id", "acromion_R"}, {"position", {170, 0, -150}}});
  m["landmarks"].push_back({{"id", "zygion_L"}, {"position", {65, 60, 0}}});
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  const Findings findings = check_atlas_geometry(*atlas);
  const auto mirror = with_code(findings, "LANDMARK_NOT_MIRRORED");
  ASSERT_EQ(mirror.size(), 1u);
  EXPECT_NE(mirror[0]->message.find("10.0 mm"), std::string::npos) << mirror[0]->message;
  const auto side = with_code(findings, "LANDMARK_SIDE_MISMATCH");
  ASSERT_EQ(side.size(), 1u);
  EXPECT_EQ(side[0]->field, "/landmarks/2/position");
}

TEST(AtlasReport, FindingLineNamesFileLineAndField) {
  Finding f;
  f.code = "STRUCTURE_KIND_UNKNOWN";
  f.field = "/structures/3/kind";
  f.line = 12;
  f.message = "/a/b/atlas.json line 12 (/structures/3/kind): unknown kind \"x\".";
  EXPECT_EQ(finding_line(f, "atlas.json", "/a/b/atlas.json"),
            "error STRUCTURE_KIND_UNKNOWN atlas.json:12/structures/3/kind: unknown kind \"x\".");
  f.severity = Severity::Warning;
  f.line = 0;
  f.message = "mesh is open.";
  EXPECT_EQ(finding_line(f, "atlas.json", "/a/b/atlas.json"),
            "warning STRUCTURE_KIND_UNKNOWN atlas.json/structures/3/kind: mesh is open.");
}

TEST(AtlasReport, InfoListsStructuresAndLandmarks) {
  TempDir dir;
  nlohmann::json m = with_bone(dir);
  m["landmarks"].push_back({{"id", "nasion"}, {"name", "Nasion"}, {"position", {0, 95, 5}}});
  const auto atlas = load(dir, m);
  ASSERT_NE(atlas, nullptr);
  std::ostringstream text;
  write_atlas_info(*atlas, text);
  const std::string s = text.str();
  EXPECT_NE(s.find("Structures (1)"), std::string::npos);
  EXPECT_NE(s.find("bone "), std::string::npos);
  EXPECT_NE(s.find("64.00"), std::string::npos);  // 40 x 40 x 40 mm = 64 cm3
  EXPECT_NE(s.find("(0.0, 95.0, 5.0) mm  Nasion"), std::string::npos);
  const nlohmann::json j = atlas_info_json(*atlas);
  EXPECT_EQ(j["structures"][0]["triangles"], 12);
  EXPECT_EQ(j["structures"][0]["closed"], true);
  EXPECT_DOUBLE_EQ(j["structures"][0]["volume_cm3"].get<double>(), 64.0);
  EXPECT_EQ(j["structures"][0]["kind"], "bone");
  EXPECT_EQ(j["landmarks"][0]["position_mm"][1], 95.0);
}

}  // namespace
}  // namespace toxplan::anatomy
