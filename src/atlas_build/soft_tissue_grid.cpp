#include "atlas_build/soft_tissue_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "base/parallel_for.h"

namespace toxplan::atlas_build::soft {

Grid grid_around(const anatomy::Box& box, double spacing_mm, double pad_mm) {
  Grid g;
  g.spacing_mm = spacing_mm;
  const auto lo = [&](double v) { return std::floor((v - pad_mm) / spacing_mm) * spacing_mm; };
  const auto hi = [&](double v) { return std::ceil((v + pad_mm) / spacing_mm) * spacing_mm; };
  g.origin_mm = {lo(box.min_mm.x), lo(box.min_mm.y), lo(box.min_mm.z)};
  g.nx = static_cast<int>(std::lround((hi(box.max_mm.x) - g.origin_mm.x) / spacing_mm)) + 1;
  g.ny = static_cast<int>(std::lround((hi(box.max_mm.y) - g.origin_mm.y) / spacing_mm)) + 1;
  g.nz = static_cast<int>(std::lround((hi(box.max_mm.z) - g.origin_mm.z) / spacing_mm)) + 1;
  return g;
}

int add_inside_by_parity(const anatomy::TriangleMesh& mesh, const Grid& grid,
                         std::vector<std::uint8_t>* mask) {
  const double h = grid.spacing_mm;
  // The ray of column (i, j) runs a hair off the sample centres so that it never passes exactly
  // through a vertex or along an edge of a mesh whose vertices sit on round coordinates.
  const double jx = 1.37e-4 * h, jy = 0.73e-4 * h;
  std::vector<std::pair<std::int64_t, double>> crossings;  // (column, z)
  for (const auto& t : mesh.triangles) {
    const Vec3& a = mesh.vertices_mm[t[0]];
    const Vec3& b = mesh.vertices_mm[t[1]];
    const Vec3& c = mesh.vertices_mm[t[2]];
    const double area2 = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    if (area2 == 0.0) continue;  // seen edge-on from above: the ray cannot cross it
    const double x0 = std::min({a.x, b.x, c.x}), x1 = std::max({a.x, b.x, c.x});
    const double y0 = std::min({a.y, b.y, c.y}), y1 = std::max({a.y, b.y, c.y});
    const int i0 = std::max(0, static_cast<int>(std::ceil((x0 - jx - grid.origin_mm.x) / h)));
    const int i1 =
        std::min(grid.nx - 1, static_cast<int>(std::floor((x1 - jx - grid.origin_mm.x) / h)));
    const int j0 = std::max(0, static_cast<int>(std::ceil((y0 - jy - grid.origin_mm.y) / h)));
    const int j1 =
        std::min(grid.ny - 1, static_cast<int>(std::floor((y1 - jy - grid.origin_mm.y) / h)));
    for (int j = j0; j <= j1; ++j)
      for (int i = i0; i <= i1; ++i) {
        const double px = grid.origin_mm.x + i * h + jx, py = grid.origin_mm.y + j * h + jy;
        // Barycentric weights in the x-y projection; the ray crosses when all are >= 0.
        const double wa = ((b.x - px) * (c.y - py) - (b.y - py) * (c.x - px)) / area2;
        const double wb = ((c.x - px) * (a.y - py) - (c.y - py) * (a.x - px)) / area2;
        const double wc = 1.0 - wa - wb;
        if (wa < 0.0 || wb < 0.0 || wc < 0.0) continue;
        crossings.emplace_back(static_cast<std::int64_t>(j) * grid.nx + i,
                               wa * a.z + wb * b.z + wc * c.z);
      }
  }
  std::sort(crossings.begin(), crossings.end());
  int unpaired = 0;
  std::size_t s = 0;
  while (s < crossings.size()) {
    std::size_t e = s;
    while (e < crossings.size() && crossings[e].first == crossings[s].first)
      ++e;
    if ((e - s) % 2 != 0) {
      ++unpaired;
      s = e;
      continue;
    }
    const int i = static_cast<int>(crossings[s].first % grid.nx);
    const int j = static_cast<int>(crossings[s].first / grid.nx);
    for (std::size_t q = s; q + 1 < e; q += 2) {
      const double z0 = crossings[q].second, z1 = crossings[q + 1].second;
      const int k0 = std::max(0, static_cast<int>(std::floor((z0 - grid.origin_mm.z) / h)) + 1);
      const int k1 =
          std::min(grid.nz - 1, static_cast<int>(std::ceil((z1 - grid.origin_mm.z) / h)) - 1);
      for (int k = k0; k <= k1; ++k)
        (*mask)[grid.index(i, j, k)] = 1;
    }
    s = e;
  }
  return unpaired;
}

Vec3 closest_point_on_triangle(const Vec3& p, const Vec3& a, const Vec3& b, const Vec3& c) {
  const Vec3 ab = b - a, ac = c - a, ap = p - a;
  const double d1 = dot(ab, ap), d2 = dot(ac, ap);
  if (d1 <= 0.0 && d2 <= 0.0) return a;
  const Vec3 bp = p - b;
  const double d3 = dot(ab, bp), d4 = dot(ac, bp);
  if (d3 >= 0.0 && d4 <= d3) return b;
  const double vc = d1 * d4 - d3 * d2;
  if (vc <= 0.0 && d1 >= 0.0 && d3 <= 0.0) return a + ab * (d1 / (d1 - d3));
  const Vec3 cp = p - c;
  const double d5 = dot(ab, cp), d6 = dot(ac, cp);
  if (d6 >= 0.0 && d5 <= d6) return c;
  const double vb = d5 * d2 - d1 * d6;
  if (vb <= 0.0 && d2 >= 0.0 && d6 <= 0.0) return a + ac * (d2 / (d2 - d6));
  const double va = d3 * d6 - d5 * d4;
  if (va <= 0.0 && (d4 - d3) >= 0.0 && (d5 - d6) >= 0.0)
    return b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6)));
  const double denom = va + vb + vc;
  if (!(std::abs(denom) > 0.0)) return a;  // degenerate triangle
  const double v = vb / denom, w = vc / denom;
  return a + ab * v + ac * w;
}

