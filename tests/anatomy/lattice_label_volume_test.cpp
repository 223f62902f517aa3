// Label volumes filled from whole lattice rectangles (AxisRaster::lattice_crossings) against the
// column-by-column fill they replaced, kept here as the reference: labels and fibre directions
// equal bit for bit, on the default atlas and on meshes built so that lattice lines run exactly
// through vertices, along shared edges and on the raster's bin borders.
#include <gtest/gtest.h>
#include <vtkCellArray.h>
#include <vtkPolyData.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "anatomy/atlas.h"
#include "anatomy/axis_raster.h"
#include "anatomy/label_volume_builder.h"
#include "anatomy/structure_index.h"
#include "anatomy_fixtures.h"

namespace toxplan::anatomy {
namespace {

using Indexes = std::vector<std::shared_ptr<StructureIndex>>;

// The former build_label_volume, on one thread: one AxisRaster::crossings() per voxel column and
// structure, parity fill, and a voxel-by-voxel fallback where a column's parity is odd.
std::shared_ptr<LabelVolume> reference_label_volume(const std::vector<Structure>& structures,
                                                    const Indexes& indexes, const GridKey& grid) {
  auto volume = std::make_shared<LabelVolume>();
  volume->dims = grid.dims;
  volume->spacing_mm = grid.spacing_mm;
  const double s = grid.spacing_mm;
  volume->origin_mm = {grid.first[0] * s, grid.first[1] * s, grid.first[2] * s};
  const std::size_t count = static_cast<std::size_t>(grid.dims[0]) * grid.dims[1] *
                            static_cast<std::size_t>(grid.dims[2]);
  volume->labels.assign(count, 0);
  volume->fibre_direction.assign(count, {0.0f, 0.0f, 0.0f});
  const Vec3 o = volume->origin_mm;
  const Vec3 far{o.x + (grid.dims[0] - 1) * s, o.y + (grid.dims[1] - 1) * s,
                 o.z + (grid.dims[2] - 1) * s};
  std::vector<int> order;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    const Box& b = indexes[i]->bounds();
    if (b.max_mm.x >= o.x && b.min_mm.x <= far.x && b.max_mm.y >= o.y && b.min_mm.y <= far.y &&
        b.max_mm.z >= o.z && b.min_mm.z <= far.z) {
      order.push_back(static_cast<int>(i));
    }
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return structures[a].priority < structures[b].priority; });
  const int nx = grid.dims[0], ny = grid.dims[1], nz = grid.dims[2];
  const std::size_t step = static_cast<std::size_t>(nx) * ny;
  std::vector<double> hits;
  for (int j = 0; j < ny; ++j) {
    const double y = o.y + j * s;
    for (int i = 0; i < nx; ++i) {
      const double x = o.x + i * s;
      std::uint16_t* column = volume->labels.data() + volume->index(i, j, 0);
      for (int si : order) {
        const StructureIndex& index = *indexes[si];
        const Box& b = index.bounds();
        if (x < b.min_mm.x || x > b.max_mm.x || y < b.min_mm.y || y > b.max_mm.y) {
          continue;
        }
        const auto label = static_cast<std::uint16_t>(si + 1);
        index.raster(2).crossings(x, y, &hits);
        if (hits.size() % 2 != 0) {
          const int k0 = std::max(0, static_cast<int>(std::floor((b.min_mm.z - o.z) / s)));
          const int k1 = std::min(nz - 1, static_cast<int>(std::ceil((b.max_mm.z - o.z) / s)));
          for (int k = k0; k <= k1; ++k) {
            if (index.contains({x, y, o.z + k * s})) {
              column[k * step] = label;
            }
          }
          continue;
        }
        for (std::size_t h = 0; h + 1 < hits.size(); h += 2) {
          const int k0 = std::max(0, static_cast<int>(std::ceil((hits[h] - o.z) / s)));
          const int k1 = std::min(nz - 1, static_cast<int>(std::ceil((hits[h + 1] - o.z) / s)) - 1);
          for (int k = k0; k <= k1; ++k) {
            column[k * step] = label;
          }
        }
      }
    }
  }
  for (int k = 0; k < nz; ++k) {
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        const std::size_t v = volume->index(i, j, k);
        const int label = volume->labels[v];
        if (label == 0) {
          continue;
        }
        const Structure& st = structures[label - 1];
        if (st.kind != StructureKind::Muscle || st.fibre.type == FibreField::Type::None) {
          continue;
        }
        const Vec3 f = st.fibre.at(volume->centre_mm(i, j, k));
        volume->fibre_direction[v] = {static_cast<float>(f.x), static_cast<float>(f.y),
                                      static_cast<float>(f.z)};
      }
    }
  }
  return volume;
}

