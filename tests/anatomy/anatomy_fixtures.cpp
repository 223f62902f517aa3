#include "anatomy_fixtures.h"

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

#include <vtkCellArray.h>
#include <vtkPLYWriter.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkSTLWriter.h>
#include <vtkSmartPointer.h>

namespace toxplan::anatomy::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = fs::temp_directory_path() /
          ("toxplan_anatomy_" + std::to_string(rd()) + "_" + std::to_string(counter++));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void Mesh::append(const Mesh& other) {
  const int offset = static_cast<int>(points.size());
  points.insert(points.end(), other.points.begin(), other.points.end());
  for (const auto& t : other.triangles) {
    triangles.push_back({t[0] + offset, t[1] + offset, t[2] + offset});
  }
}

Mesh uv_sphere(double radius, toxplan::Vec3 centre, int rings, int segments) {
  const double pi = std::acos(-1.0);
  Mesh m;
  m.points.push_back(centre + toxplan::Vec3{0, 0, radius});  // north pole
  for (int r = 1; r < rings; ++r) {
    const double theta = pi * r / rings;
    for (int s = 0; s < segments; ++s) {
      const double phi = 2.0 * pi * s / segments;
      m.points.push_back(centre + toxplan::Vec3{radius * std::sin(theta) * std::cos(phi),
                                                radius * std::sin(theta) * std::sin(phi),
                                                radius * std::cos(theta)});
    }
  }
  m.points.push_back(centre + toxplan::Vec3{0, 0, -radius});  // south pole
  const int south = static_cast<int>(m.points.size()) - 1;
  auto ring_point = [&](int r, int s) { return 1 + (r - 1) * segments + (s % segments); };
  for (int s = 0; s < segments; ++s) {
    m.triangles.push_back({0, ring_point(1, s), ring_point(1, s + 1)});
    m.triangles.push_back({south, ring_point(rings - 1, s + 1), ring_point(rings - 1, s)});
  }
  for (int r = 1; r + 1 < rings; ++r) {
    for (int s = 0; s < segments; ++s) {
      m.triangles.push_back({ring_point(r, s), ring_point(r + 1, s), ring_point(r + 1, s + 1)});
      m.triangles.push_back({ring_point(r, s), ring_point(r + 1, s + 1), ring_point(r, s + 1)});
    }
  }
  return m;
}

namespace {

Mesh box_faces(toxplan::Vec3 a, toxplan::Vec3 b, bool with_top) {
  Mesh m;
  for (int i = 0; i < 8; ++i) {
    m.points.push_back({(i & 1) ? b.x : a.x, (i & 2) ? b.y : a.y, (i & 4) ? b.z : a.z});
  }
  // Outward winding.
  const int quads[6][4] = {{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4},
                           {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}};
  for (int f = 0; f < 6; ++f) {
    if (!with_top && f == 1) {
      continue;
    }
    const int* q = quads[f];
    m.triangles.push_back({q[0], q[1], q[2]});
    m.triangles.push_back({q[0], q[2], q[3]});
  }
  return m;
}

vtkSmartPointer<vtkPolyData> to_vtk(const Mesh& mesh) {
  auto points = vtkSmartPointer<vtkPoints>::New();
  for (const auto& p : mesh.points) {
    points->InsertNextPoint(p.x, p.y, p.z);
  }
  auto polys = vtkSmartPointer<vtkCellArray>::New();
  for (const auto& t : mesh.triangles) {
    const vtkIdType ids[3] = {t[0], t[1], t[2]};
    polys->InsertNextCell(3, ids);
  }
  auto pd = vtkSmartPointer<vtkPolyData>::New();
  pd->SetPoints(points);
  pd->SetPolys(polys);
  return pd;
}

std::string base64(const std::vector<unsigned char>& bytes) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = bytes[i] << 16;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

}  // namespace

Mesh box_mesh(toxplan::Vec3 min, toxplan::Vec3 max) {
  return box_faces(min, max, true);
}
Mesh open_box(toxplan::Vec3 min, toxplan::Vec3 max) {
  return box_faces(min, max, false);
}

