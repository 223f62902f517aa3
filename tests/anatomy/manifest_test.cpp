// Manifest parsing: every error code, with the field pointer, line and file it must name.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <new>
#include <sstream>
#include <stdexcept>

#include <vtkPolyData.h>

#include "anatomy/atlas.h"
#include "anatomy/atlas_report.h"
#include "anatomy/manifest.h"
#include "anatomy_fixtures.h"
#include "support/test_paths.h"

namespace toxplan::anatomy {
namespace {

using testing::TempDir;

const Finding* find_code(const Findings& findings, const std::string& code) {
  const auto it = std::find_if(findings.begin(), findings.end(),
                               [&](const Finding& f) { return f.code == code; });
  return it == findings.end() ? nullptr : &*it;
}

// A valid one-structure atlas (a 10 mm cube) that each test then breaks in one way.
nlohmann::json valid_manifest(const TempDir& dir) {
  testing::write_obj(dir.path() / "meshes/cube.obj", testing::box_mesh({0, 0, 0}, {10, 10, 10}));
  nlohmann::json m = testing::manifest_header();
  m["structures"].push_back(testing::structure_entry("cube", "muscle", "meshes/cube.obj", "R"));
  m["landmarks"].push_back({{"id", "nasion"}, {"name", "Nasion"}, {"position", {0, 95, 5}}});
  return m;
}

// Loads `manifest` written into `dir`; expects failure and returns the finding with `code`.
Finding expect_load_error(const TempDir& dir, const nlohmann::json& manifest,
                          const std::string& code) {
  testing::write_manifest(dir.path(), manifest);
  Findings findings;
  const auto atlas = Atlas::load(dir.str(), &findings);
  EXPECT_EQ(atlas, nullptr);
  const Finding* f = find_code(findings, code);
  EXPECT_NE(f, nullptr) << "no " << code;
  if (f == nullptr) {
    return {};
  }
  EXPECT_EQ(f->severity, Severity::Error);
  return *f;
}

// 1-based line of the first occurrence of `needle` in the manifest as written (nlohmann sorts
// keys, so the line is not where the test's code puts the field).
int line_in_written(const nlohmann::json& manifest, const std::string& needle) {
  const std::string text = manifest.dump(2);
  const auto pos = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
}

TEST(Manifest, ValidManifestLoadsWithAllFields) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"][0]["fma_id"] = "FMA46756";
  m["structures"][0]["danger"] = {{"adverse_effect", "eyelid ptosis"}};
  m["structures"][0]["fibre"] = {{"type", "constant"}, {"direction", {0, 0, 2}}};
  m["licence"] = "CC0";
  testing::write_manifest(dir.path(), m);
  Findings findings;
  const auto atlas = Atlas::load(dir.str(), &findings);
  ASSERT_NE(atlas, nullptr);
  EXPECT_TRUE(findings.empty()) << findings.front().message;
  EXPECT_EQ(atlas->id(), "test");
  EXPECT_EQ(atlas->version(), "0.1.0");
  EXPECT_EQ(atlas->name(), "Test atlas");
  EXPECT_EQ(atlas->licence(), "CC0");
  ASSERT_EQ(atlas->structures().size(), 1u);
  const Structure& s = atlas->structures()[0];
  EXPECT_EQ(s.id, "cube");
  EXPECT_EQ(s.kind, StructureKind::Muscle);
  EXPECT_EQ(s.side, "R");
  EXPECT_EQ(s.fma_id, "FMA46756");
  EXPECT_TRUE(s.danger);
  EXPECT_EQ(s.adverse_effect, "eyelid ptosis");
  EXPECT_EQ(s.priority, 2);
  EXPECT_EQ(s.label, 1);
  EXPECT_EQ(s.fibre.type, FibreField::Type::Constant);
  EXPECT_DOUBLE_EQ(s.fibre.direction.z, 1.0);  // normalised on load
  EXPECT_EQ(atlas->find("cube"), &s);
  EXPECT_EQ(atlas->by_label(1), &s);
  EXPECT_EQ(atlas->by_label(0), nullptr);
  EXPECT_EQ(atlas->by_label(2), nullptr);
  ASSERT_NE(atlas->landmark("nasion"), nullptr);
  EXPECT_DOUBLE_EQ(atlas->landmark("nasion")->position_mm.y, 95.0);
  EXPECT_EQ(atlas->landmark("inion"), nullptr);
}

TEST(Manifest, DefaultPrioritiesFollowKind) {
  EXPECT_EQ(default_priority(StructureKind::Skin), 0);
  EXPECT_EQ(default_priority(StructureKind::Fat), 1);
  EXPECT_EQ(default_priority(StructureKind::Muscle), 2);
  EXPECT_EQ(default_priority(StructureKind::Bone), 2);
}

TEST(Manifest, KindNamesRoundTrip) {
  for (StructureKind k :
       {StructureKind::Skin, StructureKind::Fat, StructureKind::Muscle, StructureKind::Bone,
        StructureKind::Organ, StructureKind::Nerve, StructureKind::Vessel, StructureKind::Other}) {
    StructureKind back = StructureKind::Other;
    ASSERT_TRUE(kind_from_name(kind_name(k), &back));
    EXPECT_EQ(back, k);
  }
  EXPECT_FALSE(kind_from_name("tendon", nullptr));
  EXPECT_STREQ(kind_name(StructureKind::Muscle), "muscle");
}

TEST(Manifest, MissingManifestNamesTheFolderAndWhatAnAtlasFolderHolds) {
  TempDir dir;
  Findings findings;
  EXPECT_EQ(Atlas::load(dir.str(), &findings), nullptr);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "ATLAS_MANIFEST_MISSING");
  EXPECT_EQ(findings[0].message, dir.str() +
                                     " has no atlas.json; an atlas folder holds atlas.json and "
                                     "its meshes (docs/atlas-format.md).");
  EXPECT_TRUE(manifest_unreadable(findings));
}

