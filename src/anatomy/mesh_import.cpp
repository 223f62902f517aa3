#include "anatomy/mesh_import.h"

#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <algorithm>
#include <assimp/Importer.hpp>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <new>
#include <string>

#include "anatomy/binary_ply.h"
#include "anatomy/near_duplicates.h"

namespace toxplan::anatomy {

namespace {

// One wording for a face naming a vertex the file lacks, whichever reader found it.
std::string face_index_invalid_message(const std::string& owner, const MeshSource& source) {
  return "Structure '" + owner + "': mesh file '" + source.display +
         "' has a face that names a vertex the file does not contain (a damaged or truncated "
         "file); re-export the mesh.";
}

// Welds points by exact position (-0 equals +0): open addressing over indexes into the point
// list. It replaces a std::unordered_map, whose allocation per vertex showed in the atlas's
// load time; the first point at a position keeps its index, as before.
class PointWelder {
 public:
  explicit PointWelder(std::vector<Vec3>* points) : points_(points) {
    rehash(std::max<std::size_t>(64, 2 * points->size()));
    for (std::size_t i = 0; i < points->size(); ++i) {
      place(static_cast<int>(i));
    }
  }

  // Room for `count` more points without rehashing.
  void reserve(std::size_t count) {
    if (2 * (points_->size() + count) > slots_.size()) {
      rehash(2 * (points_->size() + count));
    }
  }

  // Index of p in the point list, appended if no point there has its position.
  int weld(const Vec3& p) {
    std::size_t s = hash(p) & (slots_.size() - 1);
    for (; slots_[s] >= 0; s = (s + 1) & (slots_.size() - 1)) {
      if ((*points_)[slots_[s]] == p) {
        return slots_[s];
      }
    }
    const int index = static_cast<int>(points_->size());
    points_->push_back(p);
    slots_[s] = index;
    if (2 * points_->size() > slots_.size()) {
      rehash(2 * slots_.size());
    }
    return index;
  }

 private:
  static std::size_t hash(const Vec3& p) {
    std::uint64_t h = 1469598103934665603ull;
    for (double c : {p.x, p.y, p.z}) {
      c = c == 0.0 ? 0.0 : c;  // -0 and +0 weld
      std::uint64_t bits;
      std::memcpy(&bits, &c, sizeof bits);
      h = (h ^ bits) * 1099511628211ull;
    }
    return static_cast<std::size_t>(h ^ (h >> 29));  // low bits pick the slot
  }
  // Inserts an existing point unless one at its position is already there.
  void place(int index) {
    const Vec3& p = (*points_)[index];
    std::size_t s = hash(p) & (slots_.size() - 1);
    for (; slots_[s] >= 0; s = (s + 1) & (slots_.size() - 1)) {
      if ((*points_)[slots_[s]] == p) {
        return;
      }
    }
    slots_[s] = index;
  }
  void rehash(std::size_t capacity) {
    std::size_t size = 64;
    while (size < capacity) {
      size *= 2;
    }
    std::vector<int> old = std::move(slots_);
    slots_.assign(size, -1);
    for (const int index : old) {
      if (index >= 0) {
        place(index);
      }
    }
  }

