// toxplan_atlas_gen --out assets/atlas/schematic [--only id,id,...]
// Generates the schematic atlas: meshes/*.ply (binary) and atlas.json. Deterministic: fixed
// parameters, no randomness, so a rerun writes byte-identical files.
#include <vtkPLYWriter.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "body.h"
#include "catalogue.h"
#include "landmarks.h"
#include "manifest.h"
#include "mesher.h"

namespace {

void write_ply(vtkPolyData* mesh, const std::string& path) {
  auto w = vtkSmartPointer<vtkPLYWriter>::New();
  w->SetFileName(path.c_str());
  w->SetInputData(mesh);
  w->SetFileTypeToBinary();
  w->SetDataByteOrderToLittleEndian();
  if (!w->Write()) throw std::runtime_error("cannot write " + path);
}

std::set<std::string> split(const std::string& s) {
  std::set<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    out.insert(item);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace atlas_gen;
  std::string out_dir;
  std::set<std::string> only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--out" && i + 1 < argc) {
      out_dir = argv[++i];
    } else if (a == "--only" && i + 1 < argc) {
      only = split(argv[++i]);
    } else {
      std::cerr << "usage: toxplan_atlas_gen --out DIR [--only id,id,...]\n";
      return 2;
    }
  }
  if (out_dir.empty()) {
    std::cerr << "usage: toxplan_atlas_gen --out DIR [--only id,id,...]\n";
    return 2;
  }
  try {
    const auto t0 = std::chrono::steady_clock::now();
    std::filesystem::create_directories(out_dir + "/meshes");
    const Body body(1.2);
    std::cout << "depth field ready\n";
    const auto defs = build_catalogue(body);
    std::map<std::string, vtkSmartPointer<vtkPolyData>> meshes;
    bool all_closed = true;
    for (const auto& d : defs) {
      const std::string base = d.mirror_of.empty() ? d.id : d.mirror_of;
      if (!only.empty() && !only.count(base)) continue;
      vtkSmartPointer<vtkPolyData> mesh;
      if (!d.mirror_of.empty()) {
        mesh = mirror_mesh(meshes.at(d.mirror_of));
      } else {
        mesh = mesh_structure(d);
      }
      meshes[d.id] = mesh;
      write_ply(mesh, out_dir + "/meshes/" + d.id + ".ply");
      const MeshStats st = mesh_stats(mesh);
      double b[6];
      mesh->GetBounds(b);
      all_closed = all_closed && st.open_edges == 0;
      std::printf(
          "%-34s tris %7ld open %4ld vol %8.2f cm3  x[%7.1f %7.1f] y[%7.1f %7.1f] z[%7.1f %7.1f]\n",
          d.id.c_str(), st.triangles, st.open_edges, st.volume_cm3, b[0], b[1], b[2], b[3], b[4],
          b[5]);
      std::fflush(stdout);
    }
    const auto landmarks = build_landmarks(body);
    std::ofstream(out_dir + "/atlas.json") << manifest_json(defs, landmarks);
    for (const auto& l : landmarks) {
      std::printf("  %-28s %8.2f %8.2f %8.2f\n", l.id.c_str(), l.position.x, l.position.y,
                  l.position.z);
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("done in %.0f s%s\n", secs, all_closed ? "" : " (SOME MESHES NOT CLOSED)");
    return all_closed ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "atlas_gen: " << e.what() << "\n";
    return 1;
  }
}
