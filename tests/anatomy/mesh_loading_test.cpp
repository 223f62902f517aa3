// Mesh loading through Assimp: every format, unit scaling, LPS, transform, merged files,
// outward normals, volume and closedness.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include <vtkDataArray.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>

#include "anatomy/atlas.h"
#include "anatomy_fixtures.h"

namespace toxplan::anatomy {
namespace {

using testing::TempDir;

// Writes one structure named "s" with the given mesh file(s) and loads it.
std::unique_ptr<Atlas> load_single(const TempDir& dir, const nlohmann::json& mesh,
                                   Findings* findings,
                                   const nlohmann::json& header_overrides = {}) {
  nlohmann::json m = testing::manifest_header();
  for (const auto& [key, value] : header_overrides.items()) {
    m[key] = value;
  }
  nlohmann::json s = testing::structure_entry("s", "muscle", "");
  s["mesh"] = mesh;
  m["structures"].push_back(s);
  testing::write_manifest(dir.path(), m);
  return Atlas::load(dir.str(), findings);
}

struct FormatCase {
  const char* file;
  void (*write)(const std::filesystem::path&, const testing::Mesh&);
};

void write_stl_ascii(const std::filesystem::path& p, const testing::Mesh& m) {
  testing::write_stl(p, m, false);
}
void write_stl_binary(const std::filesystem::path& p, const testing::Mesh& m) {
  testing::write_stl(p, m, true);
}
void write_ply_ascii(const std::filesystem::path& p, const testing::Mesh& m) {
  testing::write_ply(p, m, false);
}
void write_ply_binary(const std::filesystem::path& p, const testing::Mesh& m) {
  testing::write_ply(p, m, true);
}

class MeshFormat : public ::testing::TestWithParam<FormatCase> {};

TEST_P(MeshFormat, BoxLoadsWithExactGeometry) {
  TempDir dir;
  const FormatCase& c = GetParam();
  c.write(dir.path() / c.file, testing::box_mesh({1, 2, 3}, {11, 22, 33}));
  Findings findings;
  const auto atlas = load_single(dir, c.file, &findings);
  ASSERT_NE(atlas, nullptr) << (findings.empty() ? "" : findings.front().message);
  EXPECT_TRUE(findings.empty());
  const Structure& s = atlas->structures()[0];
  ASSERT_NE(s.mesh, nullptr);
  EXPECT_EQ(s.mesh->GetNumberOfPolys(), 12);
  EXPECT_EQ(s.mesh->GetNumberOfPoints(), 8);  // welded, even from STL's per-face vertices
  EXPECT_TRUE(s.closed);
  EXPECT_NEAR(s.volume_cm3, 10 * 20 * 30 / 1000.0, 1e-6);
  const Box b = atlas->bounds();
  EXPECT_NEAR(b.min_mm.x, 1, 1e-5);
  EXPECT_NEAR(b.min_mm.y, 2, 1e-5);
  EXPECT_NEAR(b.min_mm.z, 3, 1e-5);
  EXPECT_NEAR(b.max_mm.x, 11, 1e-5);
  EXPECT_NEAR(b.max_mm.y, 22, 1e-5);
  EXPECT_NEAR(b.max_mm.z, 33, 1e-5);
  EXPECT_EQ(atlas->label_at({6, 12, 18}), 1);
  EXPECT_EQ(atlas->label_at({6, 12, 34}), 0);
}

INSTANTIATE_TEST_SUITE_P(Formats, MeshFormat,
                         ::testing::Values(FormatCase{"box.obj", testing::write_obj},
                                           FormatCase{"box_ascii.stl", write_stl_ascii},
                                           FormatCase{"box_binary.stl", write_stl_binary},
                                           FormatCase{"box_ascii.ply", write_ply_ascii},
                                           FormatCase{"box_binary.ply", write_ply_binary},
                                           FormatCase{"box.gltf", testing::write_gltf}),
                         [](const ::testing::TestParamInfo<FormatCase>& param_info) {
                           std::string name = param_info.param.file;
                           for (char& ch : name) {
                             if (ch == '.') {
                               ch = '_';
                             }
                           }
                           return name;
                         });

TEST(MeshLoading, CentimetresAreScaledToMillimetres) {
  TempDir dir;
  testing::write_obj(dir.path() / "box.obj", testing::box_mesh({0, 0, 0}, {1, 2, 3}));
  Findings findings;
  const auto atlas = load_single(dir, "box.obj", &findings, {{"units", "cm"}});
  ASSERT_NE(atlas, nullptr);
  EXPECT_NEAR(atlas->bounds().max_mm.x, 10, 1e-9);
  EXPECT_NEAR(atlas->bounds().max_mm.y, 20, 1e-9);
  EXPECT_NEAR(atlas->bounds().max_mm.z, 30, 1e-9);
  EXPECT_NEAR(atlas->structures()[0].volume_cm3, 6.0, 1e-9);
}

TEST(MeshLoading, MetresAreScaledToMillimetres) {
  TempDir dir;
  testing::write_obj(dir.path() / "box.obj", testing::box_mesh({0, 0, 0}, {0.01, 0.02, 0.03}));
  Findings findings;
  const auto atlas = load_single(dir, "box.obj", &findings, {{"units", "m"}});
  ASSERT_NE(atlas, nullptr);
  EXPECT_NEAR(atlas->bounds().max_mm.z, 30, 1e-4);
}

TEST(MeshLoading, LpsNegatesXAndY) {
  TempDir dir;
  testing::write_obj(dir.path() / "box.obj", testing::box_mesh({1, 2, 3}, {4, 5, 6}));
  Findings findings;
  const auto atlas = load_single(dir, "box.obj", &findings, {{"coordinate_system", "LPS"}});
  ASSERT_NE(atlas, nullptr);
  const Box b = atlas->bounds();
  EXPECT_DOUBLE_EQ(b.min_mm.x, -4);
  EXPECT_DOUBLE_EQ(b.max_mm.x, -1);
  EXPECT_DOUBLE_EQ(b.min_mm.y, -5);
  EXPECT_DOUBLE_EQ(b.max_mm.y, -2);
  EXPECT_DOUBLE_EQ(b.min_mm.z, 3);
  EXPECT_DOUBLE_EQ(b.max_mm.z, 6);
}

TEST(MeshLoading, TransformAppliesAfterUnitsAndLps) {
  TempDir dir;
  // One vertex of interest: the box corner (1, 0, 0) cm.
  testing::write_obj(dir.path() / "box.obj", testing::box_mesh({0, 0, 0}, {1, 1, 1}));
  // Rotate +90 degrees about z, then translate by (100, 0, 5) mm.
  const nlohmann::json transform = {0, -1, 0, 100, 1, 0, 0, 0, 0, 0, 1, 5, 0, 0, 0, 1};
  Findings findings;
  const auto atlas =
      load_single(dir, "box.obj", &findings,
                  {{"units", "cm"}, {"coordinate_system", "LPS"}, {"transform", transform}});
  ASSERT_NE(atlas, nullptr);
  // (1, 0, 0) cm -> (10, 0, 0) mm -> LPS (-10, 0, 0) -> rotate (0, -10, 0) -> (100, -10, 5).
  vtkPolyData* mesh = atlas->structures()[0].mesh;
  bool found = false;
  for (vtkIdType i = 0; i < mesh->GetNumberOfPoints(); ++i) {
    double p[3];
    mesh->GetPoint(i, p);
    if (std::abs(p[0] - 100) < 1e-9 && std::abs(p[1] + 10) < 1e-9 && std::abs(p[2] - 5) < 1e-9) {
      found = true;
    }
  }
  EXPECT_TRUE(found);
  const Box b = atlas->bounds();
  EXPECT_NEAR(b.min_mm.x, 100, 1e-9);
  EXPECT_NEAR(b.max_mm.x, 110, 1e-9);
  EXPECT_NEAR(b.min_mm.y, -10, 1e-9);
  EXPECT_NEAR(b.max_mm.y, 0, 1e-9);
  EXPECT_NEAR(b.min_mm.z, 5, 1e-9);
  EXPECT_NEAR(b.max_mm.z, 15, 1e-9);
}

TEST(MeshLoading, SeveralFilesAreMerged) {
  TempDir dir;
  testing::write_obj(dir.path() / "a.obj", testing::box_mesh({0, 0, 0}, {10, 10, 10}));
  testing::write_stl(dir.path() / "b.stl", testing::box_mesh({20, 0, 0}, {30, 10, 20}), true);
  Findings findings;
  const auto atlas = load_single(dir, {"a.obj", "b.stl"}, &findings);
  ASSERT_NE(atlas, nullptr);
  const Structure& s = atlas->structures()[0];
  EXPECT_EQ(s.mesh_files.size(), 2u);
  EXPECT_EQ(s.mesh->GetNumberOfPolys(), 24);
  EXPECT_NEAR(s.volume_cm3, 1.0 + 2.0, 1e-6);
  EXPECT_TRUE(s.closed);
  EXPECT_EQ(atlas->label_at({25, 5, 15}), 1);
  EXPECT_EQ(atlas->label_at({15, 5, 5}), 0);
}

TEST(MeshLoading, ShellNormalsPointOutOfTheMaterial) {
  TempDir dir;
  testing::write_ply(dir.path() / "shell.ply", testing::sphere_shell(50, 48), true);
  Findings findings;
  const auto atlas = load_single(dir, "shell.ply", &findings);
  ASSERT_NE(atlas, nullptr);
  const Structure& s = atlas->structures()[0];
  EXPECT_TRUE(s.closed);
  const double expected_cm3 =
      4.0 / 3.0 * std::numbers::pi * (50.0 * 50 * 50 - 48.0 * 48 * 48) / 1000.0;
  EXPECT_NEAR(s.volume_cm3, expected_cm3, 0.01 * expected_cm3);
  vtkDataArray* normals = s.mesh->GetPointData()->GetNormals();
  ASSERT_NE(normals, nullptr);
  int outer_out = 0, inner_in = 0, wrong = 0;
  for (vtkIdType i = 0; i < s.mesh->GetNumberOfPoints(); ++i) {
    double p[3], n[3];
    s.mesh->GetPoint(i, p);
    normals->GetTuple(i, n);
    const double r = std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
    const double radial = (p[0] * n[0] + p[1] * n[1] + p[2] * n[2]) / r;
    if (r > 49 && radial > 0.99) {
      ++outer_out;
    } else if (r < 49 && radial < -0.99) {
      ++inner_in;  // the inner surface faces the cavity
    } else {
      ++wrong;
    }
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(outer_out, 1000);
  EXPECT_GT(inner_in, 1000);
}

TEST(MeshLoading, InsideOutInputIsReoriented) {
  TempDir dir;
  testing::Mesh box = testing::box_mesh({0, 0, 0}, {10, 10, 10});
  for (auto& t : box.triangles) {
    std::swap(t[1], t[2]);
  }
  testing::write_obj(dir.path() / "box.obj", box);
  Findings findings;
  const auto atlas = load_single(dir, "box.obj", &findings);
  ASSERT_NE(atlas, nullptr);
  const auto hit = atlas->nearest({5, 5, 20}, 100);
  ASSERT_FALSE(hit.empty());
  vtkPolyData* mesh = atlas->structures()[0].mesh;
  for (vtkIdType i = 0; i < mesh->GetNumberOfPoints(); ++i) {
    double p[3], n[3];
    mesh->GetPoint(i, p);
    mesh->GetPointData()->GetNormals()->GetTuple(i, n);
    // Every corner's normal points away from the box centre.
    EXPECT_GT((p[0] - 5) * n[0] + (p[1] - 5) * n[1] + (p[2] - 5) * n[2], 0.0);
  }
  EXPECT_NEAR(atlas->structures()[0].volume_cm3, 1.0, 1e-9);
}

TEST(MeshLoading, OpenMuscleIsAWarningAndStillAnswersContainment) {
  TempDir dir;
  testing::write_obj(dir.path() / "open.obj", testing::open_box({0, 0, 0}, {10, 10, 10}));
  Findings findings;
  const auto atlas = load_single(dir, "open.obj", &findings);
  ASSERT_NE(atlas, nullptr);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "MESH_OPEN");
  EXPECT_EQ(findings[0].severity, Severity::Warning);
  EXPECT_NE(findings[0].message.find("4 boundary"), std::string::npos);
  EXPECT_FALSE(atlas->structures()[0].closed);
  // The +z ray escapes through the missing lid, the x and y rays do not: majority says inside.
  EXPECT_EQ(atlas->label_at({5, 5, 5}), 1);
  EXPECT_EQ(atlas->label_at({5, 5, -5}), 0);
  EXPECT_EQ(atlas->label_at({15, 5, 5}), 0);
  const auto volume = atlas->label_volume({{1, 1, 1}, {9, 9, 9}}, 1.0);
  ASSERT_EQ(volume->size(), 9u * 9 * 9);
  EXPECT_EQ(std::count(volume->labels.begin(), volume->labels.end(), 1), 9 * 9 * 9);
}

}  // namespace
}  // namespace toxplan::anatomy
