// The soft-tissue build: the skin cut and closed, a depth-below-skin field on a grid, the skin
// and fat shells as bands of it, the derived muscles as bands clipped to outlines
// (docs/atlas-build-soft-tissue.md).
#include "atlas_build/soft_tissue.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "atlas_build/soft_tissue_conform.h"
#include "atlas_build/soft_tissue_grid.h"
#include "atlas_build/soft_tissue_limb_regions.h"
#include "atlas_build/soft_tissue_outlines.h"
#include "atlas_build/soft_tissue_regions.h"
#include "atlas_build/soft_tissue_skin_walls.h"
#include "atlas_build/soft_tissue_surface.h"
#include "atlas_build/soft_tissue_thickness.h"
#include "base/parallel_for.h"

namespace toxplan::atlas_build {

using soft::Grid;

namespace {

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string fmt(const char* f, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}

// Grid of the derived muscles: fine enough for a 1 mm sheet whatever the layer grid is.
constexpr double kDerivedSpacing_mm = 0.5;
// Rays measure down to this depth below the skin.
constexpr double kMeasureDepth_mm = 40.0;
// The fat keeps this far from the real bones and muscles.
constexpr double kFatClearance_mm = 0.3;
// On a limb the fat band is deep (it fills the real gap down to the muscles), so it would run into
// every narrow cleft between two muscles and make a sponge no decimation keeps closed: there it
// keeps 1 mm clear (clefts narrower than 2 mm stay out) and is surfaced on a grid of at least
// 3 mm.
constexpr double kLimbFatClearance_mm = 1.0;
constexpr double kLimbFatSurfaceSpacing_mm = 3.0;

}  // namespace

struct SoftTissueBuilder::Impl {
  SoftTissueInputs in;
  std::vector<std::string> notes;

  std::optional<anatomy::TriangleMesh> skin;
  std::optional<anatomy::TriangleMesh> unconformed_skin;  // the cut source skin, if it moved
  std::optional<soft::ConformedSkin> conformed;
  std::optional<soft::Landmarks> landmarks;
  std::unique_ptr<soft::SkinRegions> regions;

  bool fields_ready = false;
  Grid grid;
  std::vector<float> depth;                // below the skin, negative outside
  std::vector<std::int32_t> skin_nearest;  // nearest skin triangle of every sample
  std::vector<std::array<Vec3, 3>> skin_triangles;
  std::vector<float> bone, muscle;  // signed distances (negative inside), capped
  std::vector<float> jaw;           // distance to the jaw bones, capped at kJawBandRadius_mm
  std::vector<std::int32_t> jaw_nearest;
  std::vector<std::array<Vec3, 3>> jaw_triangles;
  std::vector<soft::SkinRay> rays;
  std::optional<anatomy::TriangleMesh> skin_inner;  // the surface depth = skin thickness

