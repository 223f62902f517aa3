// The source meshes of an atlas build, found by walking `--sources DIR`: every file Assimp can
// read, keyed by its BodyParts3D FMA id and English name when its name follows BodyParts3D's
// `FJ<element>[M]_BP<part>_FMA<concept>_<English_name>.<ext>`, and by its path under DIR.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace toxplan::atlas_build {

struct SourceFile {
  std::string path;           // absolute
  std::string relative_path;  // under the sources folder, '/' separated ("4.0/bones/FJ..glb")
  std::string fma_id;         // "FMA52734", empty when the name is not BodyParts3D's
  std::string english_name;   // "Frontal_bone", empty likewise
};

// What a BodyParts3D file name says; nothing for any other name.
struct BodyParts3DName {
  std::string fma_id;
  std::string english_name;
};
std::optional<BodyParts3DName> parse_bodyparts3d_name(const std::string& file_name);

class SourceIndex {
 public:
  // Walks `dir` recursively (sorted, so that the result does not depend on the file system's
  // order). Mesh files only (by extension: glb, gltf, obj, stl, ply, fbx, dae, off).
  static SourceIndex scan(const std::string& dir);

  const std::string& dir() const { return dir_; }
  const std::vector<SourceFile>& files() const { return files_; }
  // A source named in a recipe: "FMA52734", an English name ("Frontal_bone", case and
  // '_'/' ' insensitive), or a path under the folder ("skin/FJ2810_skin.obj"). Every match, in
  // path order: one FMA id may have a file in two releases.
  std::vector<const SourceFile*> find(const std::string& key) const;

 private:
  std::string dir_;
  std::vector<SourceFile> files_;
};

}  // namespace toxplan::atlas_build