// A mistyped folder is not "a folder without a manifest": say that the folder does not exist.
TEST(Manifest, FolderThatDoesNotExistIsSaidToNotExist) {
  TempDir dir;
  const std::string missing = (dir.path() / "no-such-atlas").string();
  Findings findings;
  EXPECT_EQ(Atlas::load(missing, &findings), nullptr);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "ATLAS_FOLDER_MISSING");
  EXPECT_EQ(findings[0].message, "atlas folder " + missing + " does not exist; check the path.");
  EXPECT_EQ(findings[0].message.find("manifest"), std::string::npos);
  EXPECT_TRUE(manifest_unreadable(findings));
}

TEST(Manifest, AFileGivenAsTheFolderIsSaidToBeAFile) {
  TempDir dir;
  testing::write_text(dir.path() / "atlas.json", "{}");
  const std::string file = (dir.path() / "atlas.json").string();
  Findings findings;
  EXPECT_EQ(Atlas::load(file, &findings), nullptr);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "ATLAS_FOLDER_MISSING");
  EXPECT_EQ(findings[0].message, file +
                                     " is a file, not an atlas folder; give the folder that holds "
                                     "atlas.json and its meshes.");
}

TEST(Manifest, MalformedJsonGivesTheLine) {
  TempDir dir;
  testing::write_text(dir.path() / "atlas.json",
                      "{\n  \"format\": \"toxplan-atlas\",\n  \"version\": 1,,\n}\n");
  Findings findings;
  EXPECT_EQ(Atlas::load(dir.str(), &findings), nullptr);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "ATLAS_JSON_MALFORMED");
  EXPECT_EQ(findings[0].line, 3);
  EXPECT_NE(findings[0].message.find("atlas.json:3: not valid JSON ("), std::string::npos)
      << findings[0].message;
  EXPECT_TRUE(manifest_unreadable(findings));
}

TEST(Manifest, NullFindingsPointerIsAccepted) {
  TempDir dir;
  EXPECT_EQ(Atlas::load(dir.str(), nullptr), nullptr);
}

