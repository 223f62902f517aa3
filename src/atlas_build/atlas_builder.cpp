#include "atlas_build/atlas_builder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "anatomy/mesh_import.h"
#include "anatomy/structure.h"
#include "anatomy/triangle_bvh.h"
#include "atlas_build/display_mesh.h"
#include "atlas_build/fibre_rules.h"
#include "atlas_build/limb_landmarks.h"
#include "atlas_build/mesh_measures.h"
#include "atlas_build/overlap_resolution.h"
#include "atlas_build/plane_cut.h"
#include "atlas_build/ply_writer.h"
#include "atlas_build/similarity_registration.h"
#include "atlas_build/skull_landmarks.h"
#include "atlas_build/soft_tissue.h"
#include "atlas_build/source_index.h"
#include "atlas_build/surface_closing.h"
#include "base/exception_text.h"
#include "base/parallel_for.h"

namespace toxplan::atlas_build {

namespace fs = std::filesystem;
using anatomy::TriangleMesh;
using json = nlohmann::ordered_json;

namespace {

// What the build learnt about one structure, for the manifest and the build report.
struct Built {
  const RecipeStructure* recipe = nullptr;
  TriangleMesh mesh;
  std::vector<std::string> source_paths;  // relative to --sources
  std::string fma_id;
  int boundary_edges_before = 0;
  double closing_hausdorff_mm = 0.0;
  std::string closing_method;
  int overlap_vertices_moved = 0;
  double overlap_deepest_before_mm = 0.0, overlap_deepest_after_mm = 0.0;
  std::string derived_method;
  std::vector<std::string> derived_sources;
  std::map<std::string, std::pair<Thickness, std::pair<double, double>>> thickness;
  anatomy::FibreField fibre;
};

// Through the whole count of steps per unit, so that 0.99614 is written as 0.99614, not
// 0.9961400000000001.
double round_to(double v, double step) {
  const double per_unit = std::round(1.0 / step);
  return std::round(v * per_unit) / per_unit;
}

json vec_json(const Vec3& v, double step = 0.01) {
  return json::array({round_to(v.x, step), round_to(v.y, step), round_to(v.z, step)});
}

void add_error(Findings* findings, const std::string& code, const std::string& pointer,
               const std::string& message) {
  findings->push_back({code, Severity::Error, "", pointer, 0, message});
}

const SourceSet* set_of(const Recipe& recipe, const SourceFile& file) {
  for (const SourceSet& set : recipe.source_sets) {
    const std::string prefix = set.folder.empty() ? "" : set.folder + "/";
    if (file.relative_path.compare(0, prefix.size(), prefix) == 0) return &set;
  }
  return nullptr;
}

// file coordinates -> mm in the set's frame -> the reference release -> RAS.
Vec3 to_common_ras(const SourceSet& set, const Vec3& p) {
  Vec3 q = p * set.scale_to_mm;
  q = q * set.to_reference_scale + set.to_reference_translation_mm;
  if (set.lps) q = Vec3{-q.x, -q.y, q.z};
  return q;
}

void append(TriangleMesh* into, const TriangleMesh& part) {
  const int offset = static_cast<int>(into->vertices_mm.size());
  into->vertices_mm.insert(into->vertices_mm.end(), part.vertices_mm.begin(),
                           part.vertices_mm.end());
  for (const auto& t : part.triangles) {
    into->triangles.push_back({t[0] + offset, t[1] + offset, t[2] + offset});
  }
}

Vec3 centroid(const TriangleMesh& mesh) {
  Vec3 sum;
  for (const Vec3& v : mesh.vertices_mm)
    sum = sum + v;
  return mesh.vertices_mm.empty() ? sum
                                  : sum * (1.0 / static_cast<double>(mesh.vertices_mm.size()));
}

void transform_mesh(TriangleMesh* mesh, const std::function<Vec3(const Vec3&)>& f) {
  for (Vec3& v : mesh->vertices_mm)
    v = f(v);
}

bool boxes_overlap(const anatomy::Box& a, const anatomy::Box& b, double margin_mm) {
  return a.min_mm.x - margin_mm <= b.max_mm.x && b.min_mm.x - margin_mm <= a.max_mm.x &&
         a.min_mm.y - margin_mm <= b.max_mm.y && b.min_mm.y - margin_mm <= a.max_mm.y &&
         a.min_mm.z - margin_mm <= b.max_mm.z && b.min_mm.z - margin_mm <= a.max_mm.z;
}

}  // namespace

bool build_atlas(const Recipe& recipe, const BuildOptions& options, Findings* findings) {
  const int steps = 9;
  auto progress = [&](int step, const std::string& what, const std::string& detail = "") {
    if (options.progress) options.progress(step, steps, what, detail);
  };
  try {
    // 1. Find and read every source mesh.
    progress(1, "read sources");
    if (!fs::is_directory(options.sources_dir)) {
      add_error(findings, "SOURCES_MISSING", "",
                options.sources_dir +
                    ": the sources folder does not exist; pass --sources with the folder that "
                    "holds the BodyParts3D files (docs/atlas-build.md)");
      return false;
    }
    const SourceIndex index = SourceIndex::scan(options.sources_dir);
    std::vector<Built> built(recipe.structures.size());
    struct FileJob {
      std::size_t structure;
      const SourceFile* file;
      const SourceSet* set;
      std::string pointer;
    };
    std::vector<FileJob> jobs;
    bool ok = true;
    for (std::size_t i = 0; i < recipe.structures.size(); ++i) {
      const RecipeStructure& s = recipe.structures[i];
      built[i].recipe = &s;
      built[i].fma_id = s.fma_id;
      for (std::size_t k = 0; k < s.sources.size(); ++k) {
        const std::string pointer = s.pointer + "/sources/" + std::to_string(k);
        std::vector<const SourceFile*> found = index.find(s.sources[k]);
        // One FMA id may have a file in two releases: the first source set listed wins.
        const SourceFile* chosen = nullptr;
        const SourceSet* chosen_set = nullptr;
        for (const SourceSet& set : recipe.source_sets) {
          for (const SourceFile* f : found) {
            if (!chosen && set_of(recipe, *f) == &set) {
              chosen = f;
              chosen_set = &set;
            }
          }
        }
        if (!chosen) {
          ok = false;
          add_error(findings, "RECIPE_SOURCE_MISSING", pointer,
                    recipe.path + ": structure \"" + s.id + "\" (" + pointer + "): no file for \"" +
                        s.sources[k] + "\" under " + index.dir() +
                        (found.empty() ? "" : " in any source set's folder") +
                        "; put the file there (BodyParts3D names: FJ..._BP..._FMA<id>_<name>) or "
                        "remove the source from the recipe");
          continue;
        }
        if (built[i].fma_id.empty()) built[i].fma_id = chosen->fma_id;
        built[i].source_paths.push_back(chosen->relative_path);
        jobs.push_back({i, chosen, chosen_set, pointer});
      }
    }
    // The real skin is an input of the layers and landmarks, not a structure itself.
    constexpr std::size_t kSkin = static_cast<std::size_t>(-1);
    if (!recipe.skin_source.empty()) {
      std::vector<const SourceFile*> found = index.find(recipe.skin_source);
      const SourceSet* set = found.empty() ? nullptr : set_of(recipe, *found[0]);
      if (!set) {
        ok = false;
        add_error(findings, "RECIPE_SOURCE_MISSING", "/skin_source",
                  recipe.path + ": skin_source: no file for \"" + recipe.skin_source +
                      "\" in a "
                      "source set's folder under " +
                      index.dir() + "; put the skin mesh there");
      } else {
        jobs.push_back({kSkin, found[0], set, "/skin_source"});
      }
    }
    if (!ok) return false;
    std::vector<TriangleMesh> file_meshes(jobs.size());
    std::vector<Findings> file_findings(jobs.size());
    std::vector<ClosedSurface> closings(jobs.size());
    std::vector<bool> was_open(jobs.size(), false);
    // Reading and closing each file is independent: in parallel, each result in its own slot,
    // so that the output does not depend on which thread did what.
    parallel_for(0, static_cast<std::int64_t>(jobs.size()), 1, [&](std::int64_t b, std::int64_t e) {
      for (std::int64_t j = b; j < e; ++j) {
        const FileJob& job = jobs[j];
        anatomy::MeshFrame frame;  // file units; the set's frame is applied below
        TriangleMesh mesh;
        if (!anatomy::import_meshes({{job.file->path, job.file->relative_path, job.pointer}}, frame,
                                    job.structure == kSkin ? std::string("skin_source")
                                                           : recipe.structures[job.structure].id,
                                    &mesh, &file_findings[j])) {
          continue;
        }
        transform_mesh(&mesh, [&](const Vec3& p) { return to_common_ras(*job.set, p); });
        const OpenEdges open = count_open_edges(mesh);
        // The skin is cut and closed by the soft-tissue step, not here.
        if (job.structure != kSkin && !open.closed()) {
          was_open[j] = true;
          closings[j] = close_surface(mesh, recipe.close_tolerance_mm);
          mesh = closings[j].mesh;
        }
        file_meshes[j] = std::move(mesh);
      }
    });
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      for (Finding f : file_findings[j]) {
        f.message = recipe.path + " " + jobs[j].pointer + ": " + f.message;
        ok = ok && f.severity != Severity::Error;
        findings->push_back(f);
      }
      if (was_open[j] && jobs[j].structure != kSkin) {
        Built& b = built[jobs[j].structure];
        b.boundary_edges_before += closings[j].boundary_edges_before;
        b.closing_hausdorff_mm = std::max(b.closing_hausdorff_mm, closings[j].hausdorff_mm);
        b.closing_method = closings[j].method;
        if (closings[j].hausdorff_mm > recipe.close_tolerance_mm) {
          ok = false;
          add_error(findings, "CLOSING_OVER_TOLERANCE", jobs[j].pointer,
                    recipe.path + " " + jobs[j].pointer + ": closing " +
                        jobs[j].file->relative_path + " moved the surface up to " +
                        std::to_string(closings[j].hausdorff_mm) +
                        " mm from the source, more than the recipe's close_tolerance_mm");
        }
      }
    }
    if (!ok) return false;

    // 2. Register the sets that are mapped onto another release (3.0 face muscles onto the 4.0
    // skull), refining the recipe's initial similarity by trimmed ICP.
    progress(2, "register sources onto the reference skull");
    json registration_report = json::object();
    for (const SourceSet& set : recipe.source_sets) {
      if (set.register_onto.empty()) continue;
      TriangleMesh fixed;
      for (const std::string& id : set.register_onto) {
        for (std::size_t j = 0; j < jobs.size(); ++j) {
          if (jobs[j].structure != kSkin && recipe.structures[jobs[j].structure].id == id) {
            append(&fixed, file_meshes[j]);
          }
        }
      }
      // At most 800 points per file, so that the two temporalis (most of the points) do not
      // decide the fit for the small muscles (docs/atlas-build-landmarks.md).
      std::vector<Vec3> moving;
      std::map<std::string, std::vector<std::size_t>> jobs_of_group;  // muscle group -> files
      for (std::size_t j = 0; j < jobs.size(); ++j) {
        if (jobs[j].set != &set) continue;
        jobs_of_group[recipe.structures[jobs[j].structure].group].push_back(j);
      }
      auto sample = [&](std::size_t j, std::vector<Vec3>* into) {
        const auto& verts = file_meshes[j].vertices_mm;
        const std::size_t stride = std::max<std::size_t>(1, verts.size() / 800);
        for (std::size_t v = 0; v < verts.size(); v += stride)
          into->push_back(verts[v]);
      };
      std::vector<std::string> groups;
      std::vector<std::vector<Vec3>> group_points;
      for (const auto& [group, group_jobs] : jobs_of_group) {
        groups.push_back(group);
        group_points.emplace_back();
        for (std::size_t j : group_jobs)
          sample(j, &group_points.back());
        moving.insert(moving.end(), group_points.back().begin(), group_points.back().end());
      }
      if (moving.empty() || fixed.triangles.empty()) continue;
      // One fit for the whole set, then each muscle group (a left/right pair) refined on its own
      // where that stays within 3 mm and 3 % of the common fit.
      const RegistrationResult reg = register_similarity(moving, fixed, Similarity{});
      const std::vector<RegionalResult> regional = refine_each(group_points, fixed, reg.transform);
      json per_group = json::object();
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const Similarity& use = regional[g].transform;
        for (std::size_t j : jobs_of_group[groups[g]]) {
          transform_mesh(&file_meshes[j], [&](const Vec3& p) { return use.apply(p); });
        }
        per_group[groups[g]] = {
            {"refined", regional[g].refined},
            {"median_residual_mm", round_to(regional[g].result.median_residual_mm, 0.001)},
            {"max_shift_from_common_mm", round_to(regional[g].max_shift_mm, 0.001)}};
      }
      registration_report[set.id] = {
          {"onto", set.register_onto},
          {"moving_points", moving.size()},
          {"scale", round_to(reg.transform.scale, 1e-5)},
          {"translation_mm", vec_json(reg.transform.translation, 0.001)},
          {"median_residual_before_mm", round_to(reg.median_residual_before_mm, 0.001)},
          {"median_residual_mm", round_to(reg.median_residual_mm, 0.001)},
          {"p90_residual_mm", round_to(reg.p90_residual_mm, 0.001)},
          {"iterations", reg.iterations},
          {"groups", per_group}};
    }
    TriangleMesh skin;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      append(jobs[j].structure == kSkin ? &skin : &built[jobs[j].structure].mesh, file_meshes[j]);
    }
    file_meshes.clear();

    // 3. Landmarks from the real skull and skin, and the atlas frame they define.
    progress(3, "landmarks and frame");
    // A recipe without landmark roles (a test fixture, a partial atlas) keeps the common RAS
    // frame of its sources and has no landmarks.
    std::vector<ComputedLandmark> landmarks;
    AtlasFrame frame;
    if (!recipe.landmark_roles.empty()) {
      MeshesByRole roles;
      if (!skin.triangles.empty()) roles["skin"] = &skin;
      for (const auto& [role, id] : recipe.landmark_roles) {
        for (const Built& b : built) {
          if (b.recipe->id == id && !b.mesh.triangles.empty()) roles[role] = &b.mesh;
        }
      }
      if (recipe.body_region == BodyRegion::HeadNeck) {
        landmarks = compute_landmarks(roles);
        frame = frame_from_landmarks(landmarks);
      } else {
        landmarks = compute_limb_landmarks(recipe.body_region, roles);
        frame = limb_frame(recipe.body_region, landmarks);
      }
      for (Built& b : built) {
        transform_mesh(&b.mesh, [&](const Vec3& p) { return frame.apply(p); });
      }
      transform_mesh(&skin, [&](const Vec3& p) { return frame.apply(p); });
      for (ComputedLandmark& l : landmarks)
        l.position_mm = frame.apply(l.position_mm);
    }
    std::map<std::string, Vec3> landmark_at;
    for (const ComputedLandmark& l : landmarks)
      landmark_at[l.id] = l.position_mm;

    // 4. Sides: a structure must lie on the side it is declared on (BodyParts3D names the middle
    // pharyngeal constrictors' sides the wrong way round; the recipe says which file is which).
    progress(4, "cut, check sides");
    parallel_for(0, static_cast<std::int64_t>(built.size()), 1,
                 [&](std::int64_t b, std::int64_t e) {
                   for (std::int64_t i = b; i < e; ++i)
                     built[i].mesh =
                         cut_to_slab(built[i].mesh, recipe.cut_below_z_mm, recipe.cut_above_z_mm);
                 });
    for (const Built& b : built) {
      if (b.recipe->derived.empty() && b.mesh.triangles.empty()) {
        ok = false;
        add_error(findings, "STRUCTURE_BELOW_CUT", b.recipe->pointer,
                  recipe.path + ": structure \"" + b.recipe->id +
                      "\" lies wholly outside the cut (below z = " +
                      std::to_string(recipe.cut_below_z_mm) + " mm" +
                      (recipe.cut_above_z_mm
                           ? " or above z = " + std::to_string(*recipe.cut_above_z_mm) + " mm"
                           : std::string()) +
                      "); remove it or move build.cut_below_z_mm / cut_above_z_mm");
      }
    }
    for (const Built& b : built) {
      if (b.mesh.triangles.empty()) continue;
      const double x = centroid(b.mesh).x;
      const std::string& side = b.recipe->side;
      if ((side == "L" && x > 0) || (side == "R" && x < 0)) {
        ok = false;
        add_error(findings, "RECIPE_SIDE_MISMATCH", b.recipe->pointer + "/side",
                  recipe.path + ": structure \"" + b.recipe->id + "\" is declared side " + side +
                      " but its meshes lie on the patient's " + (x > 0 ? "right" : "left") +
                      " (centre x = " + std::to_string(x) +
                      " mm); check which source file is which side");
      }
    }
    if (!ok) return false;

    // 5. Overlaps: muscles are moved out of the bones they enter.
    progress(5, "resolve overlaps");
    std::vector<std::size_t> bones, muscles;
    for (std::size_t i = 0; i < built.size(); ++i) {
      if (built[i].mesh.triangles.empty()) continue;
      if (built[i].recipe->kind == "bone") bones.push_back(i);
      if (built[i].recipe->kind == "muscle") muscles.push_back(i);
    }
    std::vector<anatomy::Box> bounds(built.size());
    for (std::size_t i = 0; i < built.size(); ++i) {
      if (!built[i].mesh.triangles.empty()) bounds[i] = built[i].mesh.bounds();
    }
    parallel_for(
        0, static_cast<std::int64_t>(muscles.size()), 1, [&](std::int64_t b, std::int64_t e) {
          for (std::int64_t k = b; k < e; ++k) {
            Built& m = built[muscles[k]];
            std::vector<const TriangleMesh*> hard;
            for (std::size_t i : bones) {
              const bool listed = !m.recipe->clear_of ||
                                  std::count(m.recipe->clear_of->begin(), m.recipe->clear_of->end(),
                                             built[i].recipe->id) > 0;
              if (listed && boxes_overlap(bounds[muscles[k]], bounds[i], 2.0)) {
                hard.push_back(&built[i].mesh);
              }
            }
            if (hard.empty()) continue;
            OverlapResolution r = move_out_of(m.mesh, hard, recipe.clearance_mm);
            m.overlap_vertices_moved = r.vertices_moved;
            m.overlap_deepest_before_mm = r.deepest_before_mm;
            m.overlap_deepest_after_mm = r.deepest_after_mm;
            m.mesh = std::move(r.mesh);
          }
        });

    // 6. Skin, fat and the structures derived from the real skin and bones.
    progress(6, "skin, fat and derived structures");
    bool any_derived = false;
    for (const Built& b : built)
      any_derived = any_derived || !b.recipe->derived.empty();
    if (any_derived) {
      if (skin.triangles.empty()) {
        add_error(findings, "RECIPE_SKIN_MISSING", "/skin_source",
                  recipe.path +
                      ": derived structures need the real skin: name its file as "
                      "\"skin_source\"");
        return false;
      }
      SoftTissueInputs inputs;
      inputs.skin = &skin;
      inputs.cut_below_z_mm = recipe.cut_below_z_mm;
      inputs.cut_above_z_mm = recipe.cut_above_z_mm;
      inputs.body_region = recipe.body_region;
      inputs.spacing_mm = recipe.soft_tissue_spacing_mm;
      inputs.landmarks = landmark_at;
      for (std::size_t i : bones)
        inputs.bones.emplace_back(built[i].recipe->id, &built[i].mesh);
      for (std::size_t i : muscles)
        inputs.muscles.emplace_back(built[i].recipe->id, &built[i].mesh);
      SoftTissueBuilder soft(inputs);
      for (Built& b : built) {
        const std::string& method = b.recipe->derived;
        if (method.empty()) continue;
        progress(6, "skin, fat and derived structures", b.recipe->id);
        DerivedStructure d = method == "skin_shell"  ? soft.skin_shell()
                             : method == "fat_shell" ? soft.fat_shell()
                                                     : soft.derived(method, b.recipe->side);
        b.mesh = std::move(d.mesh);
        b.derived_method = d.method;
        b.derived_sources = d.sources;
        b.thickness = d.thickness;
      }
      // Landmarks found on the source skin move with it where it was conformed, except the
      // tragia: they define the frame's origin (the skin around them is not conformed).
      for (ComputedLandmark& l : landmarks)
        if (l.rule.rfind("skin:", 0) == 0 && l.id.rfind("tragion", 0) != 0) {
          l.position_mm = soft.moved_with_skin(l.position_mm);
          landmark_at[l.id] = l.position_mm;
        }
      for (const std::string& note : soft.notes())
        progress(6, "skin, fat and derived structures", note);
    }

    // 7. Fibre fields.
    progress(7, "fibres");
    std::map<std::string, const TriangleMesh*> mesh_of;
    for (const Built& b : built)
      mesh_of[b.recipe->id] = &b.mesh;
    for (Built& b : built) {
      if (!b.recipe->fibre) continue;
      b.fibre = fibre_field(*b.recipe->fibre, b.mesh, mesh_of, landmark_at, b.recipe->pointer);
    }

    // 8. Write the meshes, display meshes, manifest, licence and report.
    progress(8, "write meshes");
    const fs::path out(options.out_dir);
    fs::create_directories(out / "meshes" / "display");
    std::vector<std::string> written(built.size());
    std::vector<std::string> displays(built.size());
    parallel_for(0, static_cast<std::int64_t>(built.size()), 1,
                 [&](std::int64_t b, std::int64_t e) {
                   for (std::int64_t i = b; i < e; ++i) {
                     const Built& s = built[i];
                     if (s.mesh.triangles.empty()) continue;
                     written[i] = "meshes/" + s.recipe->id + ".ply";
                     write_binary_ply((out / written[i]).string(), s.mesh);
                     if (static_cast<int>(s.mesh.triangles.size()) > recipe.display_triangles) {
                       displays[i] = "meshes/display/" + s.recipe->id + ".ply";
                       write_binary_ply((out / displays[i]).string(),
                                        decimate_for_display(s.mesh, recipe.display_triangles));
                     }
                   }
                 });

    progress(9, "write manifest and report");
    json manifest = {{"format", "toxplan-atlas"},
                     {"version", 1},
                     {"id", recipe.atlas_id},
                     {"atlas_version", recipe.atlas_version},
                     {"name", recipe.name},
                     {"units", "mm"},
                     {"coordinate_system", "RAS"},
                     {"licence", recipe.licence},
                     {"attribution", recipe.attribution}};
    json structures = json::array();
    json report_structures = json::array();
    for (std::size_t i = 0; i < built.size(); ++i) {
      const Built& b = built[i];
      const RecipeStructure& r = *b.recipe;
      if (written[i].empty()) {
        ok = false;
        add_error(findings, "STRUCTURE_EMPTY", r.pointer,
                  recipe.path + ": structure \"" + r.id + "\" came out empty");
        continue;
      }
      json s = {
          {"id", r.id}, {"name", r.name}, {"kind", r.kind}, {"side", r.side}, {"group", r.group}};
      if (r.colour) s["colour"] = *r.colour;
      s["mesh"] = written[i];
      if (!displays[i].empty()) s["display_mesh"] = displays[i];
      if (!b.fma_id.empty()) s["fma_id"] = b.fma_id;
      if (!b.derived_method.empty()) {
        s["derived"] = {{"method", b.derived_method}, {"sources", b.derived_sources}};
      }
      switch (b.fibre.type) {
        case anatomy::FibreField::Type::Constant:
          s["fibre"] = {{"type", "constant"}, {"direction", vec_json(b.fibre.direction, 1e-4)}};
          break;
        case anatomy::FibreField::Type::Converge:
          s["fibre"] = {{"type", "converge"}, {"point", vec_json(b.fibre.point_mm)}};
          break;
        case anatomy::FibreField::Type::Path: {
          json points = json::array();
          for (const Vec3& p : b.fibre.path_mm)
            points.push_back(vec_json(p));
          s["fibre"] = {{"type", "path"}, {"points", points}};
          break;
        }
        case anatomy::FibreField::Type::None:
          break;
      }
      if (r.danger) {
        if (r.adverse_effect.empty()) {
          s["danger"] = true;
        } else {
          s["danger"] = {{"adverse_effect", r.adverse_effect}};
        }
      }
      if (r.priority) s["priority"] = *r.priority;
      structures.push_back(s);

      json rep = {{"id", r.id},
                  {"sources", b.source_paths},
                  {"triangles", b.mesh.triangles.size()},
                  {"closed", count_open_edges(b.mesh).closed()},
                  {"volume_cm3", round_to(enclosed_volume_mm3(b.mesh) / 1000.0, 0.001)}};
      if (b.boundary_edges_before > 0) {
        rep["closing"] = {{"boundary_edges_before", b.boundary_edges_before},
                          {"hausdorff_mm", round_to(b.closing_hausdorff_mm, 0.001)},
                          {"method", b.closing_method}};
      }
      if (b.overlap_vertices_moved > 0) {
        rep["overlap"] = {{"vertices_moved", b.overlap_vertices_moved},
                          {"deepest_before_mm", round_to(b.overlap_deepest_before_mm, 0.001)},
                          {"deepest_after_mm", round_to(b.overlap_deepest_after_mm, 0.001)}};
      }
      if (!b.thickness.empty()) {
        json t = json::object();
        for (const auto& [region, value] : b.thickness) {
          t[region] = {{"min_mm", round_to(value.first.min_mm, 0.01)},
                       {"median_mm", round_to(value.first.median_mm, 0.01)},
                       {"max_mm", round_to(value.first.max_mm, 0.01)},
                       {"sourced_range_mm",
                        {round_to(value.second.first, 0.01), round_to(value.second.second, 0.01)}}};
        }
        rep["thickness"] = t;
      }
      if (!r.note.empty()) rep["note"] = r.note;
      report_structures.push_back(rep);
    }
    manifest["structures"] = structures;
    json landmark_list = json::array();
    json landmark_rules = json::array();
    for (const ComputedLandmark& l : landmarks) {
      landmark_list.push_back(
          {{"id", l.id}, {"name", l.name}, {"position", vec_json(l.position_mm)}});
      landmark_rules.push_back({{"id", l.id}, {"rule", l.rule}});
    }
    manifest["landmarks"] = landmark_list;

    auto write_text = [](const fs::path& path, const std::string& text) {
      const fs::path temporary = path.string() + ".partial";
      {
        std::ofstream f(temporary, std::ios::binary | std::ios::trunc);
        f << text;
        if (!f) throw std::runtime_error(path.string() + ": cannot write (disk full?)");
      }
      fs::rename(temporary, path);
    };
    write_text(out / "atlas.json", manifest.dump(1) + "\n");
    json report = {
        {"recipe", fs::path(recipe.path).filename().string()},
        {"frame",
         {{"transform_from_source_ras", frame.transform},
          {"frankfort_tilt_before_deg", round_to(frame.frankfort_tilt_before_deg, 0.001)}}},
        {"registration", registration_report},
        {"landmark_rules", landmark_rules},
        {"structures", report_structures}};
    // Frame numbers at a fixed precision so that a rebuild writes the same bytes.
    for (auto& v : report["frame"]["transform_from_source_ras"])
      v = round_to(v.get<double>(), 1e-6);
    write_text(out / "build-report.json", report.dump(1) + "\n");
    if (!recipe.licence_file.empty()) {
      const fs::path licence = fs::path(recipe.path).parent_path() / recipe.licence_file;
      std::ifstream in(licence, std::ios::binary);
      if (!in) {
        add_error(findings, "RECIPE_LICENCE_MISSING", "/atlas/licence_file",
                  recipe.path + ": the licence file " + licence.string() + " cannot be read");
        return false;
      }
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      write_text(out / "LICENCE", text);
    }
    return ok;
  } catch (const std::exception& e) {
    add_error(findings, "ATLAS_BUILD_FAILED", "",
              recipe.path + ": the atlas build stopped: " + e.what());
    return false;
  }
}

}  // namespace toxplan::atlas_build
