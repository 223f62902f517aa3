// BodyParts3D fixture files (tests/fixtures/bodyparts3d) read into meshes by landmark role, as
// the atlas builder reads them: LPS to RAS, scaled to mm.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "anatomy/mesh_import.h"
#include "atlas_build/skull_landmarks.h"
#include "support/test_paths.h"

namespace toxplan::atlas_build::test_fixture {

struct RoleMeshes {
  std::map<std::string, std::unique_ptr<anatomy::TriangleMesh>> meshes;
  MeshesByRole roles;
};

// Reads the files (paths under tests/fixtures/bodyparts3d/) of one role into one mesh; a file
// that cannot be read is a test failure.
inline void add_role(RoleMeshes* out, const std::string& role,
                     const std::vector<std::string>& files, double scale_to_mm) {
  const std::string dir = test::fixtures_dir() + "/bodyparts3d/";
  anatomy::MeshFrame frame;
  frame.lps = true;
  frame.scale_to_mm = scale_to_mm;
  std::vector<anatomy::MeshSource> sources;
  for (const std::string& rel : files)
    sources.push_back({dir + rel, rel, ""});
  auto mesh = std::make_unique<anatomy::TriangleMesh>();
  Findings findings;
  if (!anatomy::import_meshes(sources, frame, role, mesh.get(), &findings)) {
    ADD_FAILURE() << findings.back().message;
  }
  out->roles[role] = mesh.get();
  out->meshes[role] = std::move(mesh);
}

}  // namespace toxplan::atlas_build::test_fixture