struct Differences {
  std::size_t labels = 0;
  std::size_t fibres = 0;  // any component differing in any bit
};

// The fibre of voxel v, stored (the reference) or computed from its label (the builder's).
std::array<float, 3> fibre_at(const LabelVolume& volume, std::size_t v) {
  const auto nx = static_cast<std::size_t>(volume.dims[0]);
  const auto ny = static_cast<std::size_t>(volume.dims[1]);
  return volume.fibre(static_cast<int>(v % nx), static_cast<int>((v / nx) % ny),
                      static_cast<int>(v / (nx * ny)));
}

Differences differences(const LabelVolume& a, const LabelVolume& b) {
  Differences d;
  for (std::size_t v = 0; v < a.labels.size(); ++v) {
    d.labels += a.labels[v] != b.labels[v] ? 1 : 0;
    const std::array<float, 3> fa = fibre_at(a, v), fb = fibre_at(b, v);
    d.fibres += std::memcmp(fa.data(), fb.data(), sizeof fa) != 0 ? 1 : 0;
  }
  return d;
}

// Builds `grid` both ways and expects them equal voxel by voxel; returns the distinct labels.
std::vector<int> expect_same_as_reference(const std::vector<Structure>& structures,
                                          const Indexes& indexes, const GridKey& grid,
                                          int thread_count) {
  const auto expected = reference_label_volume(structures, indexes, grid);
  const auto actual = build_label_volume(structures, indexes, grid, thread_count);
  EXPECT_EQ(actual->dims, expected->dims);
  EXPECT_EQ(actual->origin_mm.x, expected->origin_mm.x);
  EXPECT_EQ(actual->origin_mm.y, expected->origin_mm.y);
  EXPECT_EQ(actual->origin_mm.z, expected->origin_mm.z);
  if (actual->labels.size() != expected->labels.size()) {
    ADD_FAILURE() << "sizes differ";
    return {};
  }
  const Differences d = differences(*actual, *expected);
  EXPECT_EQ(d.labels, 0u) << "voxels with a different label, of " << expected->size();
  EXPECT_EQ(d.fibres, 0u) << "voxels with a different fibre direction, of " << expected->size();
  std::vector<int> labels(expected->labels.begin(), expected->labels.end());
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels;
}

bool has(const std::vector<int>& labels, int label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

// --- Default atlas (the real BodyParts3D anatomy) -------------------------------------------

class LatticeLabelVolumeAtlas : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Findings findings;
    atlas_ = Atlas::load(Atlas::default_dir(), &findings).release();
    ASSERT_NE(atlas_, nullptr);
    // The atlas keeps its indexes to itself; these are built from the same (oriented) surfaces,
    // and both fills below use them.
    indexes_ = new Indexes();
    for (const Structure& s : atlas_->structures()) {
      TriangleMesh mesh;
      vtkPolyData* pd = s.mesh;
      for (vtkIdType p = 0; p < pd->GetNumberOfPoints(); ++p) {
        double x[3];
        pd->GetPoint(p, x);
        mesh.vertices_mm.push_back({x[0], x[1], x[2]});
      }
      vtkCellArray* polys = pd->GetPolys();
      polys->InitTraversal();
      vtkIdType n = 0;
      const vtkIdType* ids = nullptr;
      while (polys->GetNextCell(n, ids) != 0) {
        ASSERT_EQ(n, 3);
        mesh.triangles.push_back(
            {static_cast<int>(ids[0]), static_cast<int>(ids[1]), static_cast<int>(ids[2])});
      }
      indexes_->push_back(std::make_unique<StructureIndex>(std::move(mesh)));
    }
  }
  static void TearDownTestSuite() {
    delete indexes_;
    delete atlas_;
    indexes_ = nullptr;
    atlas_ = nullptr;
  }
  static int label(const std::string& id) {
    const Structure* s = atlas_->find(id);
    return s == nullptr ? -1 : s->label;
  }
  // The simulator's brick (16 x 16 x 128 voxels at 0.5 mm, src/sim/site_domain.cpp) holding p.
  static GridKey brick_at(const Vec3& p) {
    constexpr double h = 0.5;
    const long long size[3] = {16, 16, 128};
    const double at[3] = {p.x, p.y, p.z};
    double lo[3], hi[3];
    for (int a = 0; a < 3; ++a) {
      const long long first =
          static_cast<long long>(std::floor(std::floor(at[a] / h) / size[a])) * size[a];
      lo[a] = (first + 0.1) * h;
      hi[a] = (first + size[a] - 1.1) * h;
    }
    const GridKey key = snap_grid({{lo[0], lo[1], lo[2]}, {hi[0], hi[1], hi[2]}}, h, 1e9);
    EXPECT_EQ(key.dims, (std::array<int, 3>{16, 16, 128}));
    return key;
  }
  static Atlas* atlas_;
  static Indexes* indexes_;
};
Atlas* LatticeLabelVolumeAtlas::atlas_ = nullptr;
Indexes* LatticeLabelVolumeAtlas::indexes_ = nullptr;

