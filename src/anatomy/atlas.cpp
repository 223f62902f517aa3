// Atlas loading and queries. Thread safety: every index is immutable once built (our own BVH
// and rasters, built on first use under std::call_once, no VTK locator state), so queries run
// concurrently without locks; only the label-volume cache takes a mutex.
#include "anatomy/atlas.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <mutex>
#include <new>
#include <unordered_map>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "anatomy/label_volume_builder.h"
#include "anatomy/label_volume_cache.h"
#include "anatomy/manifest.h"
#include "anatomy/mesh_import.h"
#include "anatomy/structure_index.h"
#include "base/parallel_for.h"
#include "base/resources.h"

namespace toxplan::anatomy {

namespace {

constexpr double kMaxLabelVoxels = 256.0 * 1024 * 1024;

// Does the segment p + t * d, t in [t0, t1], touch the box (slab test)?
bool segment_touches_box(const Box& b, const Vec3& p, const Vec3& d, double t0, double t1) {
  const double o[3] = {p.x, p.y, p.z};
  const double v[3] = {d.x, d.y, d.z};
  const double lo[3] = {b.min_mm.x, b.min_mm.y, b.min_mm.z};
  const double hi[3] = {b.max_mm.x, b.max_mm.y, b.max_mm.z};
  for (int a = 0; a < 3; ++a) {
    if (v[a] == 0.0) {
      if (o[a] < lo[a] || o[a] > hi[a]) {
        return false;
      }
      continue;
    }
    double ta = (lo[a] - o[a]) / v[a];
    double tb = (hi[a] - o[a]) / v[a];
    if (ta > tb) {
      std::swap(ta, tb);
    }
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
    if (t0 > t1) {
      return false;
    }
  }
  return true;
}

double box_distance(const Box& b, const Vec3& p) {
  const double dx = std::max({b.min_mm.x - p.x, 0.0, p.x - b.max_mm.x});
  const double dy = std::max({b.min_mm.y - p.y, 0.0, p.y - b.max_mm.y});
  const double dz = std::max({b.min_mm.z - p.z, 0.0, p.z - b.max_mm.z});
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

// The surface drawn for a structure (Structure::display_mesh): its display_mesh files, read on
// first use (oriented outward like every atlas surface), or its full mesh when the manifest
// names none. A display file that is missing is a warning and the full mesh is drawn; one that
// cannot be read when it is first drawn is drawn as the full mesh too (with `read_now`, as for
// `atlas check`, it is read at load and a warning says why).
LazyPolyData display_surface(const std::vector<MeshSource>& sources, const MeshFrame& frame,
                             const Structure& s, const std::shared_ptr<StructureIndex>& full,
                             bool read_now, Findings* findings) {
  if (sources.empty()) {
    return s.mesh;
  }
  for (const MeshSource& source : sources) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(source.path, ec)) {
      Finding f;
      f.code = "DISPLAY_MESH_MISSING";
      f.severity = Severity::Warning;
      f.field = source.field;
      f.message = "Structure '" + s.id + "': display mesh '" + source.display +
                  "' does not exist (looked for " + source.path +
                  "); the full mesh is drawn instead, which is slower. Rebuild the atlas or "
                  "correct the path.";
      findings->push_back(std::move(f));
      return s.mesh;
    }
  }
  if (read_now) {
    TriangleMesh mesh;
    Findings problems;
    if (!import_meshes(sources, frame, s.id, &mesh, &problems) || mesh.triangles.empty()) {
      for (Finding& f : problems) {
        f.code = "DISPLAY_MESH_UNREADABLE";
        f.severity = Severity::Warning;
        f.message += " It is a display mesh: the full mesh is drawn instead.";
        findings->push_back(std::move(f));
      }
      return s.mesh;
    }
  }
  return LazyPolyData([sources, frame, id = s.id, full] {
    TriangleMesh mesh;
    Findings ignored;
    if (!import_meshes(sources, frame, id, &mesh, &ignored) || mesh.triangles.empty()) {
      return full->to_poly_data();
    }
    return StructureIndex(std::move(mesh)).to_poly_data();
  });
}

}  // namespace

