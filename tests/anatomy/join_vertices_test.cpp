// The importer reads files without Assimp's JoinIdenticalVertices step unless the step could
// move a vertex (mesh_import.cpp). Whichever path a file takes, the welded mesh must be exactly
// the one the importer made when it always ran the step: same vertices, same triangles, in the
// same order. The reference below is that former importer.
#include <gtest/gtest.h>

#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <assimp/Importer.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <tuple>

#include "anatomy/mesh_import.h"
#include "anatomy_fixtures.h"

namespace toxplan::anatomy {
namespace {

using testing::TempDir;

// The importer as it was: the step always on, vertices mapped to the atlas frame (here the
// identity) and welded by exact position in the order Assimp returns them.
TriangleMesh reference_import(const std::string& path) {
  Assimp::Importer importer;
  importer.SetPropertyInteger(AI_CONFIG_PP_SBP_REMOVE,
                              aiPrimitiveType_POINT | aiPrimitiveType_LINE);
  const aiScene* scene =
      importer.ReadFile(path, aiProcess_Triangulate | aiProcess_JoinIdenticalVertices |
                                  aiProcess_PreTransformVertices | aiProcess_SortByPType);
  TriangleMesh mesh;
  if (scene == nullptr) {
    ADD_FAILURE() << importer.GetErrorString();
    return mesh;
  }
  auto key = [](const Vec3& p) {
    return std::make_tuple(p.x == 0.0 ? 0.0 : p.x, p.y == 0.0 ? 0.0 : p.y, p.z == 0.0 ? 0.0 : p.z);
  };
  std::map<std::tuple<double, double, double>, int> welded;
  for (unsigned m = 0; m < scene->mNumMeshes; ++m) {
    const aiMesh* am = scene->mMeshes[m];
    std::vector<int> remap(am->mNumVertices);
    for (unsigned v = 0; v < am->mNumVertices; ++v) {
      const Vec3 p =
          MeshFrame{}.apply({am->mVertices[v].x, am->mVertices[v].y, am->mVertices[v].z});
      const auto [it, inserted] = welded.emplace(key(p), static_cast<int>(welded.size()));
      if (inserted) {
        mesh.vertices_mm.push_back(p);
      }
      remap[v] = it->second;
    }
    for (unsigned f = 0; f < am->mNumFaces; ++f) {
      const aiFace& face = am->mFaces[f];
      if (face.mNumIndices != 3) continue;
      const int a = remap[face.mIndices[0]], b = remap[face.mIndices[1]],
                c = remap[face.mIndices[2]];
      if (a == b || b == c || a == c) continue;
      mesh.triangles.push_back({a, b, c});
    }
  }
  return mesh;
}

void expect_same_as_before(const std::filesystem::path& path) {
  SCOPED_TRACE(path.filename().string());
  const TriangleMesh expected = reference_import(path.string());
  TriangleMesh mesh;
  Findings findings;
  ASSERT_TRUE(import_meshes({{path.string(), path.filename().string(), "/structures/0/mesh"}},
                            MeshFrame{}, "s", &mesh, &findings));
  ASSERT_EQ(mesh.vertices_mm.size(), expected.vertices_mm.size());
  for (std::size_t i = 0; i < mesh.vertices_mm.size(); ++i) {
    // Bit for bit, -0 included.
    EXPECT_EQ(std::signbit(mesh.vertices_mm[i].x), std::signbit(expected.vertices_mm[i].x));
    EXPECT_TRUE(mesh.vertices_mm[i] == expected.vertices_mm[i]) << "vertex " << i;
  }
  EXPECT_EQ(mesh.triangles, expected.triangles);
}

// A tetrahedron whose file also lists vertices no face uses: the step dropped them, so they
// must not widen the structure's bounds now either.
testing::Mesh tetrahedron_with_unused_vertices() {
  testing::Mesh m;
  m.points = {{100, 100, 100}, {0, 0, 0}, {10, 0, 0}, {-50, -50, -50}, {0, 10, 0}, {0, 0, 10}};
  m.triangles = {{1, 4, 2}, {1, 2, 5}, {1, 5, 4}, {2, 4, 5}};
  return m;
}

TEST(JoinVertices, UnusedVerticesAreLeftOutAsBefore) {
  TempDir dir;
  const testing::Mesh m = tetrahedron_with_unused_vertices();
  testing::write_ply(dir.path() / "a.ply", m, false);
  testing::write_ply(dir.path() / "b.ply", m, true);
  testing::write_obj(dir.path() / "c.obj", m);
  testing::write_gltf(dir.path() / "d.gltf", m);
  for (const char* f : {"a.ply", "b.ply", "c.obj", "d.gltf"}) {
    expect_same_as_before(dir.path() / f);
  }
  TriangleMesh mesh;
  Findings findings;
  ASSERT_TRUE(import_meshes({{(dir.path() / "b.ply").string(), "b.ply", "/x"}}, MeshFrame{}, "s",
                            &mesh, &findings));
  EXPECT_EQ(mesh.vertices_mm.size(), 4u);
  EXPECT_EQ(mesh.bounds().max_mm.x, 10.0);
}

TEST(JoinVertices, SharedAndPerFaceVerticesWeldAsBefore) {
  TempDir dir;
  testing::Mesh m = testing::sphere_shell(20, 15, {1, -2, 3});
  testing::write_ply(dir.path() / "shell.ply", m, true);
  testing::write_stl(dir.path() / "shell.stl", m, true);  // one vertex per face corner
  testing::write_obj(dir.path() / "shell.obj", m);
  m.points.push_back({-0.0, -0.0, -0.0});  // -0 welds with +0, keeping the first one's sign
  m.points.push_back({0.0, 0.0, 0.0});
  const int n = static_cast<int>(m.points.size());
  m.triangles.push_back({n - 2, 0, 1});
  m.triangles.push_back({n - 1, 1, 2});
  testing::write_ply(dir.path() / "zeros.ply", m, true);
  for (const char* f : {"shell.ply", "shell.stl", "shell.obj", "zeros.ply"}) {
    expect_same_as_before(dir.path() / f);
  }
}

TEST(JoinVertices, FilesWithNearlyEqualVerticesTakeTheStepAsBefore) {
  // Vertices 1e-6 to 5e-6 apart, which the step may merge: such a file is read with the step.
  TempDir dir;
  testing::Mesh m;
  m.points = {{0, 0, 0},  {10, 0, 0},        {0, 10, 0},       {0, 0, 10},
              {10, 0, 0}, {10.000001, 0, 0}, {10, 0.000005, 0}};
  m.triangles = {{0, 2, 1}, {0, 4, 3}, {0, 3, 2}, {5, 2, 3}, {6, 3, 2}};
  testing::write_ply(dir.path() / "near.ply", m, true);
  testing::write_obj(dir.path() / "near.obj", m);
  testing::Mesh big = testing::uv_sphere(30, {}, 32, 64);
  big.points.push_back({big.points[100].x + 2e-6, big.points[100].y, big.points[100].z});
  big.triangles.push_back({static_cast<int>(big.points.size()) - 1, 200, 300});
  testing::write_ply(dir.path() / "big.ply", big, true);
  for (const char* f : {"near.ply", "near.obj", "big.ply"}) {
    expect_same_as_before(dir.path() / f);
  }
}

}  // namespace
}  // namespace toxplan::anatomy