TEST(Manifest, WrongFormat) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["format"] = "toxplan-plan";
  const Finding f = expect_load_error(dir, m, "ATLAS_FORMAT_WRONG");
  EXPECT_EQ(f.field, "/format");
  EXPECT_EQ(f.line, line_in_written(m, "\"format\""));
  EXPECT_GT(f.line, 1);
}

TEST(Manifest, NewerVersionIsRefused) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["version"] = 2;
  const Finding f = expect_load_error(dir, m, "ATLAS_VERSION_NEWER");
  EXPECT_EQ(f.field, "/version");
  EXPECT_NE(f.message.find("newer"), std::string::npos);
}

TEST(Manifest, NonIntegerVersion) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["version"] = "1";
  EXPECT_EQ(expect_load_error(dir, m, "ATLAS_FIELD_TYPE").field, "/version");
}

TEST(Manifest, MissingStructureFieldNamesPointerAndLine) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"][0].erase("kind");
  const Finding f = expect_load_error(dir, m, "ATLAS_FIELD_MISSING");
  EXPECT_EQ(f.field, "/structures/0/kind");
  EXPECT_GT(f.line, 1);  // nearest existing ancestor: the structure object
  EXPECT_NE(f.message.find("\"kind\""), std::string::npos);
  EXPECT_NE(f.message.find("atlas.json"), std::string::npos);
}

TEST(Manifest, MistypedFieldGivesItsLine) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"][0]["name"] = 5;
  const int expected_line = line_in_written(m, "\"name\": 5");
  const Finding f = expect_load_error(dir, m, "ATLAS_FIELD_TYPE");
  EXPECT_EQ(f.field, "/structures/0/name");
  EXPECT_EQ(f.line, expected_line);
  EXPECT_NE(f.message.find("a number"), std::string::npos);
}

TEST(Manifest, MissingStructuresArray) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m.erase("structures");
  EXPECT_EQ(expect_load_error(dir, m, "ATLAS_FIELD_MISSING").field, "/structures");
}

TEST(Manifest, UnknownKind) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"][0]["kind"] = "muscel";
  const Finding f = expect_load_error(dir, m, "STRUCTURE_KIND_UNKNOWN");
  EXPECT_EQ(f.field, "/structures/0/kind");
  EXPECT_NE(f.message.find("muscel"), std::string::npos);
}

TEST(Manifest, BadSide) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"][0]["side"] = "left";
  EXPECT_EQ(expect_load_error(dir, m, "STRUCTURE_SIDE_INVALID").field, "/structures/0/side");
}

TEST(Manifest, BadColour) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"][0]["colour"] = {1.5, 0, 0};
  EXPECT_EQ(expect_load_error(dir, m, "STRUCTURE_COLOUR_INVALID").field, "/structures/0/colour");
  m["structures"][0]["colour"] = {0.1, 0.2};
  EXPECT_EQ(expect_load_error(dir, m, "STRUCTURE_COLOUR_INVALID").field, "/structures/0/colour");
}

TEST(Manifest, DuplicateStructureId) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"].push_back(m["structures"][0]);
  EXPECT_EQ(expect_load_error(dir, m, "STRUCTURE_ID_DUPLICATE").field, "/structures/1/id");
}

TEST(Manifest, DuplicateLandmarkId) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["landmarks"].push_back(m["landmarks"][0]);
  EXPECT_EQ(expect_load_error(dir, m, "LANDMARK_ID_DUPLICATE").field, "/landmarks/1/id");
}

TEST(Manifest, LandmarkPositionMustBeThreeNumbers) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["landmarks"][0]["position"] = {0, 1};
  EXPECT_EQ(expect_load_error(dir, m, "ATLAS_FIELD_TYPE").field, "/landmarks/0/position");
}