struct Atlas::Impl {
  std::string id;
  std::string version;
  std::string dir;
  std::string name;
  std::string licence;
  std::string attribution;
  std::vector<Structure> structures;
  // Parallel to structures; shared with the structures' surfaces, built from them on first use.
  std::vector<std::shared_ptr<StructureIndex>> indexes;
  std::vector<Landmark> landmarks;
  std::unordered_map<std::string, int> structure_by_id;
  std::unordered_map<std::string, int> landmark_by_id;
  Box bounds;
  mutable LabelVolumeCache cache;
  // Every label volume's fibre directions (label_fibres.h), made on the first volume.
  mutable std::once_flag fibres_once;
  mutable std::shared_ptr<const LabelFibres> fibres;

  const StructureIndex* index(int label) const {
    return label >= 1 && label <= static_cast<int>(indexes.size()) ? indexes[label - 1].get()
                                                                   : nullptr;
  }
};

Atlas::Atlas() : impl_(std::make_unique<Impl>()) {}
Atlas::~Atlas() = default;

std::string Atlas::default_dir() {
  if (const char* env = std::getenv("TOXPLAN_ATLAS_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return resource_path("assets/atlas/default");
}

std::string Atlas::shipped_dir(const std::string& id) {
  if (id.empty() || id == "default") {
    return default_dir();
  }
  const bool plain =
      id != "." && id.find("..") == std::string::npos &&
      std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
      });
  return plain ? resource_path("assets/atlas/" + id) : std::string();
}

std::unique_ptr<Atlas> Atlas::load(const std::string& dir, Findings* findings) {
  return load(dir, findings, AtlasLoadOptions{});
}

std::unique_ptr<Atlas> Atlas::load(const std::string& dir, Findings* findings,
                                   const AtlasLoadOptions& options) {
  Findings local;
  Findings* out = findings != nullptr ? findings : &local;
  if (dir.empty()) {  // default_dir() when the program's data folder was not found
    const std::string& problem = resource_lookup().problem;
    out->push_back({"ATLAS_NOT_FOUND", Severity::Error, "", "", 0,
                    problem.empty() ? "no atlas folder given" : problem});
    return nullptr;
  }
  try {
    Manifest manifest;
    if (!read_manifest(dir, &manifest, out)) {
      return nullptr;
    }
    const std::size_t n = manifest.structures.size();
    // Meshes are read and indexed in parallel; each structure's findings are kept apart and
    // appended in manifest order so that the report does not depend on thread timing.
    std::vector<std::shared_ptr<StructureIndex>> indexes(n);
    std::vector<Findings> mesh_findings(n);
    // On the shared pool (base/parallel_for.h): an exception in one structure's reading (out of
    // memory, a library's error) stops the others and reaches the catch below.
    parallel_for(0, static_cast<std::int64_t>(n), 1, [&](std::int64_t begin, std::int64_t end) {
      for (auto i = static_cast<std::size_t>(begin); i < static_cast<std::size_t>(end); ++i) {
        if (manifest.meshes[i].empty()) {
          continue;
        }
        TriangleMesh mesh;
        const bool ok = import_meshes(manifest.meshes[i], manifest.frame, manifest.structures[i].id,
                                      &mesh, &mesh_findings[i]);
        if (ok && !mesh.triangles.empty()) {
          indexes[i] = std::make_shared<StructureIndex>(std::move(mesh));
        }
        if (options.structure_read) options.structure_read(manifest.structures[i].id);
      }
    });

    auto atlas = std::unique_ptr<Atlas>(new Atlas());
    Impl& impl = *atlas->impl_;
    for (std::size_t i = 0; i < n; ++i) {
      out->insert(out->end(), mesh_findings[i].begin(), mesh_findings[i].end());
      Structure& s = manifest.structures[i];
      if (!manifest.structure_valid[i] || indexes[i] == nullptr) {
        continue;
      }
      const StructureIndex& index = *indexes[i];
      if (!index.closed()) {
        Finding f;
        f.code = "MESH_OPEN";
        f.severity = Severity::Warning;
        f.field = manifest.meshes[i].front().field;
        f.message = "Structure '" + s.id + "': mesh '" + s.mesh_files.front() +
                    "' is not closed (" + std::to_string(index.topology().boundary_edges) +
                    " boundary and " + std::to_string(index.topology().non_manifold_edges) +
                    " non-manifold edges); containment is decided by a vote of three rays and "
                    "its volume is approximate. Close the surface in a mesh editor.";
        out->push_back(std::move(f));
      }
      s.mesh = LazyPolyData([index = indexes[i]] { return index->to_poly_data(); });
      s.display_mesh = display_surface(manifest.display_meshes[i], manifest.frame, s, indexes[i],
                                       options.read_display_meshes, out);
      s.volume_cm3 = index.volume_mm3() / 1000.0;
      s.closed = index.closed();
      s.label = static_cast<int>(impl.structures.size()) + 1;
      impl.structure_by_id.emplace(s.id, static_cast<int>(impl.structures.size()));
      impl.structures.push_back(std::move(s));
      impl.indexes.push_back(std::move(indexes[i]));
    }
    if (has_errors(*out) && !options.keep_going) {
      return nullptr;
    }
    impl.id = manifest.id;
    impl.version = manifest.atlas_version;
    impl.dir = dir;
    impl.name = manifest.name;
    impl.licence = manifest.licence;
    impl.attribution = manifest.attribution;
    impl.landmarks = std::move(manifest.landmarks);
    for (std::size_t i = 0; i < impl.landmarks.size(); ++i) {
      impl.landmark_by_id.emplace(impl.landmarks[i].id, static_cast<int>(i));
    }
    if (!impl.indexes.empty()) {
      impl.bounds = impl.indexes.front()->bounds();
      for (const auto& index : impl.indexes) {
        const Box& b = index->bounds();
        impl.bounds.min_mm = {std::min(impl.bounds.min_mm.x, b.min_mm.x),
                              std::min(impl.bounds.min_mm.y, b.min_mm.y),
                              std::min(impl.bounds.min_mm.z, b.min_mm.z)};
        impl.bounds.max_mm = {std::max(impl.bounds.max_mm.x, b.max_mm.x),
                              std::max(impl.bounds.max_mm.y, b.max_mm.y),
                              std::max(impl.bounds.max_mm.z, b.max_mm.z)};
      }
    }
    return atlas;
  } catch (const std::bad_alloc&) {
    // Out of memory (a mesh with more triangles than memory holds): say so, never propagate.
    Finding f;
    f.code = "ATLAS_LOAD_FAILED";
    f.message = dir +
                ": out of memory while loading the atlas; its meshes need more memory than "
                "is free. Close other programs, or decimate the largest meshes.";
    out->push_back(std::move(f));
    return nullptr;
  } catch (const std::exception& e) {
    // A library throwing on a pathological file: report, never propagate.
    Finding f;
    f.code = "ATLAS_LOAD_FAILED";
    f.message = dir + ": the atlas could not be loaded (" + e.what() + ").";
    out->push_back(std::move(f));
    return nullptr;
  }
}