  std::vector<Vec3>* points_;
  std::vector<int> slots_;  // -1 empty
};

// Assimp's JoinIdenticalVertices step was a fifth of the atlas's load time, and the welding
// below merges equal positions anyway. Beyond that, the step leaves out vertices that no face
// uses (done here too, see used_vertices) and merges used vertices less than 1e-5 apart (file
// units) when its hash table happens to compare them. A file is read without the step unless a
// mesh has such a pair (with a wide margin) or a non-finite vertex, which the step compares
// unpredictably; then it is read again with the step, so every mesh loads exactly as before.
constexpr unsigned kImportSteps =
    aiProcess_Triangulate | aiProcess_PreTransformVertices | aiProcess_SortByPType;
constexpr double kJoinTolerance = 1e-4;  // ten times the step's own

// The vertices JoinIdenticalVertices keeps: those a face uses, or all of a mesh without faces
// (the step leaves such a mesh alone). False if a face names a vertex that does not exist.
bool used_vertices(const aiMesh& mesh, std::vector<char>* used) {
  used->assign(mesh.mNumVertices, mesh.mNumFaces == 0 ? 1 : 0);
  for (unsigned f = 0; f < mesh.mNumFaces; ++f) {
    const aiFace& face = mesh.mFaces[f];
    for (unsigned i = 0; i < face.mNumIndices; ++i) {
      if (face.mIndices[i] >= mesh.mNumVertices) {
        return false;
      }
      (*used)[face.mIndices[i]] = 1;
    }
  }
  return true;
}

// Could JoinIdenticalVertices merge two vertices of the scene at different positions? Also
// true for a face naming a missing vertex: such a file takes the step's path, as before.
bool join_may_move_vertices(const aiScene& scene) {
  std::vector<char> used;
  for (unsigned m = 0; m < scene.mNumMeshes; ++m) {
    const aiMesh& mesh = *scene.mMeshes[m];
    if (mesh.mNumFaces == 0 || mesh.mVertices == nullptr) {
      continue;
    }
    if (!used_vertices(mesh, &used)) {
      return true;
    }
    std::vector<Vec3> points;
    points.reserve(mesh.mNumVertices);
    for (unsigned v = 0; v < mesh.mNumVertices; ++v) {
      if (used[v]) {
        const aiVector3D& a = mesh.mVertices[v];
        points.push_back({a.x, a.y, a.z});
      }
    }
    // Mean edge length of a sample of faces: sizes the search grid only.
    double length = 0.0;
    int edges = 0;
    const unsigned stride = std::max(1u, mesh.mNumFaces / 512);
    for (unsigned f = 0; f < mesh.mNumFaces; f += stride) {
      const aiFace& face = mesh.mFaces[f];
      for (unsigned i = 0; i + 1 < face.mNumIndices; ++i) {
        length +=
            (mesh.mVertices[face.mIndices[i + 1]] - mesh.mVertices[face.mIndices[i]]).Length();
        ++edges;
      }
    }
    if (has_near_duplicates(points, kJoinTolerance, edges > 0 ? 0.5 * length / edges : 0.0)) {
      return true;
    }
  }
  return false;
}

// join_may_move_vertices for a binary PLY file read by read_binary_ply: the same test on the
// vertices its triangles use, so that such a file (rare: an atlas build welds its meshes) is
// read by Assimp with the step, exactly as before.
bool ply_may_join(const PlyTriangles& ply) {
  std::vector<char> used(ply.vertices.size(), 0);
  for (const auto& tri : ply.triangles) {
    for (const int v : tri) {
      used[v] = 1;
    }
  }
  std::vector<Vec3> points;
  points.reserve(ply.vertices.size());
  for (std::size_t v = 0; v < ply.vertices.size(); ++v) {
    if (used[v]) {
      // Assimp holds coordinates as float: compare what it would have compared.
      const Vec3& p = ply.vertices[v];
      points.push_back({static_cast<float>(p.x), static_cast<float>(p.y), static_cast<float>(p.z)});
    }
  }
  double length = 0.0;
  int edges = 0;
  const std::size_t stride = std::max<std::size_t>(1, ply.triangles.size() / 512);
  for (std::size_t f = 0; f < ply.triangles.size(); f += stride) {
    const auto& tri = ply.triangles[f];
    for (int i = 0; i + 1 < 3; ++i) {
      length += norm(ply.vertices[tri[i + 1]] - ply.vertices[tri[i]]);
      ++edges;
    }
  }
  return has_near_duplicates(points, kJoinTolerance, edges > 0 ? 0.5 * length / edges : 0.0);
}

bool has_ply_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return ext == ".ply";
}

void add_error(Findings* findings, const char* code, const MeshSource& source,
               const std::string& message) {
  Finding f;
  f.code = code;
  f.severity = Severity::Error;
  f.field = source.field;
  f.message = message;
  findings->push_back(std::move(f));
}

// Appends a binary PLY file's triangles as the Assimp path below appends a mesh's: only the
// vertices a triangle uses, in file order, welded; triangles collapsed by welding left out.
// False (nothing appended) when a used vertex is not finite in the atlas frame.
bool append_ply(const PlyTriangles& ply, const MeshFrame& frame, PointWelder* welder,
                TriangleMesh* mesh) {
  std::vector<int> remap(ply.vertices.size(), -1);
  for (const auto& tri : ply.triangles) {
    for (const int v : tri) {
      remap[v] = 0;  // used
    }
  }
  welder->reserve(ply.vertices.size());
  for (std::size_t v = 0; v < ply.vertices.size(); ++v) {
    if (remap[v] < 0) {
      continue;
    }
    const Vec3 p = frame.apply(ply.vertices[v]);
    if (!is_finite(p)) {
      return false;
    }
    remap[v] = welder->weld(p);
  }
  mesh->triangles.reserve(mesh->triangles.size() + ply.triangles.size());
  for (const auto& tri : ply.triangles) {
    const int a = remap[tri[0]];
    const int b = remap[tri[1]];
    const int c = remap[tri[2]];
    if (a == b || b == c || a == c) {
      continue;  // collapsed by welding: not a surface
    }
    mesh->triangles.push_back({a, b, c});
  }
  return true;
}

}  // namespace

Vec3 MeshFrame::apply(const Vec3& file_point) const {
  Vec3 p = file_point * scale_to_mm;
  if (lps) {
    p = {-p.x, -p.y, p.z};
  }
  const auto& m = transform;
  return {m[0] * p.x + m[1] * p.y + m[2] * p.z + m[3], m[4] * p.x + m[5] * p.y + m[6] * p.z + m[7],
          m[8] * p.x + m[9] * p.y + m[10] * p.z + m[11]};
}

