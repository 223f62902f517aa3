// Test fixtures written by the tests themselves: temporary atlas folders, analytic meshes
// (UV spheres, boxes, shells) and writers for every mesh format the loader must read.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/vec3.h"

namespace toxplan::anatomy::testing {

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

struct Mesh {
  std::vector<toxplan::Vec3> points;
  std::vector<std::array<int, 3>> triangles;
  void append(const Mesh& other);  // adds a disconnected piece
};

// Closed UV sphere with poles on the z axis; `rings` latitude bands, `segments` longitude.
Mesh uv_sphere(double radius, toxplan::Vec3 centre = {}, int rings = 64, int segments = 128);
// Closed axis-aligned box, two triangles per face.
Mesh box_mesh(toxplan::Vec3 min, toxplan::Vec3 max);
// Closed shell: outer sphere plus inner sphere in one mesh (winding deliberately left as the
// generator makes it; the loader must orient the inner surface itself).
Mesh sphere_shell(double outer_radius, double inner_radius, toxplan::Vec3 centre = {});
// The box without its top face: open.
Mesh open_box(toxplan::Vec3 min, toxplan::Vec3 max);

void write_text(const std::filesystem::path& path, const std::string& text);
void write_obj(const std::filesystem::path& path, const Mesh& mesh);
void write_stl(const std::filesystem::path& path, const Mesh& mesh, bool binary);  // vtkSTLWriter
void write_ply(const std::filesystem::path& path, const Mesh& mesh, bool binary);  // vtkPLYWriter
// glTF 2.0 with the buffer embedded as a base64 data URI.
void write_gltf(const std::filesystem::path& path, const Mesh& mesh);

// A manifest with the required header fields and no structures.
nlohmann::json manifest_header();
nlohmann::json structure_entry(const std::string& id, const std::string& kind,
                               const std::string& mesh, const std::string& side = "midline");
void write_manifest(const std::filesystem::path& dir, const nlohmann::json& manifest);

}  // namespace toxplan::anatomy::testing