const std::string& Atlas::id() const {
  return impl_->id;
}
const std::string& Atlas::version() const {
  return impl_->version;
}
const std::string& Atlas::dir() const {
  return impl_->dir;
}
const std::string& Atlas::name() const {
  return impl_->name;
}
const std::string& Atlas::licence() const {
  return impl_->licence;
}
const std::string& Atlas::attribution() const {
  return impl_->attribution;
}
const std::vector<Structure>& Atlas::structures() const {
  return impl_->structures;
}
const std::vector<Landmark>& Atlas::landmarks() const {
  return impl_->landmarks;
}
Box Atlas::bounds() const {
  return impl_->bounds;
}

const Structure* Atlas::find(const std::string& id) const {
  const auto it = impl_->structure_by_id.find(id);
  return it == impl_->structure_by_id.end() ? nullptr : &impl_->structures[it->second];
}

const Structure* Atlas::by_label(int label) const {
  return label >= 1 && label <= static_cast<int>(impl_->structures.size())
             ? &impl_->structures[label - 1]
             : nullptr;
}

const Landmark* Atlas::landmark(const std::string& id) const {
  const auto it = impl_->landmark_by_id.find(id);
  return it == impl_->landmark_by_id.end() ? nullptr : &impl_->landmarks[it->second];
}

int Atlas::label_at(const Vec3& p_mm) const {
  int best = 0;
  int best_priority = std::numeric_limits<int>::min();
  for (std::size_t i = 0; i < impl_->indexes.size(); ++i) {
    const int priority = impl_->structures[i].priority;
    // ">=" so that a later structure wins a tie, as in the label volume.
    if (priority >= best_priority && impl_->indexes[i]->contains(p_mm)) {
      best = static_cast<int>(i) + 1;
      best_priority = priority;
    }
  }
  return best;
}