TEST(Manifest, UnknownUnitsAndCoordinateSystem) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["units"] = "inch";
  EXPECT_EQ(expect_load_error(dir, m, "ATLAS_UNITS_UNKNOWN").field, "/units");
  m["units"] = "mm";
  m["coordinate_system"] = "RAI";
  EXPECT_EQ(expect_load_error(dir, m, "ATLAS_COORDINATES_UNKNOWN").field, "/coordinate_system");
}

TEST(Manifest, TransformMustBeSixteenNumbersAffine) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["transform"] = {1, 0, 0};
  EXPECT_EQ(expect_load_error(dir, m, "ATLAS_TRANSFORM_INVALID").field, "/transform");
  m["transform"] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1};
  EXPECT_EQ(expect_load_error(dir, m, "ATLAS_TRANSFORM_INVALID").field, "/transform");
}

TEST(Manifest, BadFibre) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"][0]["fibre"] = {{"type", "constant"}, {"direction", {0, 0, 0}}};
  EXPECT_EQ(expect_load_error(dir, m, "STRUCTURE_FIBRE_INVALID").field,
            "/structures/0/fibre/direction");
  m["structures"][0]["fibre"] = {{"type", "spiral"}};
  EXPECT_EQ(expect_load_error(dir, m, "STRUCTURE_FIBRE_INVALID").field, "/structures/0/fibre/type");
  m["structures"][0]["fibre"] = {{"type", "path"}, {"points", {{0, 0, 0}}}};
  EXPECT_EQ(expect_load_error(dir, m, "STRUCTURE_FIBRE_INVALID").field,
            "/structures/0/fibre/points");
}

TEST(Manifest, FibreOnBoneIsAWarning) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"][0]["kind"] = "bone";
  m["structures"][0]["fibre"] = {{"type", "converge"}, {"point", {0, 0, 0}}};
  m["structures"][0]["colr"] = {1, 0, 0};
  testing::write_manifest(dir.path(), m);
  Findings findings;
  const auto atlas = Atlas::load(dir.str(), &findings);
  ASSERT_NE(atlas, nullptr);
  const Finding* f = find_code(findings, "STRUCTURE_FIBRE_IGNORED");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::Warning);
  EXPECT_EQ(atlas->structures()[0].fibre.type, FibreField::Type::None);
  const Finding* unknown = find_code(findings, "ATLAS_FIELD_UNKNOWN");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->field, "/structures/0/colr");
}

TEST(Manifest, MissingMeshFileNamesIt) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"][0]["mesh"] = "meshes/nowhere.obj";
  const Finding f = expect_load_error(dir, m, "MESH_FILE_MISSING");
  EXPECT_EQ(f.field, "/structures/0/mesh");
  EXPECT_NE(f.message.find("meshes/nowhere.obj"), std::string::npos);
  EXPECT_NE(f.message.find("cube"), std::string::npos);
}

TEST(Manifest, UnreadableMesh) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  testing::write_text(dir.path() / "meshes/junk.ply",
                      "ply\nformat nonsense 9\nend_header\n\x01\x02");
  m["structures"][0]["mesh"] = {"meshes/cube.obj", "meshes/junk.ply"};
  const Finding f = expect_load_error(dir, m, "MESH_UNREADABLE");
  EXPECT_EQ(f.field, "/structures/0/mesh/1");
  EXPECT_NE(f.message.find("junk.ply"), std::string::npos);
}

TEST(Manifest, MeshWithoutTrianglesIsEmpty) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  testing::write_text(dir.path() / "meshes/lines.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nl 1 2\nl 2 3\n");
  m["structures"][0]["mesh"] = "meshes/lines.obj";
  testing::write_manifest(dir.path(), m);
  Findings findings;
  EXPECT_EQ(Atlas::load(dir.str(), &findings), nullptr);
  // Assimp itself may refuse a file with no faces; either way the user is told the mesh has
  // no usable surface.
  const bool told = find_code(findings, "MESH_EMPTY") || find_code(findings, "MESH_UNREADABLE");
  EXPECT_TRUE(told);
}