NarrowBand narrow_band_distance(const std::vector<const anatomy::TriangleMesh*>& meshes,
                                const Grid& grid, double radius_mm, bool keep_nearest) {
  NarrowBand band;
  band.distance_mm.assign(grid.size(), static_cast<float>(radius_mm));
  if (keep_nearest) band.nearest.assign(grid.size(), -1);
  const double h = grid.spacing_mm;
  struct Box {
    int i0, i1, j0, j1, k0, k1;
  };
  std::vector<Box> boxes;
  for (const auto* mesh : meshes)
    for (const auto& t : mesh->triangles) {
      const std::array<Vec3, 3> q{mesh->vertices_mm[t[0]], mesh->vertices_mm[t[1]],
                                  mesh->vertices_mm[t[2]]};
      const auto lo = [&](double v0, double v1, double v2, double o) {
        return static_cast<int>(std::ceil((std::min({v0, v1, v2}) - radius_mm - o) / h));
      };
      const auto hi = [&](double v0, double v1, double v2, double o) {
        return static_cast<int>(std::floor((std::max({v0, v1, v2}) + radius_mm - o) / h));
      };
      Box b;
      b.i0 = std::max(0, lo(q[0].x, q[1].x, q[2].x, grid.origin_mm.x));
      b.i1 = std::min(grid.nx - 1, hi(q[0].x, q[1].x, q[2].x, grid.origin_mm.x));
      b.j0 = std::max(0, lo(q[0].y, q[1].y, q[2].y, grid.origin_mm.y));
      b.j1 = std::min(grid.ny - 1, hi(q[0].y, q[1].y, q[2].y, grid.origin_mm.y));
      b.k0 = std::max(0, lo(q[0].z, q[1].z, q[2].z, grid.origin_mm.z));
      b.k1 = std::min(grid.nz - 1, hi(q[0].z, q[1].z, q[2].z, grid.origin_mm.z));
      band.triangles.push_back(q);
      boxes.push_back(b);
    }
  // Slabs of a few z layers: each is written by one task only, triangles in input order, so
  // the nearest triangle (first of equals) does not depend on threads.
  constexpr int kSlab = 4;
  const int slabs = (grid.nz + kSlab - 1) / kSlab;
  std::vector<std::vector<int>> by_slab(slabs);
  for (std::size_t t = 0; t < boxes.size(); ++t) {
    const Box& b = boxes[t];
    if (b.i0 > b.i1 || b.j0 > b.j1 || b.k0 > b.k1) continue;
    for (int s = b.k0 / kSlab; s <= b.k1 / kSlab; ++s)
      by_slab[s].push_back(static_cast<int>(t));
  }
  const float r = static_cast<float>(radius_mm);
  parallel_for(0, slabs, 1, [&](std::int64_t s0, std::int64_t s1) {
    for (std::int64_t s = s0; s < s1; ++s) {
      const int kz0 = static_cast<int>(s) * kSlab;
      const int kz1 = std::min(grid.nz - 1, kz0 + kSlab - 1);
      for (int t : by_slab[s]) {
        const Box& b = boxes[t];
        const auto& q = band.triangles[t];
        for (int k = std::max(b.k0, kz0); k <= std::min(b.k1, kz1); ++k)
          for (int j = b.j0; j <= b.j1; ++j)
            for (int i = b.i0; i <= b.i1; ++i) {
              const Vec3 p = grid.point(i, j, k);
              const float d =
                  static_cast<float>(distance(p, closest_point_on_triangle(p, q[0], q[1], q[2])));
              const std::size_t v = grid.index(i, j, k);
              if (d < band.distance_mm[v] && d < r) {
                band.distance_mm[v] = d;
                if (keep_nearest) band.nearest[v] = t;
              }
            }
      }
    }
  });
  return band;
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One line of the transform: d[q] = min_p f[p] + (q - p)^2, arg[q] = the minimising p.
// Infinite f are samples with no seed yet.
struct Line {
  std::vector<double> f, d, z;
  std::vector<int> v, arg;
  std::vector<std::int32_t> id;
  void resize(int n) {
    f.resize(n);
    d.resize(n);
    z.resize(n + 1);
    v.resize(n);
    arg.resize(n);
    id.resize(n);
  }
  void transform(int n) {
    int k = -1;
    for (int q = 0; q < n; ++q) {
      if (!(f[q] < kInf)) continue;
      double s = 0.0;
      while (k >= 0) {
        const int p = v[k];
        s = ((f[q] + double(q) * q) - (f[p] + double(p) * p)) / (2.0 * q - 2.0 * p);
        if (s <= z[k]) {
          --k;
        } else {
          break;
        }
      }
      ++k;
      v[k] = q;
      z[k] = k == 0 ? -kInf : s;
      z[k + 1] = kInf;
    }
    if (k < 0) {
      for (int q = 0; q < n; ++q) {
        d[q] = kInf;
        arg[q] = -1;
      }
      return;
    }
    int m = 0;
    for (int q = 0; q < n; ++q) {
      while (z[m + 1] < q)
        ++m;
      const double dq = q - v[m];
      d[q] = dq * dq + f[v[m]];
      arg[q] = v[m];
    }
  }
};

}  // namespace

