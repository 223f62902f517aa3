// The recipe builder end to end on a few real BodyParts3D files (tests/fixtures/bodyparts3d):
// what it writes loads as an atlas, open sources come out closed within tolerance, the 3.0
// muscles are registered onto the 4.0 bones, a rebuild writes the same bytes, and mistakes in
// the recipe are errors that name the entry.
#include "atlas_build/atlas_builder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "anatomy/atlas.h"
#include "atlas_build/recipe.h"
#include "support/test_paths.h"

namespace toxplan::atlas_build {
namespace {

namespace fs = std::filesystem;

std::string fixture_recipe() {
  return test::fixtures_dir() + "/recipes/frontal-corrugator.json";
}
std::string fixture_sources() {
  return test::fixtures_dir() + "/bodyparts3d";
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  return dir;
}

struct BuiltFixture {
  bool ok = false;
  Findings findings;
  fs::path dir;
};

BuiltFixture build_fixture(const std::string& name, const std::string& recipe_path) {
  BuiltFixture out;
  out.dir = fresh_dir(name);
  auto recipe = read_recipe(recipe_path, &out.findings);
  if (!recipe) return out;
  BuildOptions options;
  options.sources_dir = fixture_sources();
  options.out_dir = out.dir.string();
  out.ok = build_atlas(*recipe, options, &out.findings);
  return out;
}

std::string messages(const Findings& findings) {
  std::string text;
  for (const Finding& f : findings)
    text += f.code + ": " + f.message + "\n";
  return text;
}

const nlohmann::json* report_entry(const nlohmann::json& report, const std::string& id) {
  for (const auto& s : report["structures"]) {
    if (s["id"] == id) return &s;
  }
  return nullptr;
}

TEST(AtlasBuilder, BuildsALoadableAtlasWithClosedStructures) {
  const BuiltFixture built = build_fixture("toxplan-build-fixture", fixture_recipe());
  ASSERT_TRUE(built.ok) << messages(built.findings);
  Findings load_findings;
  auto atlas = anatomy::Atlas::load(built.dir.string(), &load_findings);
  ASSERT_TRUE(atlas) << messages(load_findings);
  ASSERT_EQ(atlas->structures().size(), 5u);
  for (const anatomy::Structure& s : atlas->structures()) {
    EXPECT_TRUE(s.closed) << s.id << " is not closed";
    EXPECT_GT(s.volume_cm3, 0.0) << s.id;
  }
  EXPECT_EQ(atlas->find("frontal_bone")->fma_id, "FMA52734");
  EXPECT_EQ(atlas->find("corrugator_supercilii_L")->fma_id, "FMA46797");
  // The corrugator lies on the patient's left (x < 0 in RAS) after LPS -> RAS.
  EXPECT_LT(atlas->surface_centroid_mm(atlas->find("corrugator_supercilii_L")->label).x, 0.0);
  // The procerus's fibres run from the nasal bones up to the frontal bone.
  const anatomy::FibreField& fibre = atlas->find("procerus")->fibre;
  ASSERT_EQ(fibre.type, anatomy::FibreField::Type::Path);
  const Vec3 up = normalized(fibre.path_mm.back() - fibre.path_mm.front());
  EXPECT_GT(up.z, 0.8) << "procerus fibres should be close to vertical";

  const auto report = nlohmann::json::parse(read_bytes(built.dir / "build-report.json"));
  const nlohmann::json* corrugator = report_entry(report, "corrugator_supercilii_L");
  ASSERT_TRUE(corrugator);
  ASSERT_TRUE(corrugator->contains("closing")) << "the 3.0 corrugator is open and must be closed";
  EXPECT_GT((*corrugator)["closing"]["boundary_edges_before"].get<int>(), 50);
  EXPECT_LE((*corrugator)["closing"]["hausdorff_mm"].get<double>(), 0.5);
  const auto& registration = report["registration"]["bp3d-3.0"];
  ASSERT_FALSE(registration.is_null());
  EXPECT_LE(registration["median_residual_mm"].get<double>(),
            registration["median_residual_before_mm"].get<double>());
  EXPECT_TRUE(fs::exists(built.dir / "meshes" / "frontal_bone.ply"));
}

TEST(AtlasBuilder, ARebuildWritesTheSameBytes) {
  const BuiltFixture first = build_fixture("toxplan-build-first", fixture_recipe());
  const BuiltFixture second = build_fixture("toxplan-build-second", fixture_recipe());
  ASSERT_TRUE(first.ok && second.ok) << messages(first.findings) << messages(second.findings);
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(first.dir)) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), first.dir);
    EXPECT_EQ(read_bytes(entry.path()), read_bytes(second.dir / relative))
        << relative << " differs between two builds";
    ++files;
  }
  EXPECT_GE(files, 7);  // manifest, report, five meshes
}

