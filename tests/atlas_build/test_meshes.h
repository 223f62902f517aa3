// Small closed-form meshes for the atlas-build tests: a unit cube (optionally missing a face,
// optionally one vertex per face corner) and an icosphere.
#pragma once

#include <array>
#include <cmath>
#include <map>
#include <utility>

#include "anatomy/triangle_mesh.h"

namespace toxplan::atlas_build::test_meshes {

// Index of corner (x, y, z), each 0 or 1, in a cube built with split_faces = false.
inline int cube_corner(int x, int y, int z) {
  return x * 4 + y * 2 + z;
}

// The cube [0,1]^3 wound outward. drop_face in 0..5 leaves that face out (0 is x = 0).
// split_faces gives each face its own four vertices (what a per-face exporter writes).
inline anatomy::TriangleMesh unit_cube(int drop_face, bool split_faces) {
  anatomy::TriangleMesh mesh;
  for (int x = 0; x < 2; ++x) {
    for (int y = 0; y < 2; ++y) {
      for (int z = 0; z < 2; ++z) {
        mesh.vertices_mm.push_back({double(x), double(y), double(z)});
      }
    }
  }
  // Each face as a quad, counter-clockwise seen from outside.
  const std::array<std::array<int, 4>, 6> faces{{
      {cube_corner(0, 0, 0), cube_corner(0, 0, 1), cube_corner(0, 1, 1), cube_corner(0, 1, 0)},
      {cube_corner(1, 0, 0), cube_corner(1, 1, 0), cube_corner(1, 1, 1), cube_corner(1, 0, 1)},
      {cube_corner(0, 0, 0), cube_corner(1, 0, 0), cube_corner(1, 0, 1), cube_corner(0, 0, 1)},
      {cube_corner(0, 1, 0), cube_corner(0, 1, 1), cube_corner(1, 1, 1), cube_corner(1, 1, 0)},
      {cube_corner(0, 0, 0), cube_corner(0, 1, 0), cube_corner(1, 1, 0), cube_corner(1, 0, 0)},
      {cube_corner(0, 0, 1), cube_corner(1, 0, 1), cube_corner(1, 1, 1), cube_corner(0, 1, 1)},
  }};
  anatomy::TriangleMesh out;
  if (!split_faces) {
    out.vertices_mm = mesh.vertices_mm;
  }
  for (int f = 0; f < 6; ++f) {
    if (f == drop_face) {
      continue;
    }
    std::array<int, 4> q = faces[f];
    if (split_faces) {
      for (int& v : q) {
        const int copy = static_cast<int>(out.vertices_mm.size());
        out.vertices_mm.push_back(mesh.vertices_mm[v]);
        v = copy;
      }
    }
    out.triangles.push_back({q[0], q[1], q[2]});
    out.triangles.push_back({q[0], q[2], q[3]});
  }
  return out;
}

// Icosahedron subdivided `levels` times, vertices on the sphere of `radius_mm` about the origin.
inline anatomy::TriangleMesh icosphere(double radius_mm, int levels) {
  const double t = (1.0 + std::sqrt(5.0)) / 2.0;
  anatomy::TriangleMesh mesh;
  mesh.vertices_mm = {{-1, t, 0},  {1, t, 0},  {-1, -t, 0}, {1, -t, 0}, {0, -1, t},  {0, 1, t},
                      {0, -1, -t}, {0, 1, -t}, {t, 0, -1},  {t, 0, 1},  {-t, 0, -1}, {-t, 0, 1}};
  mesh.triangles = {{0, 11, 5}, {0, 5, 1},  {0, 1, 7},   {0, 7, 10}, {0, 10, 11},
                    {1, 5, 9},  {5, 11, 4}, {11, 10, 2}, {10, 7, 6}, {7, 1, 8},
                    {3, 9, 4},  {3, 4, 2},  {3, 2, 6},   {3, 6, 8},  {3, 8, 9},
                    {4, 9, 5},  {2, 4, 11}, {6, 2, 10},  {8, 6, 7},  {9, 8, 1}};
  for (int level = 0; level < levels; ++level) {
    std::map<std::pair<int, int>, int> mid;
    auto midpoint = [&](int a, int b) {
      const auto key = std::make_pair(std::min(a, b), std::max(a, b));
      auto it = mid.find(key);
      if (it != mid.end()) {
        return it->second;
      }
      const int m = static_cast<int>(mesh.vertices_mm.size());
      mesh.vertices_mm.push_back((mesh.vertices_mm[a] + mesh.vertices_mm[b]) * 0.5);
      mid[key] = m;
      return m;
    };
    std::vector<std::array<int, 3>> next;
    for (const auto& tri : mesh.triangles) {
      const int ab = midpoint(tri[0], tri[1]);
      const int bc = midpoint(tri[1], tri[2]);
      const int ca = midpoint(tri[2], tri[0]);
      next.push_back({tri[0], ab, ca});
      next.push_back({tri[1], bc, ab});
      next.push_back({tri[2], ca, bc});
      next.push_back({ab, bc, ca});
    }
    mesh.triangles = std::move(next);
  }
  for (Vec3& v : mesh.vertices_mm) {
    v = normalized(v) * radius_mm;
  }
  return mesh;
}

}  // namespace toxplan::atlas_build::test_meshes
