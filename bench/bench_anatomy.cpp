// Anatomy layer speed: atlas load, point containment, needle query, 0.5 mm label volume of a
// 60 mm box (what the spread simulator asks for). Targets: load < 1 s, containment < 50 us,
// needle < 1 ms, label volume < 100 ms.
//
// Runs on the default atlas when assets/atlas/default/atlas.json exists (or TOXPLAN_ATLAS_DIR
// points to one); otherwise on a synthetic head written to a temp folder: skin, fat and skull
// shells plus 27 muscles, every mesh a closed ellipsoid of ~20k triangles.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <vtkPolyData.h>

#include "anatomy/atlas.h"

namespace {

using toxplan::Vec3;
using toxplan::anatomy::Atlas;
using toxplan::anatomy::Box;
namespace fs = std::filesystem;

struct Ellipsoid {
  Vec3 centre;
  Vec3 radii;
};

// Closed UV ellipsoid with rings x segments quads: 2 * segments * (rings - 1) triangles.
void append_ellipsoid(const Ellipsoid& e, int rings, int segments, std::vector<float>* points,
                      std::vector<std::uint32_t>* triangles) {
  const double pi = std::acos(-1.0);
  const auto base = static_cast<std::uint32_t>(points->size() / 3);
  auto add = [&](double x, double y, double z) {
    points->push_back(static_cast<float>(e.centre.x + e.radii.x * x));
    points->push_back(static_cast<float>(e.centre.y + e.radii.y * y));
    points->push_back(static_cast<float>(e.centre.z + e.radii.z * z));
  };
  add(0, 0, 1);
  for (int r = 1; r < rings; ++r) {
    const double theta = pi * r / rings;
    for (int s = 0; s < segments; ++s) {
      const double phi = 2 * pi * s / segments;
      add(std::sin(theta) * std::cos(phi), std::sin(theta) * std::sin(phi), std::cos(theta));
    }
  }
  add(0, 0, -1);
  const std::uint32_t south = static_cast<std::uint32_t>(points->size() / 3) - 1;
  auto ring = [&](int r, int s) {
    return base + 1 + static_cast<std::uint32_t>((r - 1) * segments + (s % segments));
  };
  auto tri = [&](std::uint32_t a, std::uint32_t b, std::uint32_t c) {
    triangles->insert(triangles->end(), {a, b, c});
  };
  for (int s = 0; s < segments; ++s) {
    tri(base, ring(1, s), ring(1, s + 1));
    tri(south, ring(rings - 1, s + 1), ring(rings - 1, s));
  }
  for (int r = 1; r + 1 < rings; ++r) {
    for (int s = 0; s < segments; ++s) {
      tri(ring(r, s), ring(r + 1, s), ring(r + 1, s + 1));
      tri(ring(r, s), ring(r + 1, s + 1), ring(r, s + 1));
    }
  }
}

void write_binary_ply(const fs::path& path, const std::vector<Ellipsoid>& pieces) {
  std::vector<float> points;
  std::vector<std::uint32_t> triangles;
  for (const Ellipsoid& e : pieces) {
    append_ellipsoid(e, 100, 100, &points, &triangles);  // 19,800 triangles each
  }
  std::ofstream out(path, std::ios::binary);
  out << "ply\nformat binary_little_endian 1.0\nelement vertex " << points.size() / 3
      << "\nproperty float x\nproperty float y\nproperty float z\nelement face "
      << triangles.size() / 3 << "\nproperty list uchar uint vertex_indices\nend_header\n";
  out.write(reinterpret_cast<const char*>(points.data()),
            static_cast<std::streamsize>(points.size() * sizeof(float)));
  for (std::size_t t = 0; t < triangles.size(); t += 3) {
    const unsigned char three = 3;
    out.write(reinterpret_cast<const char*>(&three), 1);
    out.write(reinterpret_cast<const char*>(&triangles[t]), 3 * sizeof(std::uint32_t));
  }
}

// A head-sized synthetic atlas: head centre (0, 0, 20), semi-axes 75 x 95 x 115 mm.
std::string write_synthetic_atlas() {
  const fs::path dir = fs::temp_directory_path() / "toxplan_bench_anatomy_atlas_v2";
  if (fs::exists(dir / "atlas.json")) {
    return dir.string();
  }
  fs::create_directories(dir / "meshes");
  const Vec3 head{0, 0, 20};
  auto shell = [&](double outer, double inner) {
    return std::vector<Ellipsoid>{{head, {75 + outer, 95 + outer, 115 + outer}},
                                  {head, {75 + inner, 95 + inner, 115 + inner}}};
  };
  nlohmann::json m = {{"format", "toxplan-atlas"},
                      {"version", 1},
                      {"id", "synthetic"},
                      {"atlas_version", "0"},
                      {"name", "Benchmark head"},
                      {"units", "mm"},
                      {"structures", nlohmann::json::array()},
                      {"landmarks", {{{"id", "nasion"}, {"position", {0, 95, 20}}}}}};
  auto add = [&](const std::string& id, const std::string& kind, const std::string& side,
                 const std::vector<Ellipsoid>& pieces) {
    write_binary_ply(dir / "meshes" / (id + ".ply"), pieces);
    m["structures"].push_back({{"id", id},
                               {"name", id},
                               {"kind", kind},
                               {"side", side},
                               {"mesh", "meshes/" + id + ".ply"}});
  };
  add("skin", "skin", "midline", shell(0, -2));
  add("fat", "fat", "midline", shell(-2, -6));
  add("skull", "bone", "midline", shell(-14, -20));
  // Muscles sit in the 8 mm between fat and skull: 13 pairs around the head plus one midline.
  const double pi = std::acos(-1.0);
  int pair = 0;
  for (double elevation : {-0.2, 0.25, 0.7}) {
    for (double azimuth = 0.35; azimuth < pi && pair < 13; azimuth += 0.62, ++pair) {
      for (const char* side : {"L", "R"}) {
        const double sx = side[0] == 'L' ? -1.0 : 1.0;  // RAS: left is -x
        // |cos| keeps every muscle on its own side (RAS: left is -x), clear of the midline.
        const Vec3 outward{sx * std::cos(elevation) * std::max(0.3, std::abs(std::cos(azimuth))),
                           std::cos(elevation) * std::sin(azimuth), std::sin(elevation)};
        const Vec3 at{head.x + outward.x * 65, head.y + outward.y * 85, head.z + outward.z * 105};
        const std::string id =
            (pair == 3 ? std::string("frontalis_") : "muscle" + std::to_string(pair) + "_") + side;
        add(id, "muscle", side, {{at, {14, 14, 14}}});
      }
    }
  }
  add("procerus", "muscle", "midline", {{{0, 88, 15}, {6, 6, 10}}});
  std::ofstream(dir / "atlas.json") << m.dump(1);
  return dir.string();
}

std::string atlas_dir() {
  static const std::string dir = []() {
    const std::string d = Atlas::default_dir();
    if (fs::exists(fs::path(d) / "atlas.json")) {
      return d;
    }
    return write_synthetic_atlas();
  }();
  return dir;
}

const Atlas& atlas() {
  static const std::unique_ptr<Atlas> loaded = []() {
    toxplan::Findings findings;
    auto a = Atlas::load(atlas_dir(), &findings);
    if (a == nullptr) {
      for (const auto& f : findings) {
        std::fprintf(stderr, "%s\n", f.message.c_str());
      }
      std::abort();
    }
    return a;
  }();
  return *loaded;
}

// Centre of the forehead muscle area: the frontalis if the atlas has one, else above nasion.
Vec3 forehead() {
  const Atlas& a = atlas();
  for (const char* id : {"frontalis_L", "frontalis_R", "frontalis"}) {
    if (const auto* s = a.find(id)) {
      return a.surface_centroid_mm(s->label);
    }
  }
  if (const auto* nasion = a.landmark("nasion")) {
    return nasion->position_mm + Vec3{0, -10, 30};
  }
  const Box b = a.bounds();
  return (b.min_mm + b.max_mm) * 0.5;
}

void BM_AtlasLoad(benchmark::State& state) {
  const std::string dir = atlas_dir();
  std::size_t structures = 0;
  for (auto _ : state) {
    toxplan::Findings findings;
    auto a = Atlas::load(dir, &findings);
    if (a == nullptr) {
      state.SkipWithError("atlas did not load");
      return;
    }
    structures = a->structures().size();
    benchmark::DoNotOptimize(a.get());
  }
  state.counters["structures"] = static_cast<double>(structures);
  state.SetLabel(dir);
}
BENCHMARK(BM_AtlasLoad)->Unit(benchmark::kMillisecond)->Iterations(3);

// Load plus every structure's surface (vtkPolyData with normals, built on first use): what the
// window needs before its first picture.
void BM_AtlasLoadWithSurfaces(benchmark::State& state) {
  const std::string dir = atlas_dir();
  std::size_t triangles = 0;
  for (auto _ : state) {
    toxplan::Findings findings;
    auto a = Atlas::load(dir, &findings);
    if (a == nullptr) {
      state.SkipWithError("atlas did not load");
      return;
    }
    triangles = 0;
    for (const auto& s : a->structures()) {
      triangles += static_cast<std::size_t>(s.mesh->GetNumberOfPolys());
    }
    benchmark::DoNotOptimize(a.get());
  }
  state.counters["triangles"] = static_cast<double>(triangles);
  state.SetLabel(dir);
}
BENCHMARK(BM_AtlasLoadWithSurfaces)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_LabelAt(benchmark::State& state) {
  const Atlas& a = atlas();
  const Box b = a.bounds();
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> ux(b.min_mm.x, b.max_mm.x), uy(b.min_mm.y, b.max_mm.y),
      uz(b.min_mm.z, b.max_mm.z);
  std::vector<Vec3> points(4096);
  for (auto& p : points) {
    p = {ux(rng), uy(rng), uz(rng)};
  }
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a.label_at(points[i++ & 4095]));
  }
}
BENCHMARK(BM_LabelAt)->Unit(benchmark::kMicrosecond);