TEST_F(LatticeLabelVolumeAtlas, ForeheadBrickThroughSkinAndSkull) {
  // In front of the frontalis, so that the brick holds skin, fat, muscle and skull.
  const Vec3 muscle = atlas_->surface_centroid_mm(label("frontalis_R"));
  bool found = false;
  for (double dy = 0.0; dy <= 8.0 && !found; dy += 2.0) {
    const GridKey grid = brick_at(muscle + Vec3{0, dy, 0});
    const std::vector<int> labels =
        expect_same_as_reference(atlas_->structures(), *indexes_, grid, 1);
    found = has(labels, label("skin")) && has(labels, label("frontal_bone")) &&
            has(labels, label("frontalis_R"));
  }
  EXPECT_TRUE(found) << "no brick near the frontalis held skin, frontalis and frontal bone";
}

TEST_F(LatticeLabelVolumeAtlas, NeckBrick) {
  const GridKey grid = brick_at(atlas_->surface_centroid_mm(label("sternocleidomastoid_R")));
  const std::vector<int> labels =
      expect_same_as_reference(atlas_->structures(), *indexes_, grid, 1);
  EXPECT_TRUE(has(labels, label("sternocleidomastoid_R")));
  EXPECT_GE(labels.size(), 3u);
}

TEST_F(LatticeLabelVolumeAtlas, LargeBoxOnSeveralThreads) {
  // 60 mm around the forehead at 0.5 mm: many rectangles, shared out over threads.
  const Vec3 c = atlas_->surface_centroid_mm(label("frontalis_L"));
  const GridKey grid = snap_grid({c - Vec3{30, 30, 30}, c + Vec3{30, 30, 30}}, 0.5, 1e9);
  const std::vector<int> labels =
      expect_same_as_reference(atlas_->structures(), *indexes_, grid, 3);
  EXPECT_GE(labels.size(), 6u);
}

TEST_F(LatticeLabelVolumeAtlas, WholeAtlasOnACoarseLattice) {
  // Lines 2.5 mm apart: coarser than the rasters' bins, so a rectangle skips bins.
  const GridKey grid = snap_grid(atlas_->bounds(), 2.5, 1e9);
  const std::vector<int> labels =
      expect_same_as_reference(atlas_->structures(), *indexes_, grid, 2);
  EXPECT_GE(labels.size(), atlas_->structures().size() / 2);
}

// --- Synthetic meshes on the lattice ---------------------------------------------------------

TriangleMesh to_triangle_mesh(const testing::Mesh& m) {
  TriangleMesh mesh;
  mesh.vertices_mm = m.points;
  mesh.triangles = m.triangles;
  return mesh;
}

// The box [0, n] x [0, n] x [0, height] (mm) with every face cut into 1 mm squares, each split
// along a diagonal, vertices welded: lattice lines at multiples of 0.5 mm pass through its
// vertices and run along its shared edges, and the side faces are seen edge-on along z.
TriangleMesh grid_box(int n, int height, Vec3 offset) {
  TriangleMesh mesh;
  std::map<std::tuple<int, int, int>, int> vertex_of;
  auto vertex = [&](int x, int y, int z) {
    const auto [it, added] =
        vertex_of.emplace(std::tuple{x, y, z}, static_cast<int>(mesh.vertices_mm.size()));
    if (added)
      mesh.vertices_mm.push_back(
          offset + Vec3{static_cast<double>(x), static_cast<double>(y), static_cast<double>(z)});
    return it->second;
  };
  // One face: origin and two unit step vectors (integer), a count along each.
  auto face = [&](std::array<int, 3> origin, std::array<int, 3> a, int na, std::array<int, 3> b,
                  int nb) {
    auto at = [&](int i, int j) {
      return vertex(origin[0] + i * a[0] + j * b[0], origin[1] + i * a[1] + j * b[1],
                    origin[2] + i * a[2] + j * b[2]);
    };
    for (int i = 0; i < na; ++i) {
      for (int j = 0; j < nb; ++j) {
        // Alternate the diagonal so that vertices have different valences.
        if ((i + j) % 2 == 0) {
          mesh.triangles.push_back({at(i, j), at(i + 1, j), at(i + 1, j + 1)});
          mesh.triangles.push_back({at(i, j), at(i + 1, j + 1), at(i, j + 1)});
        } else {
          mesh.triangles.push_back({at(i, j), at(i + 1, j), at(i, j + 1)});
          mesh.triangles.push_back({at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)});
        }
      }
    }
  };
  face({0, 0, 0}, {0, 1, 0}, n, {1, 0, 0}, n);       // bottom
  face({0, 0, height}, {1, 0, 0}, n, {0, 1, 0}, n);  // top
  face({0, 0, 0}, {1, 0, 0}, n, {0, 0, 1}, height);  // y = 0
  face({0, n, 0}, {0, 0, 1}, height, {1, 0, 0}, n);  // y = n
  face({0, 0, 0}, {0, 0, 1}, height, {0, 1, 0}, n);  // x = 0
  face({n, 0, 0}, {0, 1, 0}, n, {0, 0, 1}, height);  // x = n
  return mesh;
}