Mesh sphere_shell(double outer_radius, double inner_radius, toxplan::Vec3 centre) {
  Mesh m = uv_sphere(outer_radius, centre);
  m.append(uv_sphere(inner_radius, centre));
  return m;
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

void write_obj(const fs::path& path, const Mesh& mesh) {
  std::string text = "# test fixture\n";
  char line[128];
  for (const auto& p : mesh.points) {
    std::snprintf(line, sizeof line, "v %.9g %.9g %.9g\n", p.x, p.y, p.z);
    text += line;
  }
  for (const auto& t : mesh.triangles) {
    std::snprintf(line, sizeof line, "f %d %d %d\n", t[0] + 1, t[1] + 1, t[2] + 1);
    text += line;
  }
  write_text(path, text);
}

void write_stl(const fs::path& path, const Mesh& mesh, bool binary) {
  fs::create_directories(path.parent_path());
  auto writer = vtkSmartPointer<vtkSTLWriter>::New();
  writer->SetInputData(to_vtk(mesh));
  writer->SetFileName(path.string().c_str());
  if (binary) {
    writer->SetFileTypeToBinary();
  } else {
    writer->SetFileTypeToASCII();
  }
  writer->Write();
}

void write_ply(const fs::path& path, const Mesh& mesh, bool binary) {
  fs::create_directories(path.parent_path());
  auto writer = vtkSmartPointer<vtkPLYWriter>::New();
  writer->SetInputData(to_vtk(mesh));
  writer->SetFileName(path.string().c_str());
  if (binary) {
    writer->SetFileTypeToBinary();
  } else {
    writer->SetFileTypeToASCII();
  }
  writer->Write();
}

void write_gltf(const fs::path& path, const Mesh& mesh) {
  std::vector<unsigned char> buffer;
  float lo[3] = {1e30f, 1e30f, 1e30f}, hi[3] = {-1e30f, -1e30f, -1e30f};
  for (const auto& p : mesh.points) {
    const float v[3] = {static_cast<float>(p.x), static_cast<float>(p.y), static_cast<float>(p.z)};
    for (int a = 0; a < 3; ++a) {
      lo[a] = std::min(lo[a], v[a]);
      hi[a] = std::max(hi[a], v[a]);
      unsigned char bytes[4];
      std::memcpy(bytes, &v[a], 4);
      buffer.insert(buffer.end(), bytes, bytes + 4);
    }
  }
  const std::size_t positions_bytes = buffer.size();
  for (const auto& t : mesh.triangles) {
    for (int c = 0; c < 3; ++c) {
      const std::uint32_t index = static_cast<std::uint32_t>(t[c]);
      unsigned char bytes[4];
      std::memcpy(bytes, &index, 4);
      buffer.insert(buffer.end(), bytes, bytes + 4);
    }
  }
  nlohmann::json gltf = {
      {"asset", {{"version", "2.0"}}},
      {"scene", 0},
      {"scenes", {{{"nodes", {0}}}}},
      {"nodes", {{{"mesh", 0}}}},
      {"meshes", {{{"primitives", {{{"attributes", {{"POSITION", 0}}}, {"indices", 1}}}}}}},
      {"buffers",
       {{{"byteLength", buffer.size()},
         {"uri", "data:application/octet-stream;base64," + base64(buffer)}}}},
      {"bufferViews",
       {{{"buffer", 0}, {"byteOffset", 0}, {"byteLength", positions_bytes}, {"target", 34962}},
        {{"buffer", 0},
         {"byteOffset", positions_bytes},
         {"byteLength", buffer.size() - positions_bytes},
         {"target", 34963}}}},
      {"accessors",
       {{{"bufferView", 0},
         {"componentType", 5126},
         {"count", mesh.points.size()},
         {"type", "VEC3"},
         {"min", {lo[0], lo[1], lo[2]}},
         {"max", {hi[0], hi[1], hi[2]}}},
        {{"bufferView", 1},
         {"componentType", 5125},
         {"count", 3 * mesh.triangles.size()},
         {"type", "SCALAR"}}}}};
  write_text(path, gltf.dump(1));
}

nlohmann::json manifest_header() {
  return {{"format", "toxplan-atlas"},
          {"version", 1},
          {"id", "test"},
          {"atlas_version", "0.1.0"},
          {"name", "Test atlas"},
          {"units", "mm"},
          {"coordinate_system", "RAS"},
          {"structures", nlohmann::json::array()},
          {"landmarks", nlohmann::json::array()}};
}

nlohmann::json structure_entry(const std::string& id, const std::string& kind,
                               const std::string& mesh, const std::string& side) {
  return {{"id", id},     {"name", id},  {"kind", kind},
          {"side", side}, {"group", id}, {"colour", {0.5, 0.5, 0.5}},
          {"mesh", mesh}};
}

void write_manifest(const fs::path& dir, const nlohmann::json& manifest) {
  write_text(dir / "atlas.json", manifest.dump(2));
}

}  // namespace toxplan::anatomy::testing