void BM_Needle(benchmark::State& state) {
  const Atlas& a = atlas();
  const Vec3 target = forehead();
  const Box b = a.bounds();
  const Vec3 centre = (b.min_mm + b.max_mm) * 0.5;
  // Needles toward the head centre from skin points around the forehead.
  std::vector<std::pair<Vec3, Vec3>> needles;
  for (int i = -4; i <= 4; ++i) {
    for (int j = -4; j <= 4; ++j) {
      const Vec3 aim = target + Vec3{i * 3.0, 0, j * 3.0};
      const Vec3 dir = normalized(aim - centre);
      const auto hit = a.cast_to_skin(aim + dir * 100.0, -dir);
      if (hit) {
        needles.push_back({hit->point_mm, -hit->outward_normal});
      }
    }
  }
  if (needles.empty()) {
    state.SkipWithError("no skin found around the forehead");
    return;
  }
  std::size_t i = 0;
  std::size_t segments = 0;
  for (auto _ : state) {
    const auto& n = needles[i++ % needles.size()];
    const auto s = a.along_needle(n.first, n.second, 40.0);
    segments += s.size();
    benchmark::DoNotOptimize(s.data());
  }
  state.counters["segments"] =
      benchmark::Counter(static_cast<double>(segments), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_Needle)->Unit(benchmark::kMicrosecond);

void BM_LabelVolume60mm(benchmark::State& state) {
  const Atlas& a = atlas();
  const Vec3 c = forehead();
  const Box box{c - Vec3{30, 30, 30}, c + Vec3{30, 30, 30}};
  std::size_t labelled = 0;
  for (auto _ : state) {
    a.clear_label_volume_cache();  // measure the voxelisation, not the cache
    const auto v = a.label_volume(box, 0.5);
    labelled =
        v->size() - static_cast<std::size_t>(std::count(v->labels.begin(), v->labels.end(), 0));
    benchmark::DoNotOptimize(v.get());
  }
  state.counters["labelled_voxels"] = static_cast<double>(labelled);
}
BENCHMARK(BM_LabelVolume60mm)->Unit(benchmark::kMillisecond);

// The simulator's case: 16 x 16 x 128-voxel bricks at 0.5 mm (src/sim/site_domain.cpp), each
// built on one thread. A block of 4 x 4 bricks (32 x 32 x 64 mm) around the forehead.
void BM_LabelVolumeBricks(benchmark::State& state) {
  const Atlas& a = atlas();
  const Vec3 c = forehead();
  constexpr double h = 0.5;
  constexpr long long kBrick[3] = {16, 16, 128};
  const long long centre[3] = {std::llround(c.x / h), std::llround(c.y / h), std::llround(c.z / h)};
  std::vector<Box> bricks;
  for (int by = -2; by < 2; ++by) {
    for (int bx = -2; bx < 2; ++bx) {
      const long long first[3] = {(centre[0] / kBrick[0] + bx) * kBrick[0],
                                  (centre[1] / kBrick[1] + by) * kBrick[1],
                                  centre[2] - kBrick[2] / 2};
      bricks.push_back({{(first[0] + 0.1) * h, (first[1] + 0.1) * h, (first[2] + 0.1) * h},
                        {(first[0] + kBrick[0] - 1.1) * h, (first[1] + kBrick[1] - 1.1) * h,
                         (first[2] + kBrick[2] - 1.1) * h}});
    }
  }
  std::size_t labelled = 0;
  for (auto _ : state) {
    a.clear_label_volume_cache();  // measure the voxelisation, not the cache
    labelled = 0;
    for (const Box& box : bricks) {
      const auto v = a.label_volume(box, h);
      labelled +=
          v->size() - static_cast<std::size_t>(std::count(v->labels.begin(), v->labels.end(), 0));
      benchmark::DoNotOptimize(v.get());
    }
  }
  state.counters["bricks"] = static_cast<double>(bricks.size());
  state.counters["labelled_voxels"] = static_cast<double>(labelled);
}
BENCHMARK(BM_LabelVolumeBricks)->Unit(benchmark::kMillisecond);

void BM_LabelVolumeCached(benchmark::State& state) {
  const Atlas& a = atlas();
  const Vec3 c = forehead();
  const Box box{c - Vec3{30, 30, 30}, c + Vec3{30, 30, 30}};
  a.label_volume(box, 0.5);
  for (auto _ : state) {
    benchmark::DoNotOptimize(a.label_volume(box, 0.5).get());
  }
}
BENCHMARK(BM_LabelVolumeCached)->Unit(benchmark::kMicrosecond);

}  // namespace

#include "benchmark_main.h"