bool import_meshes(const std::vector<MeshSource>& sources, const MeshFrame& frame,
                   const std::string& owner, TriangleMesh* mesh, Findings* findings) {
  PointWelder welder(&mesh->vertices_mm);
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
    if (has_ply_extension(source.path)) {
      PlyTriangles ply;
      std::string problem;
      const PlyReadResult read = read_binary_ply(source.path, &ply, &problem);
      if (read == PlyReadResult::Unreadable) {
        add_error(findings, "MESH_UNREADABLE", source,
                  "Structure '" + owner + "': mesh file '" + source.display +
                      "' could not be read (" + problem +
                      "); re-export it as OBJ, STL, PLY or glTF.");
        ok = false;
        continue;
      }
      if (read == PlyReadResult::IndexInvalid) {
        add_error(findings, "MESH_FACE_INDEX_INVALID", source,
                  face_index_invalid_message(owner, source));
        ok = false;
        continue;
      }
      // Files with polygons, points or lines, or with vertices the join step may merge, go on to
      // Assimp below so that they load exactly as before, unless Assimp would misread them (then
      // nearly equal vertices stay apart: welding is by exact position).
      if (read == PlyReadResult::Read &&
          (ply.data_starts_with_whitespace || (!ply.other_faces && !ply_may_join(ply)))) {
        const std::size_t before = mesh->triangles.size();
        if (!append_ply(ply, frame, &welder, mesh)) {
          add_error(findings, "MESH_NON_FINITE", source,
                    "Structure '" + owner + "': mesh file '" + source.display +
                        "' has NaN or infinite vertex coordinates (or the manifest's "
                        "units/transform overflow them); repair the mesh or the transform.");
          ok = false;
        } else if (mesh->triangles.size() == before) {
          add_error(findings, "MESH_EMPTY", source,
                    "Structure '" + owner + "': mesh file '" + source.display +
                        "' contains no triangles; export the surface, not points or lines.");
          ok = false;
        }
        continue;
      }
    }
    Assimp::Importer importer;
    // Points and lines are not surfaces: drop them so only triangles remain.
    importer.SetPropertyInteger(AI_CONFIG_PP_SBP_REMOVE,
                                aiPrimitiveType_POINT | aiPrimitiveType_LINE);
    const aiScene* scene = nullptr;
    // Assimp reports a file it cannot parse through GetErrorString, but a header that declares
    // billions of vertices makes it throw (std::bad_alloc, std::length_error): each is said as
    // what it is, never as "unknown format", and never ends the process.
    const std::string kOutOfMemory =
        "out of memory while reading it: its header declares more data than memory holds";
    std::string thrown;
    try {
      scene = importer.ReadFile(source.path, kImportSteps);
      if (scene != nullptr && (scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE) == 0 &&
          join_may_move_vertices(*scene)) {
        scene = importer.ReadFile(source.path, kImportSteps | aiProcess_JoinIdenticalVertices);
      }
    } catch (const std::bad_alloc&) {
      scene = nullptr;
      thrown = kOutOfMemory;
    } catch (const std::exception& e) {
      scene = nullptr;
      thrown = std::string("the mesh reader failed: ") + e.what();
    } catch (...) {
      scene = nullptr;
      thrown = "the mesh reader failed with an error that is not a standard exception";
    }
    if (scene == nullptr || (scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE) != 0) {
      const std::string why = importer.GetErrorString() ? importer.GetErrorString() : "";
      // Assimp catches its own std::bad_alloc and reports only its what(), "std::bad_alloc".
      const std::string reason =
          !thrown.empty()                              ? thrown
          : why.find("bad_alloc") != std::string::npos ? kOutOfMemory
          : !why.empty()
              ? why
              : std::string("the reader gave no reason; the format may not be supported");
      add_error(findings, "MESH_UNREADABLE", source,
                "Structure '" + owner + "': mesh file '" + source.display +
                    "' could not be read (" + reason + "); re-export it as OBJ, STL, PLY or glTF.");
      ok = false;
      continue;
    }
    std::size_t triangles_before = mesh->triangles.size();
    bool finite = true;
    bool indices_valid = true;
    for (unsigned m = 0; m < scene->mNumMeshes && indices_valid; ++m) {
      const aiMesh* am = scene->mMeshes[m];
      std::vector<char> used;
      if (!used_vertices(*am, &used)) {
        indices_valid = false;  // a face names a vertex the file does not have
        break;
      }
      std::vector<int> remap(am->mNumVertices, -1);
      welder.reserve(am->mNumVertices);
      for (unsigned v = 0; v < am->mNumVertices; ++v) {
        if (!used[v]) {
          continue;
        }
        const aiVector3D& a = am->mVertices[v];
        const Vec3 p = frame.apply({a.x, a.y, a.z});
        if (!is_finite(p)) {
          finite = false;
          continue;
        }
        remap[v] = welder.weld(p);
      }
      if (mesh->triangles.capacity() < mesh->triangles.size() + am->mNumFaces) {
        mesh->triangles.reserve(std::max<std::size_t>(mesh->triangles.size() + am->mNumFaces,
                                                      2 * mesh->triangles.capacity()));
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
    if (!indices_valid) {
      mesh->triangles.resize(triangles_before);
      add_error(findings, "MESH_FACE_INDEX_INVALID", source,
                face_index_invalid_message(owner, source));
      ok = false;
      continue;
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
