// Binary PLY files are read by Toxplan's own reader (anatomy/binary_ply.h), not Assimp: Assimp
// 5.2 skips a whitespace byte at the start of the binary data and misreads (or aborts on) the
// whole file. Such a file must load exactly as written; damaged files must be clear errors.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

#include "anatomy/binary_ply.h"
#include "anatomy/mesh_import.h"
#include "anatomy_fixtures.h"

namespace toxplan::anatomy {
namespace {

using testing::TempDir;

// A closed box whose first vertex's x coordinate is a float with low byte 0x0a ('\n'): its
// little-endian binary PLY data starts with a newline byte.
testing::Mesh box_starting_with_newline(unsigned char first_byte) {
  testing::Mesh m = testing::box_mesh({0, 0, 0}, {10, 20, 30});
  std::uint32_t bits = std::bit_cast<std::uint32_t>(static_cast<float>(m.points[0].x + 1.0));
  bits = (bits & ~0xffu) | first_byte;
  m.points[0].x = std::bit_cast<float>(bits);
  return m;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(BinaryPly, DataStartingWithAWhitespaceByteLoadsAsWritten) {
  for (const unsigned char first : {'\n', '\r', ' ', '\t'}) {
    SCOPED_TRACE(static_cast<int>(first));
    TempDir dir;
    const testing::Mesh m = box_starting_with_newline(first);
    testing::write_ply(dir.path() / "box.ply", m, true);
    const std::string bytes = read_bytes(dir.path() / "box.ply");
    const std::size_t data = bytes.find("end_header\n") + 11;
    ASSERT_EQ(static_cast<unsigned char>(bytes[data]), first);  // the case this test is about

    TriangleMesh mesh;
    Findings findings;
    ASSERT_TRUE(import_meshes({{(dir.path() / "box.ply").string(), "box.ply", "/structures/0"}},
                              MeshFrame{}, "box", &mesh, &findings));
    EXPECT_TRUE(findings.empty());
    ASSERT_EQ(mesh.vertices_mm.size(), m.points.size());
    for (std::size_t i = 0; i < m.points.size(); ++i) {
      const Vec3 expected{static_cast<float>(m.points[i].x), static_cast<float>(m.points[i].y),
                          static_cast<float>(m.points[i].z)};
      EXPECT_TRUE(mesh.vertices_mm[i] == expected) << "vertex " << i;
    }
    EXPECT_EQ(mesh.triangles, m.triangles);
  }
}

// A hand-written big-endian file: double coordinates, an extra vertex property before x, an
// extra face property after the list, a quad (a fan of two triangles) and a line (left out).
std::string big_endian_ply() {
  std::string s =
      "ply\r\nformat binary_big_endian 1.0\r\ncomment hand made\r\nelement vertex 4\r\n"
      "property uchar confidence\r\nproperty double x\r\nproperty double y\r\n"
      "property double z\r\nelement face 2\r\nproperty list uchar uint vertex_indices\r\n"
      "property short flags\r\nend_header\r\n";
  auto put = [&s](const void* p, std::size_t n) {
    unsigned char b[8];
    std::memcpy(b, p, n);
    for (std::size_t i = 0; i < n; ++i)
      s.push_back(static_cast<char>(b[n - 1 - i]));
  };
  const double xyz[4][3] = {{0, 0, 0}, {1.5, 0, 0}, {1.5, 2.25, 0}, {0, 2.25, -3}};
  for (const auto& v : xyz) {
    const unsigned char confidence = 7;
    put(&confidence, 1);
    for (const double c : v)
      put(&c, 8);
  }
  const unsigned char four = 4, two = 2;
  const std::uint32_t quad[4] = {0, 1, 2, 3}, line[2] = {1, 3};
  const std::int16_t flags = -1;
  put(&four, 1);
  for (const auto i : quad)
    put(&i, 4);
  put(&flags, 2);
  put(&two, 1);
  for (const auto i : line)
    put(&i, 4);
  put(&flags, 2);
  return s;
}

TEST(BinaryPly, ReadsBigEndianDoublesExtraPropertiesAndPolygons) {
  TempDir dir;
  testing::write_text(dir.path() / "hand.ply", big_endian_ply());
  PlyTriangles ply;
  std::string problem;
  ASSERT_EQ(read_binary_ply((dir.path() / "hand.ply").string(), &ply, &problem),
            PlyReadResult::Read)
      << problem;
  ASSERT_EQ(ply.vertices.size(), 4u);
  EXPECT_TRUE(ply.vertices[2] == (Vec3{1.5, 2.25, 0}));
  EXPECT_TRUE(ply.vertices[3] == (Vec3{0, 2.25, -3}));
  EXPECT_TRUE(ply.other_faces);
  const std::vector<std::array<int, 3>> fan{{0, 1, 2}, {0, 2, 3}};
  EXPECT_EQ(ply.triangles, fan);
}

TEST(BinaryPly, AsciiFilesAreLeftToTheGeneralReader) {
  TempDir dir;
  testing::write_ply(dir.path() / "a.ply", testing::box_mesh({0, 0, 0}, {1, 1, 1}), false);
  PlyTriangles ply;
  std::string problem;
  EXPECT_EQ(read_binary_ply((dir.path() / "a.ply").string(), &ply, &problem),
            PlyReadResult::NotBinary);
  TriangleMesh mesh;
  Findings findings;
  ASSERT_TRUE(import_meshes({{(dir.path() / "a.ply").string(), "a.ply", "/structures/0"}},
                            MeshFrame{}, "a", &mesh, &findings));
  EXPECT_EQ(mesh.triangles.size(), 12u);
}

Finding only_finding(const std::string& file_text, const std::string& name) {
  TempDir dir;
  testing::write_text(dir.path() / name, file_text);
  TriangleMesh mesh;
  Findings findings;
  EXPECT_FALSE(import_meshes({{(dir.path() / name).string(), name, "/structures/4/mesh"}},
                             MeshFrame{}, "scm_L", &mesh, &findings));
  EXPECT_EQ(findings.size(), 1u);
  return findings.empty() ? Finding{} : findings.front();
}

TEST(BinaryPly, DamagedFilesAreClearErrors) {
  const std::string whole = big_endian_ply();
  const Finding truncated = only_finding(whole.substr(0, whole.size() - 9), "cut.ply");
  EXPECT_EQ(truncated.code, "MESH_UNREADABLE");
  EXPECT_EQ(truncated.field, "/structures/4/mesh");
  EXPECT_NE(truncated.message.find("'scm_L'"), std::string::npos) << truncated.message;
  EXPECT_NE(truncated.message.find("'cut.ply'"), std::string::npos) << truncated.message;
  EXPECT_NE(truncated.message.find("truncated"), std::string::npos) << truncated.message;

  // A header that declares four billion vertices is refused before anything is allocated.
  std::string huge = whole;
  huge.replace(huge.find("element vertex 4"), 16, "element vertex 4000000000");
  const Finding refused = only_finding(huge, "huge.ply");
  EXPECT_EQ(refused.code, "MESH_UNREADABLE");
  EXPECT_NE(refused.message.find("truncated"), std::string::npos) << refused.message;

  // A face naming vertex 9 of 4.
  std::string bad_index = whole;
  const std::size_t quad = bad_index.find("end_header\r\n") + 12 + 4 * 25 + 1;
  bad_index[quad + 3] = 9;  // last byte of the first big-endian index
  EXPECT_EQ(only_finding(bad_index, "index.ply").code, "MESH_FACE_INDEX_INVALID");

  EXPECT_EQ(only_finding("ply\nformat binary_little_endian 1.0\nelement vertex 1\n", "h.ply").code,
            "MESH_UNREADABLE");
}

}  // namespace
}  // namespace toxplan::anatomy