std::string patched_recipe(const std::string& name, const std::string& from,
                           const std::string& to) {
  std::string text = read_bytes(fixture_recipe());
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  const std::string path = (fs::temp_directory_path() / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(AtlasBuilder, AMissingSourceNamesTheRecipeEntry) {
  const BuiltFixture built =
      build_fixture("toxplan-build-missing",
                    patched_recipe("toxplan-recipe-missing.json", "\"FMA46797\"", "\"FMA46759\""));
  EXPECT_FALSE(built.ok);
  ASSERT_FALSE(built.findings.empty());
  EXPECT_EQ(built.findings[0].code, "RECIPE_SOURCE_MISSING");
  EXPECT_EQ(built.findings[0].field, "/structures/3/sources/0");
  EXPECT_NE(built.findings[0].message.find("corrugator_supercilii_L"), std::string::npos);
  EXPECT_NE(built.findings[0].message.find("FMA46759"), std::string::npos);
  EXPECT_FALSE(fs::exists(built.dir / "atlas.json"));
}

TEST(AtlasBuilder, AStructureOnTheWrongSideIsAnError) {
  // The right nasal bone's file declared as the left one (as BodyParts3D does with its middle
  // pharyngeal constrictors).
  const BuiltFixture built =
      build_fixture("toxplan-build-side",
                    patched_recipe("toxplan-recipe-side.json", "\"sources\": [\"Left nasal bone\"]",
                                   "\"sources\": [\"Right nasal bone\"]"));
  EXPECT_FALSE(built.ok);
  bool found = false;
  for (const Finding& f : built.findings) {
    if (f.code == "RECIPE_SIDE_MISMATCH") {
      found = true;
      EXPECT_EQ(f.field, "/structures/1/side");
      EXPECT_NE(f.message.find("nasal_bone_L"), std::string::npos);
    }
  }
  EXPECT_TRUE(found) << messages(built.findings);
}

}  // namespace
}  // namespace toxplan::atlas_build

namespace toxplan::atlas_build {
namespace {

const Finding* first_with(const Findings& findings, const std::string& code) {
  for (const Finding& f : findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

TEST(AtlasBuilderErrors, ClosingOverTheRecipesToleranceIsAnError) {
  // The corrugator closes to within 0.04 mm; a tolerance of 0.001 mm refuses it.
  const BuiltFixture built =
      build_fixture("toxplan-build-tolerance",
                    patched_recipe("toxplan-recipe-tolerance.json", "\"display_triangles\": 2000",
                                   "\"display_triangles\": 2000, \"close_tolerance_mm\": 0.001"));
  EXPECT_FALSE(built.ok);
  const Finding* f = first_with(built.findings, "CLOSING_OVER_TOLERANCE");
  ASSERT_TRUE(f) << messages(built.findings);
  EXPECT_EQ(f->field, "/structures/3/sources/0");
}

TEST(AtlasBuilderErrors, EverythingBelowTheCutIsAnError) {
  const BuiltFixture built = build_fixture(
      "toxplan-build-cut", patched_recipe("toxplan-recipe-cut.json", "\"cut_below_z_mm\": -200",
                                          "\"cut_below_z_mm\": 100000"));
  EXPECT_FALSE(built.ok);
  const Finding* f = first_with(built.findings, "STRUCTURE_BELOW_CUT");
  ASSERT_TRUE(f) << messages(built.findings);
  EXPECT_EQ(f->field, "/structures/0");
}

TEST(AtlasBuilderErrors, AMissingLicenceFileIsAnError) {
  const BuiltFixture built = build_fixture(
      "toxplan-build-licence",
      patched_recipe(
          "toxplan-recipe-licence.json", "\"licence\": \"CC BY-SA 2.1 JP\",",
          "\"licence\": \"CC BY-SA 2.1 JP\", \"licence_file\": \"no-such-licence.txt\","));
  EXPECT_FALSE(built.ok);
  const Finding* f = first_with(built.findings, "RECIPE_LICENCE_MISSING");
  ASSERT_TRUE(f) << messages(built.findings);
  EXPECT_EQ(f->field, "/atlas/licence_file");
}

TEST(AtlasBuilderErrors, DerivedStructuresWithoutTheSkinAreAnError) {
  const BuiltFixture built = build_fixture(
      "toxplan-build-skin",
      patched_recipe("toxplan-recipe-skin.json", "\"structures\": [",
                     "\"structures\": [{\"id\": \"skin\", \"name\": \"Skin\", \"kind\": \"skin\", "
                     "\"side\": \"midline\", \"derived\": \"skin_shell\"},"));
  EXPECT_FALSE(built.ok);
  const Finding* f = first_with(built.findings, "RECIPE_SKIN_MISSING");
  ASSERT_TRUE(f) << messages(built.findings);
  EXPECT_EQ(f->field, "/skin_source");
}

TEST(AtlasBuilderErrors, AMissingSourcesFolderOrUnwritableOutputIsAnError) {
  Findings findings;
  auto recipe = read_recipe(fixture_recipe(), &findings);
  ASSERT_TRUE(recipe);
  BuildOptions options;
  options.sources_dir = "/nonexistent/bodyparts3d";
  options.out_dir = fresh_dir("toxplan-build-nosources").string();
  EXPECT_FALSE(build_atlas(*recipe, options, &findings));
  ASSERT_TRUE(first_with(findings, "SOURCES_MISSING"));
  EXPECT_NE(first_with(findings, "SOURCES_MISSING")->message.find("--sources"), std::string::npos);

  // An output folder under a file cannot be created: the build stops with the reason.
  const fs::path file = fs::temp_directory_path() / "toxplan-build-a-file";
  std::ofstream(file) << "x";
  Findings out_findings;
  options.sources_dir = fixture_sources();
  options.out_dir = (file / "atlas").string();
  EXPECT_FALSE(build_atlas(*recipe, options, &out_findings));
  ASSERT_TRUE(first_with(out_findings, "ATLAS_BUILD_FAILED")) << messages(out_findings);
}

}  // namespace
}  // namespace toxplan::atlas_build