  const anatomy::TriangleMesh& closed_skin();
  void make_regions();
  void build_fields();
  const anatomy::TriangleMesh& inner_surface();
  soft::Sample sample_at(const Vec3& p) const;
  double interp(const std::vector<float>& f, const Vec3& p) const;
  std::size_t nearest_sample(const Vec3& p) const;
  Vec3 skin_point(std::size_t v) const;
  void measure(const anatomy::TriangleMesh& mesh,
               const std::map<std::string, soft::RegionValue>& table, DerivedStructure* out);
};

const anatomy::TriangleMesh& SoftTissueBuilder::Impl::closed_skin() {
  if (skin) return *skin;
  if (!in.skin || in.skin->triangles.empty())
    throw std::invalid_argument("soft tissue: no skin mesh given (SoftTissueInputs::skin)");
  const soft::EdgeCount source = soft::count_edges(*in.skin);
  notes.push_back("source skin: " + std::to_string(in.skin->triangles.size()) + " triangles, " +
                  std::to_string(source.boundary) + " boundary edges, " +
                  std::to_string(source.non_manifold) + " non-manifold edges, " +
                  std::to_string(source.misoriented) +
                  " edges between oppositely wound triangles (rewound before cutting)");
  // BodyParts3D's skin is a 2 mm solid shell: its outer wall is the body surface.
  const soft::OuterWall wall = soft::outer_wall(*in.skin, in.cut_below_z_mm);
  if (wall.inner_triangles > 0)
    notes.push_back("source skin is a solid shell (walls " + fmt("%.1f", wall.wall_separation_mm) +
                    " mm apart): outer wall kept (" + std::to_string(wall.outer_triangles) +
                    " triangles), inner wall dropped (" + std::to_string(wall.inner_triangles) +
                    "), " + std::to_string(wall.openings_capped) + " openings capped");
  anatomy::TriangleMesh cut = soft::cut_and_cap(wall.mesh, in.cut_below_z_mm, in.cut_above_z_mm);
  const soft::EdgeCount after = soft::count_edges(cut);
  if (!after.closed())
    throw std::runtime_error("soft tissue: the skin cut at z = " + fmt("%.1f", in.cut_below_z_mm) +
                             " mm is not closed (" + std::to_string(after.boundary) +
                             " boundary, " + std::to_string(after.non_manifold) +
                             " non-manifold edges): the source skin must be closed above the cut");
  notes.push_back("closed skin: cut at z = " + fmt("%.1f", in.cut_below_z_mm) + " mm" +
                  (in.cut_above_z_mm ? " and z = " + fmt("%.1f", *in.cut_above_z_mm) +
                                           " mm (the largest part kept)"
                                     : std::string()) +
                  ", " + std::to_string(cut.triangles.size()) + " triangles, closed, volume " +
                  fmt("%.0f", soft::signed_volume_mm3(cut) / 1000.0) + " cm3");
  const bool have_tissue = !in.bones.empty() || !in.muscles.empty();
  // The limbs' skin is used as the source has it (LimbRegions::cover_band).
  if (in.conform_skin && have_tissue && !in.landmarks.empty() &&
      in.body_region == BodyRegion::HeadNeck) {
    make_regions();
    std::vector<const anatomy::TriangleMesh*> tissue;
    for (const auto& [id, mesh] : in.bones)
      tissue.push_back(mesh);
    for (const auto& [id, mesh] : in.muscles)
      tissue.push_back(mesh);
    soft::ConformedSkin c =
        soft::conform_skin(cut, tissue, [&](const Vec3& p) { return regions->cover_band(p); });
    notes.push_back("skin conformed to the sourced depth of the real tissue: " +
                    std::to_string(c.vertices_moved) + " vertices moved, up to " +
                    fmt("%.1f", c.deepest_in_mm) + " mm in and " + fmt("%.1f", c.farthest_out_mm) +
                    " mm out, " + std::to_string(c.triangles_flipped) + " triangles turned over");
    unconformed_skin = std::move(cut);
    cut = c.mesh;
    conformed = std::move(c);
  }
  skin = std::move(cut);
  return *skin;
}

void SoftTissueBuilder::Impl::make_regions() {
  if (regions) return;
  if (in.body_region == BodyRegion::HeadNeck) {
    landmarks = soft::read_landmarks(in.landmarks);
    regions = std::make_unique<soft::Regions>(*landmarks);
  } else {
    regions = std::make_unique<soft::LimbRegions>(in.body_region, in.landmarks);
  }
}

void SoftTissueBuilder::Impl::build_fields() {
  if (fields_ready) return;
  const anatomy::TriangleMesh& s = closed_skin();
  make_regions();
  if (!(in.spacing_mm > 0.0))
    throw std::invalid_argument("soft tissue: spacing_mm must be > 0 (got " +
                                fmt("%g", in.spacing_mm) + ")");
  const double h = in.spacing_mm;
  grid = soft::grid_around(s.bounds(), h, 3.0 * h);
  notes.push_back("grid " + std::to_string(grid.nx) + " x " + std::to_string(grid.ny) + " x " +
                  std::to_string(grid.nz) + " at " + fmt("%g", h) + " mm");
  // Depth below the skin: exact near the surface, then each sample takes the nearest skin
  // triangle of its nearest near-surface sample (feature transform), sign from ray parity.
  {
    std::vector<std::uint8_t> inside(grid.size(), 0);
    const int unpaired = soft::add_inside_by_parity(s, grid, &inside);
    if (unpaired > 0)
      notes.push_back("skin inside test: " + std::to_string(unpaired) + " undecided columns");
    soft::NarrowBand band = soft::narrow_band_distance({&s}, grid, 1.5 * h, true);
    skin_nearest = std::move(band.nearest);
    skin_triangles = std::move(band.triangles);
    soft::propagate_nearest_seed(grid, &skin_nearest);
    depth.assign(grid.size(), 0.0f);
    parallel_for(
        0, static_cast<std::int64_t>(grid.size()), 1 << 16, [&](std::int64_t v0, std::int64_t v1) {
          for (std::int64_t v = v0; v < v1; ++v) {
            const Vec3 p = grid.point(static_cast<std::size_t>(v));
            const auto& t = skin_triangles[skin_nearest[v]];
            const double d = distance(p, soft::closest_point_on_triangle(p, t[0], t[1], t[2]));
            depth[v] = static_cast<float>(inside[v] ? d : -d);
          }
        });
  }
  // Real bones and muscles: exact signed distance near them (enough for the clearances).
  const double near = soft::kBoneClearance_mm + 2.0 * h;
  const auto signed_field =
      [&](const std::vector<std::pair<std::string, const anatomy::TriangleMesh*>>& meshes,
          const char* what) {
        std::vector<std::uint8_t> inside(grid.size(), 0);
        std::vector<const anatomy::TriangleMesh*> list;
        for (const auto& [id, mesh] : meshes) {
          if (!mesh) continue;
          const int unpaired = soft::add_inside_by_parity(*mesh, grid, &inside);
          if (unpaired > 0)
            notes.push_back(std::string(what) + " " + id + ": " + std::to_string(unpaired) +
                            " columns where the surface is open (inside undecided there)");
          list.push_back(mesh);
        }
        soft::NarrowBand band = soft::narrow_band_distance(list, grid, near, false);
        std::vector<float> f = std::move(band.distance_mm);
        for (std::size_t v = 0; v < f.size(); ++v)
          if (inside[v]) f[v] = -f[v];
        return f;
      };
  bone = signed_field(in.bones, "bone");
  muscle = signed_field(in.muscles, "muscle");
  // The jaw bones the masseter lies on.
  std::vector<const anatomy::TriangleMesh*> jaw_meshes;
  for (const auto& [id, mesh] : in.bones) {
    const std::string l = lower(id);
    if (mesh &&
        (l.find("mandib") != std::string::npos || l.find("zygomatic") != std::string::npos ||
         l.find("temporal") != std::string::npos))
      jaw_meshes.push_back(mesh);
  }
  soft::NarrowBand jb = soft::narrow_band_distance(jaw_meshes, grid, soft::kJawBandRadius_mm, true);
  jaw = std::move(jb.distance_mm);
  jaw_nearest = std::move(jb.nearest);
  jaw_triangles = std::move(jb.triangles);
  rays = soft::skin_rays(s);
  fields_ready = true;
}

Vec3 SoftTissueBuilder::Impl::skin_point(std::size_t v) const {
  const auto& t = skin_triangles[skin_nearest[v]];
  return soft::closest_point_on_triangle(grid.point(v), t[0], t[1], t[2]);
}

std::size_t SoftTissueBuilder::Impl::nearest_sample(const Vec3& p) const {
  const double h = grid.spacing_mm;
  const int i =
      std::clamp(static_cast<int>(std::lround((p.x - grid.origin_mm.x) / h)), 0, grid.nx - 1);
  const int j =
      std::clamp(static_cast<int>(std::lround((p.y - grid.origin_mm.y) / h)), 0, grid.ny - 1);
  const int k =
      std::clamp(static_cast<int>(std::lround((p.z - grid.origin_mm.z) / h)), 0, grid.nz - 1);
  return grid.index(i, j, k);
}

double SoftTissueBuilder::Impl::interp(const std::vector<float>& f, const Vec3& p) const {
  const double h = grid.spacing_mm;
  const double fx = (p.x - grid.origin_mm.x) / h, fy = (p.y - grid.origin_mm.y) / h,
               fz = (p.z - grid.origin_mm.z) / h;
  const int i = std::clamp(static_cast<int>(std::floor(fx)), 0, grid.nx - 2);
  const int j = std::clamp(static_cast<int>(std::floor(fy)), 0, grid.ny - 2);
  const int k = std::clamp(static_cast<int>(std::floor(fz)), 0, grid.nz - 2);
  const double tx = std::clamp(fx - i, 0.0, 1.0), ty = std::clamp(fy - j, 0.0, 1.0),
               tz = std::clamp(fz - k, 0.0, 1.0);
  double r = 0.0;
  for (int c = 0; c < 8; ++c) {
    const int di = c & 1, dj = (c >> 1) & 1, dk = (c >> 2) & 1;
    const double w = (di ? tx : 1.0 - tx) * (dj ? ty : 1.0 - ty) * (dk ? tz : 1.0 - tz);
    r += w * f[grid.index(i + di, j + dj, k + dk)];
  }
  return r;
}

soft::Sample SoftTissueBuilder::Impl::sample_at(const Vec3& p) const {
  soft::Sample s;
  s.p = p;
  const std::size_t v = nearest_sample(p);
  const auto& t = skin_triangles[skin_nearest[v]];
  s.skin_point = soft::closest_point_on_triangle(p, t[0], t[1], t[2]);
  s.depth = interp(depth, p);
  s.soft_top = regions->skin_mm(s.skin_point) + regions->fat_mm(s.skin_point);
  s.bone = interp(bone, p);
  s.muscle = interp(muscle, p);
  s.jaw = interp(jaw, p);
  if (jaw_nearest[v] >= 0) {
    const auto& q = jaw_triangles[jaw_nearest[v]];
    s.jaw_point = soft::closest_point_on_triangle(p, q[0], q[1], q[2]);
  } else {
    s.jaw = soft::kJawBandRadius_mm;
  }
  return s;
}

const anatomy::TriangleMesh& SoftTissueBuilder::Impl::inner_surface() {
  if (skin_inner) return *skin_inner;
  build_fields();
  // The real skin moved inward by the regional skin thickness along its normals: the same
  // triangles, so it is closed, exactly that far below the skin, and no decimation is needed.
  int flipped = 0;
  skin_inner = soft::offset_inward(
      *skin, [&](const Vec3& p) { return regions->skin_mm(p); }, &flipped);
  if (flipped > 0)
    notes.push_back("skin inner surface: " + std::to_string(flipped) +
                    " triangles turned over where the skin is folded tighter than its thickness");
  return *skin_inner;
}

void SoftTissueBuilder::Impl::measure(const anatomy::TriangleMesh& mesh,
                                      const std::map<std::string, soft::RegionValue>& table,
                                      DerivedStructure* out) {
  const auto measured = soft::measure_thickness(
      mesh, rays, kMeasureDepth_mm,
      [&](const soft::SkinRay& r) { return regions->core_region(r.skin_point); });
  for (const auto& [region, value] : table) {
    const auto it = measured.find(region);
    if (it == measured.end()) {
      out->notes.push_back(region + ": no skin point of this region to measure");
      continue;
    }
    out->thickness[region] = {it->second.thickness, {value.low_mm, value.high_mm}};
    out->notes.push_back(region + ": target " + fmt("%.2f", value.value_mm) + " mm (" +
                         value.source + "), measured median " +
                         fmt("%.2f", it->second.thickness.median_mm) + " mm over " +
                         std::to_string(it->second.count) + " rays");
  }
}

SoftTissueBuilder::SoftTissueBuilder(SoftTissueInputs inputs) : impl_(std::make_unique<Impl>()) {
  impl_->in = std::move(inputs);
}

SoftTissueBuilder::~SoftTissueBuilder() = default;

const anatomy::TriangleMesh& SoftTissueBuilder::closed_skin() {
  return impl_->closed_skin();
}

Vec3 SoftTissueBuilder::moved_with_skin(const Vec3& point_mm) {
  impl_->closed_skin();
  if (!impl_->conformed) return point_mm;
  return soft::moved_with_skin(*impl_->conformed, *impl_->unconformed_skin, point_mm);
}

const std::vector<std::string>& SoftTissueBuilder::notes() const {
  return impl_->notes;
}

DerivedStructure SoftTissueBuilder::skin_shell() {
  Impl& m = *impl_;
  const anatomy::TriangleMesh& inner = m.inner_surface();
  DerivedStructure out;
  out.mesh = *m.skin;
  soft::append(soft::reversed(inner), &out.mesh);
  out.method =
      std::string("shell: the real skin (") +
      (m.in.body_region == BodyRegion::HeadNeck ? "cut below the shoulders"
                                                : "cut at two planes, the largest part kept,") +
      " and capped) and the surface at the regional skin thickness below it (exact "
      "depth-below-skin field, flying edges, smoothed, decimated)";
  for (const auto& [region, v] : m.regions->table().skin)
    out.sources.push_back(region + ": " + v.source);
  m.measure(out.mesh, m.regions->table().skin, &out);
  return out;
}

DerivedStructure SoftTissueBuilder::fat_shell() {
  Impl& m = *impl_;
  m.build_fields();
  const Grid& g = m.grid;
  // The fat as one solid: the band from the skin thickness to skin + fat below the skin, minus
  // everything within the clearance of a real bone or muscle. Where the real tissue comes up
  // into the band the fat thins, and where it reaches the skin the fat has a hole: it never
  // enters a bone or muscle. Its surface is the outer (under the skin) and inner walls in one.
  const bool limb = m.in.body_region != BodyRegion::HeadNeck;
  const double clearance_mm = limb ? kLimbFatClearance_mm : kFatClearance_mm;
  std::vector<float> field(g.size());
  std::vector<std::uint8_t> thinned(g.size(), 0);
  parallel_for(0, static_cast<std::int64_t>(g.size()), 1 << 14,
               [&](std::int64_t v0, std::int64_t v1) {
                 for (std::int64_t v = v0; v < v1; ++v) {
                   const double d = m.depth[v];
                   if (d < 0.0 || d > 30.0) {
                     field[v] = static_cast<float>(d < 0.0 ? 1.0 - d : d - 29.0);
                     continue;
                   }
                   const Vec3 q = m.skin_point(static_cast<std::size_t>(v));
                   const double ts = m.regions->skin_mm(q), tf = m.regions->fat_mm(q);
                   const double band = std::max(ts - d, d - (ts + tf));
                   const double clear = clearance_mm - std::min(m.bone[v], m.muscle[v]);
                   if (band < 0.0 && clear > 0.0) thinned[v] = 1;
                   field[v] = static_cast<float>(std::max(band, clear));
                 }
               });
  soft::LevelSetOptions o;
  o.target_triangles = 140000;
  // Extracted on every second sample of a field finer than 2 mm: a 1-7 mm layer needs no more,
  // and the surface stays small enough to decimate quickly.
  const double surface_spacing_mm = limb ? kLimbFatSurfaceSpacing_mm : 2.0;
  const int factor =
      std::max(1, static_cast<int>(std::floor(surface_spacing_mm / g.spacing_mm + 1e-9)));
  Grid coarse;
  const std::vector<float> coarse_field = soft::subsample(field, g, factor, &coarse);
  DerivedStructure out;
  out.mesh = soft::level_set_surface(coarse_field, coarse, o);
  out.method =
      "solid band from the regional skin thickness to skin + fat below the real skin, " +
      fmt("%.1f", clearance_mm) +
      " mm clear of the real bones and muscles (thinner, or absent, where they come closer)";
  for (const auto& [region, v] : m.regions->table().fat)
    out.sources.push_back(region + ": " + v.source);
  m.measure(out.mesh, m.regions->table().fat, &out);
  // Where the real tissue made the fat thinner, by region of the skin above.
  std::map<std::string, int> count;
  for (std::size_t v = 0; v < g.size(); ++v)
    if (thinned[v]) {
      const std::string r = m.regions->core_region(m.skin_point(v));
      ++count[r.empty() ? "transition zones" : r];
    }
  for (const auto& [r, n] : count)
    out.notes.push_back("thinned by real bone or muscle: " + r + " (" +
                        fmt("%.0f", n * g.spacing_mm * g.spacing_mm * g.spacing_mm) + " mm3)");
  return out;
}

DerivedStructure SoftTissueBuilder::derived(const std::string& method, const std::string& side) {
  const soft::DerivedSpec spec = soft::derived_spec(method, side);
  Impl& m = *impl_;
  m.build_fields();
  if (!m.landmarks)
    throw std::invalid_argument("soft tissue: the derived structure \"" + method +
                                "\" is placed from the head's landmarks; a " +
                                body_region_name(m.in.body_region) + " atlas has none");
  const soft::DerivedOutlines outlines(*m.landmarks);
  const int side_index = side == "L" ? 0 : 1;
  const Grid& g = m.grid;
  // The box of the structure: every third layer-grid sample is tested (the box is then grown
  // by the gap between tested samples, so the outline is never cut by it). Samples deeper than
  // a sheet can be are skipped.
  const double h = g.spacing_mm;
  const double max_depth = method == "masseter" ? kMeasureDepth_mm : 16.0;
  constexpr int kStride = 3;
  const int sx = (g.nx + kStride - 1) / kStride, sy = (g.ny + kStride - 1) / kStride,
            sz = (g.nz + kStride - 1) / kStride;
  std::vector<std::uint8_t> near(static_cast<std::size_t>(sx) * sy * sz, 0);
  parallel_for(0, sz, 1, [&](std::int64_t k0, std::int64_t k1) {
    for (int k = static_cast<int>(k0); k < k1; ++k)
      for (int j = 0; j < sy; ++j)
        for (int i = 0; i < sx; ++i) {
          const std::size_t v = g.index(i * kStride, j * kStride, k * kStride);
          const double d = m.depth[v];
          if (d < -h || d > max_depth) continue;
          const soft::Sample s = m.sample_at(g.point(v));
          if (outlines.value(method, side_index, s) < 2.0 * h)
            near[(static_cast<std::size_t>(k) * sy + j) * sx + i] = 1;
        }
  });
  anatomy::Box box{{1e300, 1e300, 1e300}, {-1e300, -1e300, -1e300}};
  for (int k = 0; k < sz; ++k)
    for (int j = 0; j < sy; ++j)
      for (int i = 0; i < sx; ++i)
        if (near[(static_cast<std::size_t>(k) * sy + j) * sx + i]) {
          const Vec3 p = g.point(i * kStride, j * kStride, k * kStride);
          box.min_mm = {std::min(box.min_mm.x, p.x), std::min(box.min_mm.y, p.y),
                        std::min(box.min_mm.z, p.z)};
          box.max_mm = {std::max(box.max_mm.x, p.x), std::max(box.max_mm.y, p.y),
                        std::max(box.max_mm.z, p.z)};
        }
  if (box.min_mm.x > box.max_mm.x)
    throw std::runtime_error("soft tissue: derived " + method + " (" + side +
                             ") is empty: its outline finds no tissue under the fat; check the "
                             "landmarks it is placed from");
  const Grid fine = soft::grid_around(box, std::min(kDerivedSpacing_mm, h), (kStride + 2) * h);
  std::vector<float> f(fine.size());
  parallel_for(0, fine.nz, 1, [&](std::int64_t k0, std::int64_t k1) {
    for (int k = static_cast<int>(k0); k < k1; ++k)
      for (int j = 0; j < fine.ny; ++j)
        for (int i = 0; i < fine.nx; ++i) {
          const Vec3 p = fine.point(i, j, k);
          const double d = m.interp(m.depth, p);
          if (d < -1.0 || d > max_depth) {
            f[fine.index(i, j, k)] = 1.0f;  // no structure here: only the sign matters
            continue;
          }
          const soft::Sample s = m.sample_at(p);
          f[fine.index(i, j, k)] = static_cast<float>(outlines.value(method, side_index, s));
        }
  });
  soft::LevelSetOptions o;
  o.target_triangles = 20000;
  DerivedStructure out;
  out.mesh = soft::level_set_surface(f, fine, o);
  if (out.mesh.triangles.empty())
    throw std::runtime_error("soft tissue: derived " + method + " (" + side +
                             ") has no surface on the " + fmt("%g", fine.spacing_mm) + " mm grid");
  out.method = spec.method_text;
  out.sources = spec.sources;
  const std::string id = side == "midline" ? method : method + "_" + side;
  const auto measured =
      soft::measure_thickness(out.mesh, m.rays, kMeasureDepth_mm, [&](const soft::SkinRay& r) {
        const Vec3& q = r.skin_point;
        const bool in_box = q.x >= box.min_mm.x - 30 && q.x <= box.max_mm.x + 30 &&
                            q.y >= box.min_mm.y - 30 && q.y <= box.max_mm.y + 30 &&
                            q.z >= box.min_mm.z - 30 && q.z <= box.max_mm.z + 30;
        return in_box ? id : std::string();
      });
  const auto it = measured.find(id);
  if (it != measured.end()) {
    out.thickness[id] = {it->second.thickness, {spec.thickness_low_mm, spec.thickness_high_mm}};
    out.notes.push_back("thickness along the skin normal: median " +
                        fmt("%.2f", it->second.thickness.median_mm) + " mm over " +
                        std::to_string(it->second.count) + " rays (" + spec.thickness_source + ")");
  } else {
    out.notes.push_back("no skin ray crosses it: thickness not measured");
  }
  return out;
}

}  // namespace toxplan::atlas_build