std::vector<NearStructure> Atlas::nearest(const Vec3& p_mm, double max_distance_mm) const {
  std::vector<NearStructure> result;
  if (!is_finite(p_mm) || !(max_distance_mm >= 0.0)) {
    return result;
  }
  for (std::size_t i = 0; i < impl_->indexes.size(); ++i) {
    const StructureIndex& index = *impl_->indexes[i];
    if (box_distance(index.bounds(), p_mm) > max_distance_mm) {
      continue;
    }
    const int label = static_cast<int>(i) + 1;
    if (index.contains(p_mm)) {
      result.push_back({label, 0.0});
      continue;
    }
    ClosestPoint closest;
    if (index.bvh().closest_point(p_mm, max_distance_mm, &closest)) {
      result.push_back({label, closest.distance_mm});
    }
  }
  std::sort(result.begin(), result.end(), [](const NearStructure& a, const NearStructure& b) {
    return a.distance_mm < b.distance_mm || (a.distance_mm == b.distance_mm && a.label < b.label);
  });
  return result;
}

std::optional<SkinHit> Atlas::cast_to_skin(const Vec3& origin_mm, const Vec3& dir) const {
  const Vec3 d = normalized(dir);
  if (norm(d) == 0.0 || !is_finite(origin_mm)) {
    return std::nullopt;
  }
  constexpr double kFar = std::numeric_limits<double>::infinity();
  double best_t = kFar;
  int best_triangle = -1;
  const StructureIndex* best_index = nullptr;
  std::vector<RayHit> hits;
  for (std::size_t i = 0; i < impl_->indexes.size(); ++i) {
    if (impl_->structures[i].kind != StructureKind::Skin) {
      continue;
    }
    const StructureIndex& index = *impl_->indexes[i];
    if (!segment_touches_box(index.bounds(), origin_mm, d, 0.0, kFar)) {
      continue;
    }
    index.bvh().intersect_line(origin_mm, d, 0.0, best_t, &hits);
    if (!hits.empty() && hits.front().t < best_t) {
      best_t = hits.front().t;
      best_triangle = hits.front().triangle;
      best_index = &index;
    }
  }
  if (best_index == nullptr) {
    return std::nullopt;
  }
  return SkinHit{origin_mm + d * best_t, best_index->outward_normal(best_triangle)};
}

std::optional<Atlas::SurfaceCrossing> Atlas::first_surface_crossing(
    const Vec3& from_mm, const Vec3& to_mm,
    const std::function<bool(const Structure&)>& counts) const {
  const double length_mm = distance(from_mm, to_mm);
  if (!(length_mm > 0.0) || !is_finite(from_mm) || !is_finite(to_mm)) {
    return std::nullopt;
  }
  const Vec3 d = (to_mm - from_mm) * (1.0 / length_mm);
  std::optional<SurfaceCrossing> best;
  std::vector<RayHit> hits;
  for (std::size_t i = 0; i < impl_->indexes.size(); ++i) {
    const StructureIndex* index = impl_->indexes[i].get();
    if (index == nullptr || (counts && !counts(impl_->structures[i]))) {
      continue;
    }
    const double limit_mm = best ? best->distance_mm : length_mm;
    if (!segment_touches_box(index->bounds(), from_mm, d, 0.0, limit_mm)) {
      continue;
    }
    index->bvh().intersect_line(from_mm, d, 0.0, limit_mm, &hits);
    if (!hits.empty() && (!best || hits.front().t < best->distance_mm)) {
      best = SurfaceCrossing{impl_->structures[i].label, hits.front().t};
    }
  }
  return best;
}

