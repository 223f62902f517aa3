#include "anatomy/mesh_import.h"

#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <assimp/Importer.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <unordered_map>

namespace toxplan::anatomy {

namespace {

struct PointHash {
  std::size_t operator()(const core::Vec3& p) const {
    std::size_t h = 1469598103934665603ull;
    for (double c : {p.x, p.y, p.z}) {
      c = c == 0.0 ? 0.0 : c;  // -0 and +0 weld
      std::uint64_t bits;
      std::memcpy(&bits, &c, sizeof bits);
      h = (h ^ bits) * 1099511628211ull;
    }
    return h;
  }
};

void add_error(core::Findings* findings, const char* code, const MeshSource& source,
               const std::string& message) {
  core::Finding f;
  f.code = code;
  f.severity = core::Severity::Error;
  f.field = source.field;
  f.message = message;
  findings->push_back(std::move(f));
}

}  // namespace

core::Vec3 MeshFrame::apply(const core::Vec3& file_point) const {
  core::Vec3 p = file_point * scale_to_mm;
  if (lps) {
    p = {-p.x, -p.y, p.z};
  }
  const auto& m = transform;
  return {m[0] * p.x + m[1] * p.y + m[2] * p.z + m[3], m[4] * p.x + m[5] * p.y + m[6] * p.z + m[7],
          m[8] * p.x + m[9] * p.y + m[10] * p.z + m[11]};
}

bool import_meshes(const std::vector<MeshSource>& sources, const MeshFrame& frame,
                   const std::string& owner, TriangleMesh* mesh, core::Findings* findings) {
  std::unordered_map<core::Vec3, int, PointHash> welded;
  for (std::size_t i = 0; i < mesh->vertices_mm.size(); ++i) {
    welded.emplace(mesh->vertices_mm[i], static_cast<int>(i));
  }
  bool ok = true;
  for (const MeshSource& source : sources) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(source.path, ec)) {
      add_error(findings, "MESH_FILE_MISSING", source,
                "Structure '" + owner + "': mesh file '" + source.display +
                    "' does not exist (looked for " + source.path +
                    "); add the file or correct the path in the manifest.");
      ok = false;
      continue;
    }
    Assimp::Importer importer;
    // Points and lines are not surfaces: drop them so only triangles remain.
    importer.SetPropertyInteger(AI_CONFIG_PP_SBP_REMOVE,
                                aiPrimitiveType_POINT | aiPrimitiveType_LINE);
    const aiScene* scene = nullptr;
    try {
      scene = importer.ReadFile(source.path,
                                aiProcess_Triangulate | aiProcess_JoinIdenticalVertices |
                                    aiProcess_PreTransformVertices | aiProcess_SortByPType);
    } catch (...) {
      scene = nullptr;  // Assimp reports through GetErrorString; never let a file crash us
    }
    if (scene == nullptr || (scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE) != 0) {
      const char* why = importer.GetErrorString();
      add_error(findings, "MESH_UNREADABLE", source,
                "Structure '" + owner + "': mesh file '" + source.display +
                    "' could not be read (" + (why && *why ? why : "unknown format") +
                    "); re-export it as OBJ, STL, PLY or glTF.");
      ok = false;
      continue;
    }
    std::size_t triangles_before = mesh->triangles.size();
    bool finite = true;
    for (unsigned m = 0; m < scene->mNumMeshes; ++m) {
      const aiMesh* am = scene->mMeshes[m];
      std::vector<int> remap(am->mNumVertices, -1);
      for (unsigned v = 0; v < am->mNumVertices; ++v) {
        const aiVector3D& a = am->mVertices[v];
        const core::Vec3 p = frame.apply({a.x, a.y, a.z});
        if (!is_finite(p)) {
          finite = false;
          continue;
        }
        auto [it, inserted] = welded.emplace(p, static_cast<int>(mesh->vertices_mm.size()));
        if (inserted) {
          mesh->vertices_mm.push_back(p);
        }
        remap[v] = it->second;
      }
      for (unsigned f = 0; f < am->mNumFaces; ++f) {
        const aiFace& face = am->mFaces[f];
        if (face.mNumIndices != 3) {
          continue;
        }
        const int a = remap[face.mIndices[0]];
        const int b = remap[face.mIndices[1]];
        const int c = remap[face.mIndices[2]];
        if (a < 0 || b < 0 || c < 0 || a == b || b == c || a == c) {
          continue;  // non-finite corner or collapsed by welding: not a surface
        }
        mesh->triangles.push_back({a, b, c});
      }
    }
    if (!finite) {
      add_error(findings, "MESH_NON_FINITE", source,
                "Structure '" + owner + "': mesh file '" + source.display +
                    "' has NaN or infinite vertex coordinates (or the manifest's units/transform "
                    "overflow them); repair the mesh or the transform.");
      ok = false;
      continue;
    }
    if (mesh->triangles.size() == triangles_before) {
      add_error(findings, "MESH_EMPTY", source,
                "Structure '" + owner + "': mesh file '" + source.display +
                    "' contains no triangles; export the surface, not points or lines.");
      ok = false;
    }
  }
  return ok;
}

}  // namespace toxplan::anatomy