// An octahedron with its vertices on the axes: lines through its apexes and along its
// projected edges (the x and y axes) meet four triangles at once.
TriangleMesh octahedron(double r, Vec3 centre) {
  TriangleMesh mesh;
  mesh.vertices_mm = {centre + Vec3{r, 0, 0},  centre + Vec3{-r, 0, 0}, centre + Vec3{0, r, 0},
                      centre + Vec3{0, -r, 0}, centre + Vec3{0, 0, r},  centre + Vec3{0, 0, -r}};
  mesh.triangles = {{0, 2, 4}, {2, 1, 4}, {1, 3, 4}, {3, 0, 4},
                    {2, 0, 5}, {1, 2, 5}, {3, 1, 5}, {0, 3, 5}};
  return mesh;
}

Structure structure(const std::string& id, StructureKind kind, int priority, FibreField fibre) {
  Structure s;
  s.id = id;
  s.kind = kind;
  s.priority = priority;
  s.fibre = std::move(fibre);
  return s;
}

struct Scene {
  std::vector<Structure> structures;
  Indexes indexes;
  void add(Structure s, TriangleMesh mesh) {
    s.label = static_cast<int>(structures.size()) + 1;
    structures.push_back(std::move(s));
    indexes.push_back(std::make_unique<StructureIndex>(std::move(mesh)));
  }
};

// Overlapping shapes with every kind of fibre field; one of them open (odd-parity columns).
Scene synthetic_scene() {
  Scene scene;
  FibreField constant;
  constant.type = FibreField::Type::Constant;
  constant.direction = {0.3, -0.4, 0.5};
  FibreField converge;
  converge.type = FibreField::Type::Converge;
  converge.point_mm = {1.0, 2.0, 3.0};
  FibreField path;
  path.type = FibreField::Type::Path;
  path.path_mm = {{-4, -4, -4}, {0, 1, 2}, {5, 3, 9}};
  scene.add(structure("box", StructureKind::Muscle, 1, constant),
            grid_box(10, 6, {-5.0, -5.0, -3.0}));
  scene.add(structure("sphere", StructureKind::Muscle, 2, converge),
            to_triangle_mesh(testing::uv_sphere(4.0, {0, 0, 0}, 16, 32)));
  scene.add(structure("diamond", StructureKind::Muscle, 2, path), octahedron(3.0, {2, -2, 1}));
  scene.add(structure("open", StructureKind::Fat, 0, {}),
            to_triangle_mesh(testing::open_box({-2, -6, -2}, {3, 1, 2})));
  scene.add(structure("small", StructureKind::Bone, 3, {}), grid_box(2, 2, {-1.0, -1.0, -1.0}));
  return scene;
}

TEST(LatticeLabelVolume, SyntheticMeshesOnLatticeLinesMatchTheReference) {
  const Scene scene = synthetic_scene();
  ASSERT_FALSE(scene.indexes[3]->closed());
  // Spacings that put lines on vertices, edges and bin borders (multiples of 1/8 mm), and
  // coarser ones that skip bins; boxes that cut shapes and that hold everything.
  const std::vector<Box> boxes = {{{-7, -7, -5}, {7, 7, 5}},
                                  {{-1, -1, -3}, {2, 2, 3}},
                                  {{0, 0, -8}, {0, 0, 8}},
                                  {{-5, -5, -3}, {5, 5, 3}}};
  int volumes = 0;
  for (const double spacing : {0.125, 0.25, 0.5, 1.0, 2.0, 0.3}) {
    for (const Box& box : boxes) {
      for (const int threads : {1, 2}) {
        const GridKey grid = snap_grid(box, spacing, 1e9);
        ASSERT_GT(grid.dims[0], 0);
        SCOPED_TRACE("spacing " + std::to_string(spacing) + " mm, box from x " +
                     std::to_string(box.min_mm.x));
        expect_same_as_reference(scene.structures, scene.indexes, grid, threads);
        ++volumes;
      }
    }
  }
  EXPECT_EQ(volumes, 48);
}

