#include "atlas_build/ply_writer.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace toxplan::atlas_build {

static_assert(std::endian::native == std::endian::little, "the PLY writer assumes little endian");

void write_binary_ply(const std::string& path, const anatomy::TriangleMesh& mesh) {
  const std::string header = "ply\nformat binary_little_endian 1.0\nelement vertex " +
                             std::to_string(mesh.vertices_mm.size()) +
                             "\nproperty float x\nproperty float y\nproperty float z\n"
                             "element face " +
                             std::to_string(mesh.triangles.size()) +
                             "\nproperty list uchar int vertex_indices\nend_header\n";
  std::vector<char> bytes(header.begin(), header.end());
  bytes.reserve(header.size() + mesh.vertices_mm.size() * 12 + mesh.triangles.size() * 13);
  auto put = [&bytes](const void* data, std::size_t n) {
    const char* c = static_cast<const char*>(data);
    bytes.insert(bytes.end(), c, c + n);
  };
  for (const Vec3& v : mesh.vertices_mm) {
    const float xyz[3] = {static_cast<float>(v.x), static_cast<float>(v.y),
                          static_cast<float>(v.z)};
    put(xyz, sizeof xyz);
  }
  for (const auto& t : mesh.triangles) {
    const std::uint8_t count = 3;
    const std::int32_t idx[3] = {t[0], t[1], t[2]};
    put(&count, 1);
    put(idx, sizeof idx);
  }
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error(path + ": cannot write the mesh file (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw std::runtime_error(path + ": cannot replace the mesh file: " + ec.message());
}

}  // namespace toxplan::atlas_build