TEST(Manifest, FaceNamingAMissingVertexIsReportedNotACrash) {
  // A binary PLY whose second face names vertex 99 of 4: a damaged file.
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  std::string ply =
      "ply\nformat binary_little_endian 1.0\nelement vertex 4\nproperty float x\n"
      "property float y\nproperty float z\nelement face 2\n"
      "property list uchar int vertex_indices\nend_header\n";
  const float vertices[12] = {0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0, 10};
  ply.append(reinterpret_cast<const char*>(vertices), sizeof vertices);
  for (const std::array<std::int32_t, 3> face :
       {std::array<std::int32_t, 3>{0, 1, 2}, std::array<std::int32_t, 3>{0, 3, 99}}) {
    ply.push_back(3);
    ply.append(reinterpret_cast<const char*>(face.data()), sizeof(std::int32_t) * 3);
  }
  testing::write_text(dir.path() / "meshes/damaged.ply", ply);
  m["structures"][0]["mesh"] = "meshes/damaged.ply";
  testing::write_manifest(dir.path(), m);
  // Assimp 5.2 drops such a face itself; the importer also refuses one that reaches it
  // (MESH_FACE_INDEX_INVALID). Either way no crash, and never a triangle with a missing corner.
  Findings findings;
  const auto atlas = Atlas::load(dir.str(), &findings);
  if (atlas == nullptr) {
    ASSERT_FALSE(findings.empty());
    EXPECT_NE(findings[0].message.find("damaged.ply"), std::string::npos) << findings[0].message;
  } else {
    const Structure* cube = atlas->find("cube");
    ASSERT_NE(cube, nullptr);
    EXPECT_EQ(cube->mesh->GetNumberOfCells(), 1);
  }
}

TEST(Manifest, NonFiniteCoordinates) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  // Finite in the file, but the manifest's transform overflows it to infinity.
  m["transform"] = {1e308, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
  const Finding f = expect_load_error(dir, m, "MESH_NON_FINITE");
  EXPECT_NE(f.message.find("cube.obj"), std::string::npos);
}

TEST(Manifest, StructureArrayOfWrongTypesNeverThrows) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"] = {1, "x", nullptr, {{"id", 3}, {"mesh", {1, 2}}}};
  m["landmarks"] = "none";
  testing::write_manifest(dir.path(), m);
  Findings findings;
  EXPECT_NO_THROW({ EXPECT_EQ(Atlas::load(dir.str(), &findings), nullptr); });
  EXPECT_GE(std::count_if(findings.begin(), findings.end(),
                          [](const Finding& f) { return f.code == "ATLAS_FIELD_TYPE"; }),
            5);
}

TEST(Manifest, KeepGoingLoadsTheValidStructures) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  m["structures"].push_back(testing::structure_entry("ghost", "muscle", "meshes/ghost.obj"));
  m["structures"].push_back(testing::structure_entry("cube2", "bone", "meshes/cube.obj"));
  testing::write_manifest(dir.path(), m);
  Findings findings;
  EXPECT_EQ(Atlas::load(dir.str(), &findings), nullptr);
  findings.clear();
  AtlasLoadOptions options;
  options.keep_going = true;
  const auto atlas = Atlas::load(dir.str(), &findings, options);
  ASSERT_NE(atlas, nullptr);
  EXPECT_TRUE(has_errors(findings));
  ASSERT_EQ(atlas->structures().size(), 2u);
  EXPECT_EQ(atlas->structures()[1].id, "cube2");
  EXPECT_EQ(atlas->structures()[1].label, 2);  // labels stay dense
  EXPECT_EQ(atlas->find("ghost"), nullptr);
}