std::vector<NeedleSegment> Atlas::along_needle(const Vec3& skin_mm, const Vec3& dir,
                                               double max_depth_mm) const {
  std::vector<NeedleSegment> segments;
  const Vec3 d = normalized(dir);
  if (norm(d) == 0.0 || !is_finite(skin_mm) || !(max_depth_mm > 0.0)) {
    return segments;
  }
  // Exact surface crossings give the candidate boundaries; which structure owns each piece in
  // between is then decided at its midpoint by label_at, whose parity rule is robust where the
  // needle grazes an edge and counts it twice.
  std::vector<double> breaks{0.0, max_depth_mm};
  std::vector<RayHit> hits;
  for (const auto& index : impl_->indexes) {
    if (!segment_touches_box(index->bounds(), skin_mm, d, 0.0, max_depth_mm)) {
      continue;
    }
    index->bvh().intersect_line(skin_mm, d, 0.0, max_depth_mm, &hits);
    for (const RayHit& h : hits) {
      breaks.push_back(h.t);
    }
  }
  std::sort(breaks.begin(), breaks.end());
  constexpr double kMinPiece_mm = 1e-7;
  for (std::size_t b = 0; b + 1 < breaks.size(); ++b) {
    const double t0 = breaks[b];
    const double t1 = breaks[b + 1];
    if (t1 - t0 < kMinPiece_mm) {
      continue;
    }
    const int label = label_at(skin_mm + d * (0.5 * (t0 + t1)));
    if (!segments.empty() && segments.back().label == label &&
        t0 - segments.back().exit_depth_mm < kMinPiece_mm * 10) {
      segments.back().exit_depth_mm = t1;
    } else {
      segments.push_back({label, t0, t1});
    }
  }
  // Unlabelled pieces (between structures, outside the body) are gaps, not segments.
  segments.erase(std::remove_if(segments.begin(), segments.end(),
                                [](const NeedleSegment& s) { return s.label == 0; }),
                 segments.end());
  return segments;
}

double Atlas::muscle_thickness_mm(const Vec3& skin_mm, const Vec3& inward_dir) const {
  const Box b = bounds();
  const double reach_mm = distance(b.min_mm, b.max_mm) + distance(skin_mm, b.min_mm);
  for (const NeedleSegment& s : along_needle(skin_mm, inward_dir, reach_mm)) {
    if (impl_->structures[s.label - 1].kind == StructureKind::Muscle) {
      return s.exit_depth_mm - s.entry_depth_mm;
    }
  }
  return 0.0;
}

std::shared_ptr<const LabelVolume> Atlas::label_volume(const Box& box, double spacing_mm) const {
  const GridKey key = snap_grid(box, spacing_mm, kMaxLabelVoxels);
  if (key.dims[0] == 0) {
    auto empty = std::make_shared<LabelVolume>();
    empty->spacing_mm = spacing_mm;
    return empty;
  }
  std::call_once(impl_->fibres_once,
                 [&] { impl_->fibres = std::make_shared<const LabelFibres>(impl_->structures); });
  return impl_->cache.get_or_build(key, [&]() -> std::shared_ptr<const LabelVolume> {
    return build_label_volume(impl_->structures, impl_->indexes, key, parallel_threads(),
                              impl_->fibres);
  });
}

bool Atlas::structure_contains(int label, const Vec3& p_mm) const {
  const StructureIndex* index = impl_->index(label);
  return index != nullptr && index->contains(p_mm);
}

double Atlas::distance_to_surface_mm(int label, const Vec3& p_mm, double max_distance_mm) const {
  const StructureIndex* index = impl_->index(label);
  ClosestPoint closest;
  if (index == nullptr || !index->bvh().closest_point(p_mm, max_distance_mm, &closest)) {
    return -1.0;
  }
  return closest.distance_mm;
}

Vec3 Atlas::surface_centroid_mm(int label) const {
  const StructureIndex* index = impl_->index(label);
  return index == nullptr ? Vec3{} : index->surface_centroid_mm();
}

Box Atlas::structure_bounds(int label) const {
  const StructureIndex* index = impl_->index(label);
  return index == nullptr ? Box{} : index->bounds();
}

void Atlas::build_containment_indexes() const {
  parallel_for(0, static_cast<std::int64_t>(impl_->indexes.size()), 1,
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t i = begin; i < end; ++i) {
                   if (impl_->indexes[static_cast<std::size_t>(i)])
                     impl_->indexes[static_cast<std::size_t>(i)]->build_rasters();
                 }
               });
}

void Atlas::build_ray_indexes() const {
  for (const auto& index : impl_->indexes) {
    if (index) {
      index->bvh();
      index->build_rasters();
    }
  }
}

void Atlas::clear_label_volume_cache() const {
  impl_->cache.clear();
}

}  // namespace toxplan::anatomy
