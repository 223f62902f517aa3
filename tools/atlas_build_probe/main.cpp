#include <cstdio>
#include <filesystem>
#include <string>

#include <vtkCellArray.h>
#include <vtkNew.h>
#include <vtkPLYWriter.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <vector>
#include "anatomy/mesh_import.h"
#include "anatomy/triangle_bvh.h"
#include "atlas_build/similarity_registration.h"
#include "atlas_build/skull_landmarks.h"

using namespace toxplan;

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  std::string mode = argv[1];
  if (mode == "dump") {
    // dump FILE OUT.txt : vertices and triangles in RAS mm
    anatomy::MeshFrame frame;
    std::string f = argv[2];
    frame.lps = true;
    if (f.size() > 4 && f.substr(f.size() - 4) == ".glb") frame.scale_to_mm = 100;
    if (argc > 4) frame.scale_to_mm = std::stod(argv[4]);
    anatomy::TriangleMesh mesh;
    Findings findings;
    if (!anatomy::import_meshes({{f, f, ""}}, frame, "x", &mesh, &findings)) {
      std::fprintf(stderr, "%s\n", findings.back().message.c_str());
      return 1;
    }
    FILE* out = std::fopen(argv[3], "w");
    for (auto& v : mesh.vertices_mm)
      std::fprintf(out, "v %.4f %.4f %.4f\n", v.x, v.y, v.z);
    for (auto& t : mesh.triangles)
      std::fprintf(out, "f %d %d %d\n", t[0] + 1, t[1] + 1, t[2] + 1);
    std::fclose(out);
    return 0;
  }
  if (mode == "depth") {
    // depth FILE... : ascii depth map; env AXIS=x|y|z SIGN=+1|-1 (ray direction), U/V ranges
    std::vector<anatomy::MeshSource> srcs;
    for (int i = 2; i < argc; ++i)
      srcs.push_back({argv[i], argv[i], ""});
    anatomy::MeshFrame frame;
    frame.lps = true;
    frame.scale_to_mm = std::getenv("SCALE") ? std::stod(std::getenv("SCALE")) : 100;
    anatomy::TriangleMesh mesh;
    Findings findings;
    if (!anatomy::import_meshes(srcs, frame, "x", &mesh, &findings)) return 1;
    anatomy::TriangleBvh bvh(&mesh);
    int axis = std::getenv("AXIS")[0] - 'x';
    double sign = std::stod(std::getenv("SIGN"));
    double u0 = std::stod(std::getenv("U0")), u1 = std::stod(std::getenv("U1"));
    double v0 = std::stod(std::getenv("V0")), v1 = std::stod(std::getenv("V1"));
    double step = std::stod(std::getenv("STEP"));
    double start = std::stod(std::getenv("START"));
    int ua = (axis + 1) % 3, va = (axis + 2) % 3;
    if (std::getenv("SWAP")) std::swap(ua, va);
    std::printf("axis %d u=%d v=%d\n", axis, ua, va);
    for (double v = v1; v >= v0; v -= step) {
      std::printf("%7.1f ", v);
      for (double u = u0; u <= u1; u += step) {
        double o[3] = {0, 0, 0};
        o[axis] = start;
        o[ua] = u;
        o[va] = v;
        double d[3] = {0, 0, 0};
        d[axis] = sign;
        std::vector<anatomy::RayHit> hits;
        bvh.intersect_line({o[0], o[1], o[2]}, {d[0], d[1], d[2]}, 0, 1e4, &hits);
        if (hits.empty()) {
          std::printf(" .");
          continue;
        }
        int depth = (int)std::floor(
            hits[0].t / (std::getenv("DSCALE") ? std::stod(std::getenv("DSCALE")) : 2.0));
        std::printf("%2d", depth > 99 ? 99 : depth);
      }
      std::printf("\n");
    }
    std::printf("        ");
    for (double u = u0; u <= u1; u += step * 5)
      std::printf("%-10.0f", u);
    std::printf("\n");
    return 0;
  }
  if (mode == "cut") {
    // cut IN OUT.ply ZMIN ZMAX SKIP_ABOVE: faces with a vertex in [ZMIN, ZMAX] (file units and
    // axes) and not wholly above SKIP_ABOVE, written as binary PLY in the file's coordinates.
    anatomy::MeshFrame frame;  // file coordinates
    anatomy::TriangleMesh mesh;
    Findings findings;
    if (!anatomy::import_meshes({{argv[2], argv[2], ""}}, frame, "x", &mesh, &findings)) return 1;
    const double zmin = std::stod(argv[4]), zmax = std::stod(argv[5]), skip = std::stod(argv[6]);
    vtkNew<vtkPoints> points;
    points->SetDataTypeToFloat();
    vtkNew<vtkCellArray> cells;
    std::vector<vtkIdType> remap(mesh.vertices_mm.size(), -1);
    for (const auto& t : mesh.triangles) {
      double lo = 1e300, hi = -1e300;
      for (int v : t) {
        lo = std::min(lo, mesh.vertices_mm[v].z);
        hi = std::max(hi, mesh.vertices_mm[v].z);
      }
      if (hi < zmin || lo > zmax || lo > skip) continue;
      vtkIdType ids[3];
      for (int k = 0; k < 3; ++k) {
        if (remap[t[k]] < 0) {
          const Vec3& p = mesh.vertices_mm[t[k]];
          remap[t[k]] = points->InsertNextPoint(p.x, p.y, p.z);
        }
        ids[k] = remap[t[k]];
      }
      cells->InsertNextCell(3, ids);
    }
    vtkNew<vtkPolyData> poly;
    poly->SetPoints(points);
    poly->SetPolys(cells);
    vtkNew<vtkPLYWriter> writer;
    writer->SetFileName(argv[3]);
    writer->SetInputData(poly);
    writer->SetFileTypeToBinary();
    writer->Write();
    std::printf("%lld triangles, %lld points\n", static_cast<long long>(cells->GetNumberOfCells()),
                static_cast<long long>(points->GetNumberOfPoints()));
    return 0;
  }
  if (mode == "ray") {
    // ray FILE ox oy oz dx dy dz (input RAS mm; SCALE env)
    anatomy::MeshFrame frame;
    frame.lps = true;
    frame.scale_to_mm = std::getenv("SCALE") ? std::stod(std::getenv("SCALE")) : 100;
    anatomy::TriangleMesh mesh;
    Findings findings;
    if (!anatomy::import_meshes({{argv[2], argv[2], ""}}, frame, "x", &mesh, &findings)) return 1;
    anatomy::TriangleBvh bvh(&mesh);
    Vec3 o{std::stod(argv[3]), std::stod(argv[4]), std::stod(argv[5])};
    Vec3 d = normalized(Vec3{std::stod(argv[6]), std::stod(argv[7]), std::stod(argv[8])});
    std::vector<anatomy::RayHit> hits;
    bvh.intersect_line(o, d, 0, 1e4, &hits);
    for (auto& h : hits) {
      Vec3 p = o + d * h.t;
      Vec3 n = normalized(mesh.triangle_normal(h.triangle));
      std::printf("t %.2f p %.2f %.2f %.2f n.d %.2f\n", h.t, p.x, p.y, p.z, dot(n, d));
    }
    return 0;
  }
  if (mode == "register") {
    // register BODYPARTS3D_DIR [inlier_fraction]: the 3.0 face muscles onto the merged 4.0 skull
    // bones + mandible; median distance to the skull per muscle, box fit vs registered.
    const std::string dir = argv[2];
    namespace fs = std::filesystem;
    const std::vector<std::string> bone_names = {
        "Frontal_bone",  "parietal_bone", "Occipital_bone", "temporal_bone",
        "Sphenoid_bone", "Ethmoid",       "zygomatic_bone", "maxilla",
        "nasal_bone",    "lacrimal_bone", "palatine_bone",  "inferior_nasal_concha",
        "Vomer",         "Mandible"};
    std::vector<anatomy::MeshSource> bones;
    for (const auto& e : fs::directory_iterator(dir + "/4.0/bones")) {
      const std::string n = e.path().filename().string();
      for (const auto& b : bone_names) {
        if (n.find(b) != std::string::npos) bones.push_back({e.path().string(), n, ""});
      }
    }
    std::sort(bones.begin(), bones.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    anatomy::MeshFrame bone_frame;
    bone_frame.lps = true;
    bone_frame.scale_to_mm = 100;
    anatomy::TriangleMesh skull;
    Findings findings;
    if (!anatomy::import_meshes(bones, bone_frame, "skull", &skull, &findings)) return 1;
    const std::vector<std::string> muscle_names = {"temporalis",      "corrugator", "procerus",
                                                   "nasalis",         "buccinator", "mentalis",
                                                   "medial_pterygoid"};
    struct Muscle {
      std::string name;
      std::size_t begin, end;
    };
    std::vector<Muscle> muscles;
    std::vector<Vec3> moving;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir + "/3.0-face"))
      files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      const std::string n = path.filename().string();
      for (const auto& m : muscle_names) {
        if (n.find(m) == std::string::npos) continue;
        anatomy::MeshFrame mf;
        mf.lps = true;
        anatomy::TriangleMesh mesh;
        if (!anatomy::import_meshes({{path.string(), n, ""}}, mf, n, &mesh, &findings)) return 1;
        // Every muscle the same weight: at most `per_muscle` of its vertices, evenly strided.
        const std::size_t per_muscle =
            std::getenv("PER_MUSCLE") ? std::stoul(std::getenv("PER_MUSCLE")) : 1000000;
        const std::size_t stride = std::max<std::size_t>(1, mesh.vertices_mm.size() / per_muscle);
        const std::size_t begin = moving.size();
        for (std::size_t i = 0; i < mesh.vertices_mm.size(); i += stride) {
          moving.push_back(mesh.vertices_mm[i]);
        }
        muscles.push_back({n.substr(n.find("FMA")), begin, moving.size()});
        std::printf("%s %zu vertices\n", n.c_str(), mesh.vertices_mm.size());
      }
    }
    std::printf("skull %zu files %zu triangles; %zu muscles %zu points\n", bones.size(),
                skull.triangles.size(), muscles.size(), moving.size());
    atlas_build::Similarity box;
    box.scale = 1.0577;
    box.translation = {-0.1, -15.5, -96.7};
    atlas_build::RegistrationOptions options;
    if (argc > 3) options.inlier_fraction = std::stod(argv[3]);
    if (argc > 4) options.max_iterations = std::stoi(argv[4]);
    const auto t0 = std::chrono::steady_clock::now();
    const auto result = atlas_build::register_similarity(moving, skull, box, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const anatomy::TriangleBvh bvh(&skull);
    auto median_distance = [&](const atlas_build::Similarity& t, const Muscle& m) {
      std::vector<double> d;
      for (std::size_t i = m.begin; i < m.end; ++i) {
        anatomy::ClosestPoint cp;
        bvh.closest_point(t.apply(moving[i]), 1e4, &cp);
        d.push_back(cp.distance_mm);
      }
      std::nth_element(d.begin(), d.begin() + d.size() / 2, d.end());
      return d[d.size() / 2];
    };
    // Share of a muscle's points inside bone (odd crossings of a ray along +x and along +z).
    auto inside_share = [&](const atlas_build::Similarity& t, const Muscle& m) {
      std::size_t in = 0;
      for (std::size_t i = m.begin; i < m.end; ++i) {
        std::vector<anatomy::RayHit> h1, h2;
        const Vec3 p = t.apply(moving[i]);
        bvh.intersect_line(p, {1, 0, 0}, 0, 1e4, &h1);
        bvh.intersect_line(p, {0, 0, 1}, 0, 1e4, &h2);
        anatomy::ClosestPoint cp;
        if (h1.size() % 2 == 1 && h2.size() % 2 == 1 && bvh.closest_point(p, 1e4, &cp) &&
            cp.distance_mm > 1.0) {
          ++in;
        }
      }
      return 100.0 * in / (m.end - m.begin);
    };
    for (const auto& m : muscles) {
      std::printf(
          "%-50s box %5.2f (%4.1f%% > 1 mm in bone)  registered %5.2f (%4.1f%% > 1 mm in bone)\n",
          m.name.c_str(), median_distance(box, m), inside_share(box, m),
          median_distance(result.transform, m), inside_share(result.transform, m));
    }
    // Regional refinement: one set per muscle pair (left and right together keep symmetry).
    {
      std::vector<std::string> pair_names;
      std::vector<std::vector<Vec3>> sets;
      std::vector<std::vector<const Muscle*>> members;
      for (const auto& m : muscles) {
        std::string key = m.name.substr(m.name.find('_') + 1);
        for (const char* side : {"Left_", "Right_"}) {
          if (key.rfind(side, 0) == 0) key = key.substr(std::string(side).size());
        }
        auto it = std::find(pair_names.begin(), pair_names.end(), key);
        std::size_t k = static_cast<std::size_t>(it - pair_names.begin());
        if (it == pair_names.end()) {
          pair_names.push_back(key);
          sets.emplace_back();
          members.emplace_back();
        }
        sets[k].insert(sets[k].end(), moving.begin() + m.begin, moving.begin() + m.end);
        members[k].push_back(&m);
      }
      const auto t1 = std::chrono::steady_clock::now();
      const auto regional = atlas_build::refine_each(sets, skull, result.transform, options);
      std::printf("regional refinement %.2f s\n",
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count());
      for (std::size_t k = 0; k < sets.size(); ++k) {
        const auto& rr = regional[k];
        std::printf("pair %-32s %s shift %.2f mm scale %.4f:", pair_names[k].c_str(),
                    rr.refined ? "KEPT    " : "rejected", rr.max_shift_mm,
                    rr.result.transform.scale);
        for (const Muscle* m : members[k]) {
          std::printf("  %.2f (%.1f%%)", median_distance(rr.result.transform, *m),
                      inside_share(rr.result.transform, *m));
        }
        std::printf("\n");
      }
    }
    const auto& r = result.transform.rotation;
    std::printf("scale %.5f t %.3f %.3f %.3f R %.5f %.5f %.5f / %.5f %.5f %.5f / %.5f %.5f %.5f\n",
                result.transform.scale, result.transform.translation.x,
                result.transform.translation.y, result.transform.translation.z, r[0], r[1], r[2],
                r[3], r[4], r[5], r[6], r[7], r[8]);
    std::printf("inlier median %.3f -> %.3f, p90 %.3f, %d iterations, %zu pairs, %.2f s\n",
                result.median_residual_before_mm, result.median_residual_mm, result.p90_residual_mm,
                result.iterations, result.pairs_used, seconds);
    return 0;
  }
  if (mode == "landmarks") {
    // landmarks BODYPARTS3D_DIR : every landmark in the atlas frame, and the time taken
    const std::string dir = argv[2];
    const std::map<std::string, std::string> files = {
        {"frontal_bone", "4.0/bones/FJ3200_BP50323_FMA52734_Frontal_bone.glb"},
        {"parietal_bone_L", "4.0/bones/FJ3274_BP50245_FMA52789_Left_parietal_bone.glb"},
        {"parietal_bone_R", "4.0/bones/FJ3380_BP50417_FMA52788_Right_parietal_bone.glb"},
        {"occipital_bone", "4.0/bones/FJ3309_BP50492_FMA52735_Occipital_bone.glb"},
        {"temporal_bone_L", "4.0/bones/FJ3281_BP50407_FMA52739_Left_temporal_bone.glb"},
        {"temporal_bone_R", "4.0/bones/FJ3386_BP50640_FMA52738_Right_temporal_bone.glb"},
        {"zygomatic_bone_L", "4.0/bones/FJ3287_BP50539_FMA52893_Left_zygomatic_bone.glb"},
        {"zygomatic_bone_R", "4.0/bones/FJ3392_BP50261_FMA52892_Right_zygomatic_bone.glb"},
        {"maxilla_L", "4.0/bones/FJ3269_BP50452_FMA53650_Left_maxilla.glb"},
        {"maxilla_R", "4.0/bones/FJ3375_BP50505_FMA53649_Right_maxilla.glb"},
        {"nasal_bone_L", "4.0/bones/FJ6383_BP49463_FMA53648_Left_nasal_bone.glb"},
        {"nasal_bone_R", "4.0/bones/FJ6470_BP49469_FMA53647_Right_nasal_bone.glb"},
        {"sphenoid_bone", "4.0/bones/FJ3394_BP50491_FMA52736_Sphenoid_bone.glb"},
        {"mandible", "4.0/bones/FJ3289_BP50330_FMA52748_Mandible.glb"},
        {"vertebra_C2", "4.0/bones/FJ3177_BP50266_FMA12520_Axis.glb"},
        {"vertebra_C7", "4.0/bones/FJ3172_BP50475_FMA12525_Seventh_cervical_vertebra.glb"},
        {"clavicle_L", "4.0/bones/FJ3237_BP49030_FMA13323_Left_clavicle.glb"},
        {"clavicle_R", "4.0/bones/FJ3362_BP49034_FMA13322_Right_clavicle.glb"},
        {"scapula_L", "4.0/bones/FJ3279_BP49237_FMA13396_Left_scapula.glb"},
        {"scapula_R", "4.0/bones/FJ3384_BP49365_FMA13395_Right_scapula.glb"},
        {"manubrium", "4.0/bones/FJ3290_BP48924_FMA7486_Manubrium.glb"},
        {"skin", "skin/FJ2810_skin.obj"}};
    std::map<std::string, std::unique_ptr<anatomy::TriangleMesh>> meshes;
    atlas_build::MeshesByRole roles;
    for (const auto& [role, rel] : files) {
      anatomy::MeshFrame frame;
      frame.lps = true;
      frame.scale_to_mm = role == "skin" ? 1.0 : 100.0;
      auto mesh = std::make_unique<anatomy::TriangleMesh>();
      Findings findings;
      const std::string path = dir + "/" + rel;
      if (!anatomy::import_meshes({{path, rel, ""}}, frame, role, mesh.get(), &findings)) {
        std::fprintf(stderr, "%s\n", findings.back().message.c_str());
        return 1;
      }
      roles[role] = mesh.get();
      meshes[role] = std::move(mesh);
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto landmarks = atlas_build::compute_landmarks(roles);
    auto frame = atlas_build::frame_from_landmarks(landmarks);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& l : landmarks) {
      const Vec3 p = frame.apply(l.position_mm);
      std::printf("%-26s %8.2f %8.2f %8.2f   %s\n", l.id.c_str(), p.x, p.y, p.z, l.rule.c_str());
    }
    std::printf("frankfort tilt before %.2f deg; landmarks + frame %.3f s\n",
                frame.frankfort_tilt_before_deg, seconds);
    return 0;
  }
  return 2;
}