// Meshes are read on the shared pool (base/parallel_for.h). An exception on a loading thread
// (here from the progress callback, on every structure so that each thread meets one) used to
// escape its std::thread and end the process; now the load fails with the reason.
TEST(Manifest, AnExceptionOnALoadingThreadFailsTheLoadWithTheReason) {
  TempDir dir;
  nlohmann::json m = valid_manifest(dir);
  for (int i = 2; i <= 8; ++i)
    m["structures"].push_back(
        testing::structure_entry("cube" + std::to_string(i), "bone", "meshes/cube.obj"));
  testing::write_manifest(dir.path(), m);
  AtlasLoadOptions options;
  std::atomic<int> read{0};
  options.structure_read = [&read](const std::string& id) {
    ++read;
    throw std::runtime_error("cancelled after " + id);
  };
  Findings findings;
  EXPECT_EQ(Atlas::load(dir.str(), &findings, options), nullptr);
  EXPECT_GE(read.load(), 1);
  const Finding* f = find_code(findings, "ATLAS_LOAD_FAILED");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("could not be loaded (cancelled after cube"), std::string::npos)
      << f->message;

  options.structure_read = [](const std::string&) { throw std::bad_alloc(); };
  findings.clear();
  EXPECT_EQ(Atlas::load(dir.str(), &findings, options), nullptr);
  f = find_code(findings, "ATLAS_LOAD_FAILED");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("out of memory while loading the atlas"), std::string::npos)
      << f->message;

  options.structure_read = nullptr;  // the same folder loads once nothing throws
  findings.clear();
  EXPECT_NE(Atlas::load(dir.str(), &findings, options), nullptr);
}

TEST(Manifest, DefaultDirHonoursEnvironment) {
  ::unsetenv("TOXPLAN_ATLAS_DIR");
  EXPECT_EQ(Atlas::default_dir(), toxplan::test::source_dir() + "/assets/atlas/default");
  ::setenv("TOXPLAN_ATLAS_DIR", "/tmp/other_atlas", 1);
  EXPECT_EQ(Atlas::default_dir(), "/tmp/other_atlas");
  ::unsetenv("TOXPLAN_ATLAS_DIR");
}

}  // namespace
}  // namespace toxplan::anatomy

namespace toxplan::anatomy {
namespace {

TEST(ManifestDerived, ADerivedStructureSaysHowItWasMadeInAtlasInfo) {
  testing::TempDir dir;
  nlohmann::json m = testing::manifest_header();
  testing::write_obj(dir.path() / "meshes/cube.obj", testing::box_mesh({0, 0, 0}, {10, 10, 10}));
  nlohmann::json s = testing::structure_entry("frontalis_R", "muscle", "meshes/cube.obj", "R");
  s["derived"] = {{"method", "band under the fat over the forehead"},
                  {"sources", {"anatomy-dimensions.md S4"}}};
  m["structures"].push_back(s);
  testing::write_manifest(dir.path(), m);
  Findings findings;
  const auto atlas = Atlas::load(dir.str(), &findings);
  ASSERT_TRUE(atlas);
  for (const Finding& f : findings)
    EXPECT_NE(f.code, "ATLAS_FIELD_UNKNOWN") << f.message;
  const Structure* frontalis = atlas->find("frontalis_R");
  ASSERT_TRUE(frontalis && frontalis->derived());
  EXPECT_EQ(frontalis->derived_sources, std::vector<std::string>{"anatomy-dimensions.md S4"});
  std::ostringstream info;
  write_atlas_info(*atlas, info);
  EXPECT_NE(info.str().find("Derived structures"), std::string::npos) << info.str();
  EXPECT_NE(info.str().find("band under the fat over the forehead"), std::string::npos);
}

TEST(ManifestDerived, ADerivedFieldWithoutAMethodIsAnError) {
  testing::TempDir dir;
  nlohmann::json m = testing::manifest_header();
  testing::write_obj(dir.path() / "meshes/cube.obj", testing::box_mesh({0, 0, 0}, {10, 10, 10}));
  nlohmann::json s = testing::structure_entry("frontalis_R", "muscle", "meshes/cube.obj", "R");
  s["derived"] = {{"sources", {"x"}}};
  m["structures"].push_back(s);
  testing::write_manifest(dir.path(), m);
  Findings findings;
  EXPECT_FALSE(Atlas::load(dir.str(), &findings));
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].field, "/structures/0/derived");
}

}  // namespace
}  // namespace toxplan::anatomy