TEST(LatticeLabelVolume, ClosedShapesStayCountedOnceOnSharedEdgesAndVertices) {
  // Lines through the box's vertices and edges must still see an even number of crossings:
  // every column of the grid box inside its outline is full height, nothing else is set.
  Scene scene;
  scene.add(structure("box", StructureKind::Bone, 0, {}), grid_box(4, 3, {0.0, 0.0, 0.0}));
  const GridKey grid = snap_grid({{-1, -1, -1}, {5, 5, 4}}, 0.5, 1e9);
  const auto volume = build_label_volume(scene.structures, scene.indexes, grid, 1);
  int wrong = 0;
  for (int k = 0; k < grid.dims[2]; ++k) {
    for (int j = 0; j < grid.dims[1]; ++j) {
      for (int i = 0; i < grid.dims[0]; ++i) {
        const Vec3 c = volume->centre_mm(i, j, k);
        // Parity counts [bottom, top) along z; in x and y the outline's edges are decided by
        // the perturbation, which takes the low sides (x = 0, y = 0) in and the high ones out.
        const bool inside =
            c.x >= 0.0 && c.x < 4.0 && c.y >= 0.0 && c.y < 4.0 && c.z >= 0.0 && c.z < 3.0;
        wrong += (volume->labels[volume->index(i, j, k)] == 1) != inside ? 1 : 0;
      }
    }
  }
  EXPECT_EQ(wrong, 0);
}

// lattice_crossings against crossings() line by line, on arbitrary ascending (not evenly
// spaced) lines, some outside the raster's grid, along every axis of an open surface.
TEST(LatticeLabelVolume, LatticeCrossingsEqualPerLineCrossings) {
  const Scene scene = synthetic_scene();
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> coordinate(-9.0, 9.0);
  std::uniform_int_distribution<int> eighth(-72, 72);
  std::vector<double> per_line;
  std::vector<AxisRaster::LatticeCrossing> lattice;
  int lines = 0, crossings = 0;
  for (std::size_t s = 0; s < scene.indexes.size(); ++s) {
    const StructureIndex& index = *scene.indexes[s];
    for (int axis = 0; axis < 3; ++axis) {
      if (axis != 2 && index.closed()) {
        continue;  // closed surfaces have only the z raster
      }
      const AxisRaster& raster = index.raster(axis);
      for (int trial = 0; trial < 20; ++trial) {
        // Half the lines on multiples of 1/8 mm (vertices, edges, bin borders), half anywhere.
        auto lines_along = [&](int count) {
          std::vector<double> xs;
          for (int i = 0; i < count; ++i) {
            xs.push_back(i % 2 == 0 ? eighth(rng) / 8.0 : coordinate(rng));
          }
          std::sort(xs.begin(), xs.end());
          xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
          return xs;
        };
        const std::vector<double> us = lines_along(1 + trial * 3);
        const std::vector<double> vs = lines_along(1 + (trial * 7) % 40);
        raster.lattice_crossings(us, vs, &lattice);
        std::vector<std::vector<double>> by_line(us.size() * vs.size());
        for (const AxisRaster::LatticeCrossing& c : lattice) {
          ASSERT_GE(c.column, 0);
          ASSERT_LT(static_cast<std::size_t>(c.column), by_line.size());
          by_line[static_cast<std::size_t>(c.column)].push_back(c.w);
        }
        for (std::size_t iv = 0; iv < vs.size(); ++iv) {
          for (std::size_t iu = 0; iu < us.size(); ++iu) {
            std::vector<double>& got = by_line[iv * us.size() + iu];
            std::sort(got.begin(), got.end());
            raster.crossings(us[iu], vs[iv], &per_line);
            ASSERT_EQ(got, per_line) << "structure " << s << " axis " << axis << " line (" << us[iu]
                                     << ", " << vs[iv] << ")";
            ++lines;
            crossings += static_cast<int>(per_line.size());
          }
        }
      }
    }
  }
  EXPECT_GT(lines, 10000);
  EXPECT_GT(crossings, 1000);
}

}  // namespace
}  // namespace toxplan::anatomy