void propagate_nearest_seed(const Grid& grid, std::vector<std::int32_t>* ids) {
  std::vector<float> g(grid.size());
  for (std::size_t v = 0; v < grid.size(); ++v)
    g[v] = (*ids)[v] >= 0 ? 0.0f : std::numeric_limits<float>::infinity();
  // Axis passes: x lines (stride 1), y lines (stride nx), z lines (stride nx * ny).
  const std::size_t sx = 1, sy = static_cast<std::size_t>(grid.nx),
                    sz = static_cast<std::size_t>(grid.nx) * grid.ny;
  struct Pass {
    int n;               // samples along the line
    std::size_t stride;  // between samples of a line
    std::int64_t lines;  // how many lines
    int a_count;         // first of the two other axes, for the line start
    std::size_t a_stride, b_stride;
  };
  const Pass passes[3] = {
      {grid.nx, sx, std::int64_t(grid.ny) * grid.nz, grid.ny, sy, sz},
      {grid.ny, sy, std::int64_t(grid.nx) * grid.nz, grid.nx, sx, sz},
      {grid.nz, sz, std::int64_t(grid.nx) * grid.ny, grid.nx, sx, sy},
  };
  for (const Pass& pass : passes) {
    parallel_for(0, pass.lines, 64, [&](std::int64_t l0, std::int64_t l1) {
      Line line;
      line.resize(pass.n);
      for (std::int64_t l = l0; l < l1; ++l) {
        const std::size_t start = static_cast<std::size_t>(l % pass.a_count) * pass.a_stride +
                                  static_cast<std::size_t>(l / pass.a_count) * pass.b_stride;
        for (int q = 0; q < pass.n; ++q) {
          const std::size_t v = start + q * pass.stride;
          line.f[q] = g[v];
          line.id[q] = (*ids)[v];
        }
        line.transform(pass.n);
        for (int q = 0; q < pass.n; ++q) {
          const std::size_t v = start + q * pass.stride;
          g[v] = static_cast<float>(line.d[q]);
          (*ids)[v] = line.arg[q] >= 0 ? line.id[line.arg[q]] : -1;
        }
      }
    });
  }
}

}  // namespace toxplan::atlas_build::soft
