// Landmarks from the real skull, spine, shoulder girdle and skin (docs/atlas-build-landmarks.md
// "Landmarks"). Bony points are found on the bones by extremes, profiles and the openings of
// the orbit and the ear canal seen along one axis ("depth maps"); a skin point is the skin met
// coming back from outside towards its bony point. The Frankfort frame is defined by porions
// and the left orbitale, which depend on which way is "up", so those are found three times,
// each time in the frame the previous pass gave; every other rule works in the final frame.
#include "atlas_build/skull_landmarks.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>

#include "anatomy/triangle_bvh.h"
#include "base/parallel_for.h"

namespace toxplan::atlas_build {

Vec3 AtlasFrame::apply(const Vec3& p) const {
  const auto& m = transform;
  return {m[0] * p.x + m[1] * p.y + m[2] * p.z + m[3], m[4] * p.x + m[5] * p.y + m[6] * p.z + m[7],
          m[8] * p.x + m[9] * p.y + m[10] * p.z + m[11]};
}

AtlasFrame AtlasFrame::from_axes(const Vec3& ex, const Vec3& ey, const Vec3& ez,
                                 const Vec3& origin) {
  AtlasFrame frame;
  const Vec3 rows[3] = {ex, ey, ez};
  for (int r = 0; r < 3; ++r) {
    frame.transform[4 * r + 0] = rows[r].x;
    frame.transform[4 * r + 1] = rows[r].y;
    frame.transform[4 * r + 2] = rows[r].z;
    frame.transform[4 * r + 3] = -dot(rows[r], origin);
  }
  return frame;
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kPi = 3.14159265358979323846;

// Sourced offsets (docs/reference/anatomy-dimensions.md).
constexpr double kForeheadHeightMm = 66.5;  // B1: hairline to brow, male mean

// An orthonormal RAS basis at `origin`: the frame rules are written in.
struct Basis {
  Vec3 origin;
  Vec3 ex{1, 0, 0}, ey{0, 1, 0}, ez{0, 0, 1};
  Vec3 to_frame(const Vec3& p) const {
    const Vec3 d = p - origin;
    return {dot(d, ex), dot(d, ey), dot(d, ez)};
  }
  Vec3 from_frame(const Vec3& q) const { return origin + ex * q.x + ey * q.y + ez * q.z; }
  Vec3 dir_from_frame(const Vec3& d) const { return ex * d.x + ey * d.y + ez * d.z; }
};

// x along the porion axis (left to right), z normal to the plane through both porions and
// `front` (the left orbitale), pointing up; y = z x x (anterior).
Basis frankfort_basis(const Vec3& porion_l, const Vec3& porion_r, const Vec3& front,
                      const Vec3& origin) {
  Basis b;
  b.origin = origin;
  b.ex = normalized(porion_r - porion_l);
  Vec3 n = normalized(cross(porion_r - porion_l, front - porion_l));
  if (n.z < 0) n = -n;
  b.ez = n;
  b.ey = normalized(cross(b.ez, b.ex));
  return b;
}

class Surface {
 public:
  explicit Surface(const anatomy::TriangleMesh* mesh) : mesh_(mesh), bvh_(mesh) {}
  const anatomy::TriangleMesh& mesh() const { return *mesh_; }
  // Parameter of the first crossing of origin + t * dir with t > t_min; +inf if none.
  double first_hit(const Vec3& origin, const Vec3& dir, double t_min = 0.0) const {
    std::vector<anatomy::RayHit> hits;
    bvh_.intersect_line(origin, dir, t_min, 1e5, &hits);
    return hits.empty() ? kInf : hits.front().t;
  }
  double last_hit(const Vec3& origin, const Vec3& dir, double t_max) const {
    std::vector<anatomy::RayHit> hits;
    bvh_.intersect_line(origin, dir, 0.0, t_max, &hits);
    return hits.empty() ? kInf : hits.back().t;
  }

 private:
  const anatomy::TriangleMesh* mesh_;
  anatomy::TriangleBvh bvh_;
};

using SurfaceSet = std::vector<const Surface*>;

double first_hit(const SurfaceSet& set, const Vec3& origin, const Vec3& dir) {
  double t = kInf;
  for (const Surface* s : set)
    t = std::min(t, s->first_hit(origin, dir));
  return t;
}

// A grid of parallel rays in the frame: origin(i, j) = corner + du * i + dv * j, along dir.
struct DepthMap {
  int nu = 0, nv = 0;
  Vec3 corner, du, dv, dir;   // frame coordinates
  std::vector<double> depth;  // +inf where the ray meets nothing
  double at(int i, int j) const { return depth[static_cast<std::size_t>(j) * nu + i]; }
  bool inside(int i, int j) const { return i >= 0 && j >= 0 && i < nu && j < nv; }
  Vec3 ray_origin(int i, int j) const { return corner + du * i + dv * j; }
  Vec3 hit(int i, int j) const { return ray_origin(i, j) + dir * at(i, j); }
};

DepthMap cast_depth_map(const SurfaceSet& set, const Basis& basis, const Vec3& corner,
                        const Vec3& du, const Vec3& dv, int nu, int nv, const Vec3& dir) {
  DepthMap map;
  map.nu = nu;
  map.nv = nv;
  map.corner = corner;
  map.du = du;
  map.dv = dv;
  map.dir = dir;
  map.depth.resize(static_cast<std::size_t>(nu) * nv);
  const Vec3 world_dir = basis.dir_from_frame(dir);
  // One slot per ray: the same map whatever the thread count.
  parallel_for(0, nv, 4, [&](std::int64_t j0, std::int64_t j1) {
    for (int j = static_cast<int>(j0); j < static_cast<int>(j1); ++j) {
      for (int i = 0; i < nu; ++i) {
        map.depth[static_cast<std::size_t>(j) * nu + i] =
            first_hit(set, basis.from_frame(map.ray_origin(i, j)), world_dir);
      }
    }
  });
  return map;
}

// An opening seen along the map's rays (the orbit, the ear canal): cells whose ray goes at
// least `jump_mm` deeper than bone found within `reach` cells in each required direction
// (+u, -u, +v, -v), cleaned of slits one or two cells wide (bone sutures seen edge-on), and
// kept as the largest 4-connected part.
struct Opening {
  std::vector<char> cells;
  int seed_i = -1, seed_j = -1;
  bool has(const DepthMap& m, int i, int j) const {
    return m.inside(i, j) && cells[static_cast<std::size_t>(j) * m.nu + i] != 0;
  }
};

Opening find_opening(const DepthMap& m, double jump_mm, int reach, const std::array<bool, 4>& need,
                     bool no_hit_is_deep) {
  const int di[4] = {1, -1, 0, 0};
  const int dj[4] = {0, 0, 1, -1};
  std::vector<char> enclosed(m.depth.size(), 0);
  for (int j = 0; j < m.nv; ++j) {
    for (int i = 0; i < m.nu; ++i) {
      const double d = m.at(i, j);
      if (!no_hit_is_deep && !std::isfinite(d)) continue;
      bool ok = true;
      for (int k = 0; k < 4 && ok; ++k) {
        if (!need[k]) continue;
        bool found = false;
        for (int s = 1; s <= reach && !found; ++s) {
          const int a = i + di[k] * s, b = j + dj[k] * s;
          if (!m.inside(a, b)) break;
          const double e = m.at(a, b);
          found = std::isfinite(e) && e < d - jump_mm;
        }
        ok = found;
      }
      enclosed[static_cast<std::size_t>(j) * m.nu + i] = ok ? 1 : 0;
    }
  }
  // Morphological opening, radius 2 cells.
  auto morph = [&](const std::vector<char>& in, bool erode) {
    std::vector<char> out(in.size(), 0);
    for (int j = 0; j < m.nv; ++j) {
      for (int i = 0; i < m.nu; ++i) {
        bool all = true, any = false;
        for (int b = j - 2; b <= j + 2; ++b) {
          for (int a = i - 2; a <= i + 2; ++a) {
            const bool v = m.inside(a, b) && in[static_cast<std::size_t>(b) * m.nu + a];
            all = all && v;
            any = any || v;
          }
        }
        out[static_cast<std::size_t>(j) * m.nu + i] = (erode ? all : any) ? 1 : 0;
      }
    }
    return out;
  };
  std::vector<char> cleaned = morph(morph(enclosed, true), false);
  for (std::size_t c = 0; c < cleaned.size(); ++c)
    cleaned[c] = cleaned[c] && enclosed[c];
  // Keep the largest 4-connected part (the first found when sizes tie: deterministic).
  Opening op;
  op.cells.assign(m.depth.size(), 0);
  std::vector<int> part(m.depth.size(), -1);
  std::size_t best_size = 0;
  int best_part = -1, parts = 0;
  for (int j0 = 0; j0 < m.nv; ++j0) {
    for (int i0 = 0; i0 < m.nu; ++i0) {
      const std::size_t c0 = static_cast<std::size_t>(j0) * m.nu + i0;
      if (!cleaned[c0] || part[c0] >= 0) continue;
      std::vector<std::pair<int, int>> stack{{i0, j0}};
      part[c0] = parts;
      std::size_t size = 0;
      while (!stack.empty()) {
        auto [i, j] = stack.back();
        stack.pop_back();
        ++size;
        for (int k = 0; k < 4; ++k) {
          const int a = i + di[k], b = j + dj[k];
          if (!m.inside(a, b)) continue;
          const std::size_t c = static_cast<std::size_t>(b) * m.nu + a;
          if (cleaned[c] && part[c] < 0) {
            part[c] = parts;
            stack.push_back({a, b});
          }
        }
      }
      if (size > best_size) {
        best_size = size;
        best_part = parts;
        op.seed_i = i0;
        op.seed_j = j0;
      }
      ++parts;
    }
  }
  for (std::size_t c = 0; c < part.size(); ++c)
    op.cells[c] = part[c] == best_part ? 1 : 0;
  return op;
}

// The bone at the margin of the opening: stepping from an opening cell (i, j) along (di, dj),
// past the opening and past the wall that slopes into it, to the first cell where the surface
// faces the viewer within 60 degrees (depth changes by less than tan 60 x the cell size to the
// next cell out) and lies in front of the opening's shallowest cell on the way.
std::optional<Vec3> margin_hit(const DepthMap& m, const Opening& op, int i, int j, int di, int dj) {
  const double cell = norm(di != 0 ? m.du : m.dv);
  const double facing = std::tan(60.0 * kPi / 180.0) * cell;
  double shallowest = kInf;
  while (op.has(m, i, j)) {
    shallowest = std::min(shallowest, m.at(i, j));
    i += di;
    j += dj;
  }
  for (; m.inside(i + di, j + dj); i += di, j += dj) {
    const double d = m.at(i, j), e = m.at(i + di, j + dj);
    if (std::isfinite(d) && std::isfinite(e) && d < shallowest - 3.0 && std::abs(e - d) < facing) {
      return m.hit(i, j);
    }
  }
  return std::nullopt;
}

struct Landmarks {
  std::vector<ComputedLandmark> list;
  void add(std::string id, std::string name, std::string rule, const Vec3& p_frame,
           const Basis& basis) {
    list.push_back({std::move(id), std::move(name), std::move(rule), basis.from_frame(p_frame)});
  }
};

class Builder {
 public:
  explicit Builder(const MeshesByRole& meshes) : meshes_(meshes) {}

  const Surface& need(const std::string& role) {
    auto it = surfaces_.find(role);
    if (it != surfaces_.end()) return *it->second;
    auto m = meshes_.find(role);
    if (m == meshes_.end() || m->second == nullptr || m->second->triangles.empty()) {
      throw std::runtime_error("landmarks: the mesh of role '" + role +
                               "' is missing or empty; the frame and landmarks need it");
    }
    auto s = std::make_unique<Surface>(m->second);
    const Surface& ref = *s;
    surfaces_.emplace(role, std::move(s));
    return ref;
  }
  SurfaceSet set(std::initializer_list<const char*> roles) {
    SurfaceSet out;
    for (const char* r : roles)
      out.push_back(&need(r));
    return out;
  }

 private:
  const MeshesByRole& meshes_;
  std::map<std::string, std::unique_ptr<Surface>> surfaces_;
};

const char* side_word(int s) {
  return s > 0 ? "right" : "left";
}
std::string sided(const std::string& id, int s) {
  return id + (s > 0 ? "_R" : "_L");
}

// Frame coordinates of every vertex of a mesh.
std::vector<Vec3> frame_vertices(const Surface& s, const Basis& b) {
  std::vector<Vec3> out;
  out.reserve(s.mesh().vertices_mm.size());
  for (const Vec3& v : s.mesh().vertices_mm)
    out.push_back(b.to_frame(v));
  return out;
}

// Porion: the highest point of the margin of the external acoustic meatus, seen from the side
// (rays from lateral to medial onto the temporal bone). The canal is the opening enclosed by
// bone above, in front and behind (the tympanic plate under it is not always seen).
struct EarCanal {
  Vec3 porion;  // top of the margin
};
std::optional<EarCanal> find_ear_canal(const Surface& temporal, const Basis& b, int s) {
  std::vector<Vec3> v = frame_vertices(temporal, b);
  anatomy::Box box{{kInf, kInf, kInf}, {-kInf, -kInf, -kInf}};
  for (const Vec3& p : v) {
    box.min_mm = {std::min(box.min_mm.x, p.x), std::min(box.min_mm.y, p.y),
                  std::min(box.min_mm.z, p.z)};
    box.max_mm = {std::max(box.max_mm.x, p.x), std::max(box.max_mm.y, p.y),
                  std::max(box.max_mm.z, p.z)};
  }
  const double step = 0.5;
  const double x0 = s > 0 ? box.max_mm.x + 10 : box.min_mm.x - 10;
  const int nu = static_cast<int>((box.max_mm.y - box.min_mm.y) / step) + 1;
  const int nv = static_cast<int>((box.max_mm.z - box.min_mm.z) / step) + 1;
  DepthMap m = cast_depth_map({&temporal}, b, {x0, box.min_mm.y, box.min_mm.z}, {0, step, 0},
                              {0, 0, step}, nu, nv, {-1.0 * s, 0, 0});
  // u = y (anterior), v = z (up): bone needed in front, behind and above, within 10 mm.
  Opening op = find_opening(m, 10.0, 20, {true, true, true, false}, false);
  if (op.seed_i < 0) return std::nullopt;
  int top_j = -1;
  for (int j = 0; j < m.nv; ++j) {
    for (int i = 0; i < m.nu; ++i) {
      if (op.has(m, i, j)) top_j = std::max(top_j, j);
    }
  }
  std::vector<int> top_i;
  for (int i = 0; i < m.nu; ++i) {
    if (op.has(m, i, top_j)) top_i.push_back(i);
  }
  const int i = top_i[top_i.size() / 2];
  auto porion = margin_hit(m, op, i, top_j, 0, 1);
  if (!porion) return std::nullopt;
  return EarCanal{*porion};
}

// The orbit seen from the front (rays posterior onto the facial bones): its opening and the
// bony margin around it. u = x (outward for the side), v = z.
struct Orbit {
  DepthMap map;
  Opening opening;
  double x0 = 0, z0 = 0, step = 0.5;
  int s = 1;
  int column(double x) const { return static_cast<int>(std::lround((s * x - x0) / step)); }
  int row(double z) const { return static_cast<int>(std::lround((z - z0) / step)); }
};

Orbit scan_orbit(const SurfaceSet& face, const Basis& b, int s) {
  Orbit o;
  o.s = s;
  o.x0 = 5.0;
  o.z0 = -25.0;
  const int nu = static_cast<int>(60.0 / o.step) + 1;  // 5 .. 65 mm from the midline
  const int nv = static_cast<int>(80.0 / o.step) + 1;  // -25 .. 55 mm from the FH
  o.map = cast_depth_map(face, b, {s * o.x0, 250.0, o.z0}, {s * o.step, 0, 0}, {0, 0, o.step}, nu,
                         nv, {0, -1, 0});
  // The orbit is enclosed by its margin on all four sides, within 40 mm of any point inside;
  o.opening = find_opening(o.map, 8.0, 80, {true, true, true, true}, true);
  return o;
}

std::optional<Vec3> orbitale_from(const Orbit& o) {
  const DepthMap& m = o.map;
  int low_j = m.nv, low_i = -1;
  for (int i = 0; i < m.nu; ++i) {
    for (int j = 0; j < m.nv; ++j) {
      if (o.opening.has(m, i, j)) {
        if (j < low_j) {
          low_j = j;
          low_i = i;
        }
        break;
      }
    }
  }
  if (low_i < 0) return std::nullopt;
  // Several columns may share the lowest row: take the middle one.
  int first = low_i, last = low_i;
  while (o.opening.has(m, last + 1, low_j))
    ++last;
  return margin_hit(m, o.opening, (first + last) / 2, low_j, 0, -1);
}

// The superior margin (bone) of the orbit at frame x, or nullopt when the column misses it.
std::optional<Vec3> superior_margin(const Orbit& o, double x) {
  const int i = o.column(x);
  for (int j = o.map.nv - 1; j >= 0; --j) {
    if (o.opening.has(o.map, i, j)) return margin_hit(o.map, o.opening, i, j, 0, 1);
  }
  return std::nullopt;
}

// The most anterior (or, `from_behind`, most posterior) point of the vertical profile of `set`
// at frame x, for z in [z_lo, z_hi].
struct ProfilePoint {
  Vec3 p;
  bool ok = false;
};
ProfilePoint profile_extreme(const SurfaceSet& set, const Basis& b, double x, double z_lo,
                             double z_hi, bool from_behind) {
  ProfilePoint best;
  const double y0 = from_behind ? -300.0 : 300.0;
  const Vec3 dir = b.dir_from_frame({0, from_behind ? 1.0 : -1.0, 0});
  for (double z = z_lo; z <= z_hi + 1e-9; z += 0.25) {
    const double t = first_hit(set, b.from_frame({x, y0, z}), dir);
    if (!std::isfinite(t)) continue;
    const Vec3 p{x, y0 + (from_behind ? t : -t), z};
    if (!best.ok || (from_behind ? p.y < best.p.y : p.y > best.p.y)) {
      best.p = p;
      best.ok = true;
    }
  }
  return best;
}

// The ridge of a vertical profile seen from behind at frame x: the point of greatest
// curvature of y(z) (the turn from the steep nuchal plane below to the squama above), from
// samples every 1 mm and second differences over +-4 mm.
ProfilePoint profile_ridge(const Surface& bone, const Basis& b, double x, double z_lo,
                           double z_hi) {
  std::vector<Vec3> p;
  for (double z = z_lo - 4.0; z <= z_hi + 4.0 + 1e-9; z += 1.0) {
    const double t = bone.first_hit(b.from_frame({x, -300, z}), b.ey);
    if (std::isfinite(t)) p.push_back({x, -300 + t, z});
  }
  ProfilePoint best;
  double best_k = -kInf;
  for (std::size_t i = 4; i + 4 < p.size(); ++i) {
    if (p[i + 4].z - p[i - 4].z > 8.5) continue;  // a gap in the profile
    const double k = p[i + 4].y - 2.0 * p[i].y + p[i - 4].y;
    if (k > best_k) {
      best_k = k;
      best = {p[i], true};
    }
  }
  return best;
}

// The skin over a bony point along a frame direction: the first skin crossing met coming back
// from `reach_mm` out along that direction. The source skin is two outward-facing sheets about
// 2 mm apart, and in places (forehead, temples) the bone reaches into or through them, so
// casting from the bone outward would find the inner sheet or nothing.
std::optional<Vec3> to_skin(const Surface& skin, const Basis& b, const Vec3& from, const Vec3& dir,
                            double reach_mm = 40.0) {
  const Vec3 d = normalized(dir);
  const Vec3 start = from + d * reach_mm;
  const double t = skin.first_hit(b.from_frame(start), b.dir_from_frame(-d));
  if (!std::isfinite(t) || t > reach_mm + 10.0) return std::nullopt;
  return start - d * t;
}

Vec3 require(const std::optional<Vec3>& p, const std::string& id, const std::string& why) {
  if (!p) {
    throw std::runtime_error("landmarks: could not find " + id + " (" + why +
                             "); check that the meshes are the BodyParts3D head in RAS mm");
  }
  return *p;
}

// The opening of the skin at the eye (the palpebral fissure) seen from the front: rays that
// pass through it meet the skin again only at the back of the head.
struct Eye {
  Vec3 pupil, medial_canthus, lateral_canthus;
  bool ok = false;
};

Eye scan_eye(const Surface& skin, const Basis& b, int s, double orbitale_z) {
  const double step = 0.5, x0 = 5.0, z0 = orbitale_z - 10.0;
  const int nu = static_cast<int>(60.0 / step) + 1;
  const int nv = static_cast<int>(50.0 / step) + 1;
  DepthMap m = cast_depth_map({&skin}, b, {s * x0, 250.0, z0}, {s * step, 0, 0}, {0, 0, step}, nu,
                              nv, {0, -1, 0});
  Opening op = find_opening(m, 30.0, 80, {true, true, true, true}, true);
  Eye eye;
  if (op.seed_i < 0) return eye;
  int lo = nu, hi = -1;
  for (int j = 0; j < nv; ++j) {
    for (int i = 0; i < nu; ++i) {
      if (op.has(m, i, j)) {
        lo = std::min(lo, i);
        hi = std::max(hi, i);
      }
    }
  }
  // The ends: the middle row of the opening in its extreme column, stepped outward.
  auto end_point = [&](int i, int di) -> std::optional<Vec3> {
    int j_lo = nv, j_hi = -1;
    for (int j = 0; j < nv; ++j) {
      if (op.has(m, i, j)) {
        j_lo = std::min(j_lo, j);
        j_hi = std::max(j_hi, j);
      }
    }
    return margin_hit(m, op, i, (j_lo + j_hi) / 2, di, 0);
  };
  auto medial = end_point(lo, -1), lateral = end_point(hi, 1);
  if (!medial || !lateral) return eye;
  const int ic = (lo + hi) / 2;
  int j_lo = nv, j_hi = -1;
  for (int j = 0; j < nv; ++j) {
    if (op.has(m, ic, j)) {
      j_lo = std::min(j_lo, j);
      j_hi = std::max(j_hi, j);
    }
  }
  if (j_hi < 0) return eye;
  auto upper = margin_hit(m, op, ic, j_hi, 0, 1), lower = margin_hit(m, op, ic, j_lo, 0, -1);
  if (!upper || !lower) return eye;
  eye.medial_canthus = *medial;
  eye.lateral_canthus = *lateral;
  eye.pupil = (*upper + *lower) * 0.5;
  eye.pupil.x = 0.5 * (medial->x + lateral->x);
  eye.ok = true;
  return eye;
}

struct FrameLandmarks {
  Vec3 porion[2], orbitale[2];  // [0] left, [1] right; input frame
  Basis basis;                  // origin at mid-porion until the tragions are known
};

int side_index(int s) {
  return s > 0 ? 1 : 0;
}

Eye require_eye(const Eye& eye, int s) {
  if (!eye.ok) {
    throw std::runtime_error(std::string("landmarks: could not find the opening of the skin at "
                                         "the ") +
                             side_word(s) +
                             " eye (pupil, canthi); the skin mesh must be open at the eyes");
  }
  return eye;
}

}  // namespace

std::vector<ComputedLandmark> compute_landmarks(const MeshesByRole& meshes) {
  Builder builder(meshes);
  const Surface& skin = builder.need("skin");
  const Surface* temporal[2] = {&builder.need("temporal_bone_L"), &builder.need("temporal_bone_R")};
  SurfaceSet face_side[2] = {builder.set({"frontal_bone", "zygomatic_bone_L", "maxilla_L",
                                          "nasal_bone_L", "sphenoid_bone"}),
                             builder.set({"frontal_bone", "zygomatic_bone_R", "maxilla_R",
                                          "nasal_bone_R", "sphenoid_bone"})};

  // Frame passes: first "up" is the source's +z (a standing subject), then the Frankfort
  // normal of the previous pass.
  FrameLandmarks f;
  {
    Basis b0;  // source axes
    Vec3 p[2];
    for (int s : {-1, 1}) {
      auto canal = find_ear_canal(*temporal[side_index(s)], b0, s);
      p[side_index(s)] =
          b0.from_frame(require(canal ? std::optional<Vec3>(canal->porion) : std::nullopt,
                                sided("porion", s), "ear canal not found"));
    }
    f.basis = b0;
    f.basis.origin = (p[0] + p[1]) * 0.5;
    f.basis.ex = normalized(p[1] - p[0]);
    f.basis.ez = normalized(b0.ez - f.basis.ex * dot(b0.ez, f.basis.ex));
    f.basis.ey = normalized(cross(f.basis.ez, f.basis.ex));
  }
  for (int pass = 0; pass < 3; ++pass) {
    for (int s : {-1, 1}) {
      const int k = side_index(s);
      auto canal = find_ear_canal(*temporal[k], f.basis, s);
      if (!canal) require(std::nullopt, sided("porion", s), "ear canal not found");
      f.porion[k] = f.basis.from_frame(canal->porion);
      Orbit o = scan_orbit(face_side[k], f.basis, s);
      f.orbitale[k] = f.basis.from_frame(
          require(orbitale_from(o), sided("orbitale", s), "orbit opening not found"));
    }
    f.basis =
        frankfort_basis(f.porion[0], f.porion[1], f.orbitale[0], (f.porion[0] + f.porion[1]) * 0.5);
  }

  // Tragion: the BodyParts3D skin has no auricle, so the tragus is not modelled: the tragion is
  // the skin lateral of the porion along the porion axis. Origin of the frame: mid-tragion.
  Vec3 tragion_in[2];
  for (int s : {-1, 1}) {
    const int k = side_index(s);
    const Vec3 porion_f = f.basis.to_frame(f.porion[k]);
    tragion_in[k] = f.basis.from_frame(require(to_skin(skin, f.basis, porion_f, {1.0 * s, 0, 0}),
                                               sided("tragion", s), "no skin lateral to porion"));
  }
  const Basis B = frankfort_basis(f.porion[0], f.porion[1], f.orbitale[0],
                                  (tragion_in[0] + tragion_in[1]) * 0.5);
  Landmarks out;
  auto F = [&](const Vec3& p_in) { return B.to_frame(p_in); };

  // ---- Ear, orbit (each side from its own bones) ----
  for (int s : {-1, 1}) {
    const int k = side_index(s);
    const std::string side = side_word(s);
    out.add(sided("porion", s), "Porion (" + side + ")",
            "bone: highest point of the margin of the external acoustic meatus, seen along the "
            "porion axis (temporal bone)",
            F(f.porion[k]), B);
    out.add(sided("tragion", s), "Tragion (" + side + ")",
            "skin: lateral of the porion along the porion axis (the source skin has no auricle)",
            F(tragion_in[k]), B);
    Orbit o = scan_orbit(face_side[k], B, s);
    const Vec3 orbitale = require(orbitale_from(o), sided("orbitale", s), "orbit not found");
    out.add(sided("orbitale", s), "Orbitale (" + side + ")",
            "bone: lowest point of the infraorbital margin seen from the front (zygomatic "
            "bone, maxilla)",
            orbitale, B);
    // No eyeballs in the data, but the skin is open at the palpebral fissure: the canthi are
    // its medial and lateral ends, the pupil its centre (midway between the canthi, midway
    // between the lid margins there).
    const Eye eye = require_eye(scan_eye(skin, B, s, orbitale.z), s);
    out.add(sided("pupil", s), "Pupil, centre of the palpebral fissure (" + side + ")",
            "skin: centre of the opening of the skin at the eye (midway between the canthi, "
            "midway between the upper and lower lid margins there)",
            eye.pupil, B);
    out.add(sided("medial_canthus", s), "Medial canthus (" + side + ")",
            "skin: medial end of the opening of the skin at the eye", eye.medial_canthus, B);
    out.add(sided("lateral_canthus", s), "Lateral canthus (" + side + ")",
            "skin: lateral end of the opening of the skin at the eye", eye.lateral_canthus, B);
    const Vec3 rim = require(superior_margin(o, eye.pupil.x), sided("supraorbital_rim", s),
                             "no superior margin above the pupil");
    out.add(sided("supraorbital_rim", s), "Supraorbital rim above the pupil, bone (" + side + ")",
            "bone: superior orbital margin seen from the front, in the column of the pupil", rim,
            B);
    const double medial_x = eye.medial_canthus.x;
    const Vec3 rim_medial = require(superior_margin(o, medial_x),
                                    sided("supraorbital_rim_medial", s), "no medial margin");
    out.add(sided("supraorbital_rim_medial", s), "Supraorbital rim, medial, bone (" + side + ")",
            "bone: superior orbital margin in the column of the medial canthus", rim_medial, B);
    // Notch: the highest point of the superior margin between the medial canthus column and
    // the pupil column (a notch or foramen lifts the margin there).
    std::optional<Vec3> notch;
    for (double x = std::min(medial_x, eye.pupil.x); x <= std::max(medial_x, eye.pupil.x);
         x += 0.5) {
      auto p = superior_margin(o, x);
      if (p && (!notch || p->z > notch->z)) notch = p;
    }
    out.add(sided("supraorbital_notch", s), "Supraorbital notch (" + side + ")",
            "bone: highest point of the superior orbital margin between the medial-canthus and "
            "pupil columns",
            require(notch, sided("supraorbital_notch", s), "no superior margin"), B);
    out.add(sided("eyebrow_centre", s), "Eyebrow centre (" + side + ")",
            "skin: first skin crossing anterior of the supraorbital rim above the pupil",
            require(to_skin(skin, B, rim, {0, 1, 0}), sided("eyebrow_centre", s), "no skin"), B);
  }

  // ---- Midline face ----
  const Surface& frontal = builder.need("frontal_bone");
  const SurfaceSet nasal = builder.set({"nasal_bone_L", "nasal_bone_R"});
  const SurfaceSet frontonasal = builder.set({"frontal_bone", "nasal_bone_L", "nasal_bone_R"});
  const SurfaceSet skin_set{&skin};
  double nasal_top_z = -kInf;
  for (const Surface* n : nasal) {
    for (const Vec3& v : frame_vertices(*n, B)) {
      if (std::abs(v.x) < 5.0) nasal_top_z = std::max(nasal_top_z, v.z);
    }
  }
  if (!std::isfinite(nasal_top_z)) require(std::nullopt, "nasion", "nasal bones off the midline");
  // The bones meet edge to edge at the midline, where a ray can slip between them: the most
  // anterior of the hits within 2 mm of it.
  double t_nasion = kInf;
  for (double x = -2.0; x <= 2.0; x += 0.5) {
    t_nasion = std::min(t_nasion, first_hit(frontonasal, B.from_frame({x, 300, nasal_top_z - 0.5}),
                                            B.dir_from_frame({0, -1, 0})));
  }
  if (!std::isfinite(t_nasion)) require(std::nullopt, "nasion", "no bone at the nasion");
  const Vec3 nasion_bone{0, 300 - t_nasion, nasal_top_z - 0.5};
  const Vec3 nasion = require(to_skin(skin, B, nasion_bone, {0, 1, 0}), "nasion", "no skin");
  out.add("nasion", "Nasion (soft tissue)",
          "skin: anterior of the bony nasion (midline frontonasal suture: top of the nasal bones "
          "on the frontal bone)",
          nasion, B);
  ProfilePoint glab =
      profile_extreme({&frontal}, B, 0.0, nasion_bone.z, nasion_bone.z + 35.0, false);
  if (!glab.ok) require(std::nullopt, "glabella", "no frontal bone in the midline");
  const Vec3 glabella = require(to_skin(skin, B, glab.p, {0, 1, 0}), "glabella", "no skin");
  out.add("glabella", "Glabella",
          "skin: anterior of the bony glabella (most anterior midline point of the frontal bone "
          "within 35 mm above the nasion)",
          glabella, B);
  // Sellion: the deepest point of the soft-tissue nasal root, measured behind the chord from
  // the skin glabella to the nasal dorsum 20 mm below the bony nasion (independent of head tilt).
  {
    std::vector<Vec3> profile;
    for (double z = nasion_bone.z - 20.0; z <= glabella.z + 1e-9; z += 0.25) {
      const double t = skin.first_hit(B.from_frame({0, 300, z}), B.dir_from_frame({0, -1, 0}));
      if (std::isfinite(t)) profile.push_back({0, 300 - t, z});
    }
    if (profile.size() < 3) require(std::nullopt, "sellion", "no skin at the nasal root");
    const Vec3 a = profile.front(), c = profile.back();
    const Vec3 chord = normalized(c - a);
    const Vec3 behind = normalized(Vec3{0, -chord.z, chord.y} * (chord.z > 0 ? 1.0 : -1.0));
    Vec3 best = profile[profile.size() / 2];
    double depth = -kInf;
    for (const Vec3& p : profile) {
      const double d = dot(p - a, behind);
      if (d > depth) {
        depth = d;
        best = p;
      }
    }
    out.add("sellion", "Sellion",
            "skin: midline skin point deepest behind the chord from the skin glabella to the "
            "nasal dorsum 20 mm below the bony nasion",
            best, B);
  }
  double eyebrow_z = 0.0;
  int n_brow = 0;
  for (const auto& l : out.list) {
    if (l.id.rfind("eyebrow_centre", 0) == 0) {
      eyebrow_z += B.to_frame(l.position_mm).z;
      ++n_brow;
    }
  }
  eyebrow_z /= std::max(1, n_brow);
  {
    const double z = eyebrow_z + kForeheadHeightMm;
    const double t = skin.first_hit(B.from_frame({0, 300, z}), B.dir_from_frame({0, -1, 0}));
    if (!std::isfinite(t)) require(std::nullopt, "trichion", "no forehead skin");
    out.add("trichion", "Trichion (hairline)",
            "skin: midline forehead 66.5 mm above the eyebrow centres (B1 forehead height; the "
            "source has no hair)",
            {0, 300 - t, z}, B);
  }
  {
    ProfilePoint top;
    for (double y = -120; y <= 120; y += 0.5) {
      const double t = skin.first_hit(B.from_frame({0, y, 400}), B.dir_from_frame({0, 0, -1}));
      if (!std::isfinite(t)) continue;
      const Vec3 p{0, y, 400 - t};
      if (!top.ok || p.z > top.p.z) top = {p, true};
    }
    if (!top.ok) require(std::nullopt, "vertex", "no scalp");
    out.add("vertex", "Vertex", "skin: highest midline point of the scalp in the Frankfort frame",
            top.p, B);
  }
  // Inion: the external occipital protuberance, the most posterior midline point of the
  // occipital bone from 15 mm below to 30 mm above the Frankfort plane.
  const Surface& occipital = builder.need("occipital_bone");
  ProfilePoint inion = profile_ridge(occipital, B, 0.0, -30.0, 40.0);
  if (!inion.ok) require(std::nullopt, "inion", "no occipital bone in the midline");
  out.add("inion", "Inion (external occipital protuberance)",
          "bone: point of greatest curvature of the midline profile of the occipital bone, 30 mm "
          "below to 40 mm above the FH (where the nuchal plane turns into the squama)",
          inion.p, B);
  for (int s : {-1, 1}) {
    ProfilePoint snl = profile_ridge(occipital, B, s * 30.0, inion.p.z - 15.0, inion.p.z + 15.0);
    if (!snl.ok) require(std::nullopt, sided("superior_nuchal_line", s), "no occipital bone");
    const Vec3 p =
        require(to_skin(skin, B, snl.p, {0, -1, 0}), sided("superior_nuchal_line", s), "no skin");
    out.add(sided("superior_nuchal_line", s),
            std::string("Superior nuchal line, 30 mm lateral (") + side_word(s) + ")",
            "skin: behind the point of greatest curvature of the occipital-bone profile 30 mm "
            "from the midline, within 15 mm of the inion's height",
            p, B);
  }

  // ---- Mandible, temporal ----
  const Surface& mandible = builder.need("mandible");
  const std::vector<Vec3> mand = frame_vertices(mandible, B);
  {
    ProfilePoint bottom;
    for (double y = -50; y <= 150; y += 0.25) {
      const double t = mandible.first_hit(B.from_frame({0, y, -300}), B.ez);
      if (!std::isfinite(t)) continue;
      const Vec3 p{0, y, -300 + t};
      if (!bottom.ok || p.z < bottom.p.z) bottom = {p, true};
    }
    if (!bottom.ok) require(std::nullopt, "menton", "no mandible at the midline");
    const Vec3 low = bottom.p;
    out.add("menton", "Menton", "skin: below the lowest midline point of the mandibular symphysis",
            require(to_skin(skin, B, low, {0, 0, -1}), "menton", "no skin"), B);
  }
  for (int s : {-1, 1}) {
    const int k = side_index(s);
    const std::string side = side_word(s);
    const Vec3 porion = F(f.porion[k]);
    // Gonion: the point of the mandibular angle, extreme along the bisector of posterior and
    // inferior.
    Vec3 go;
    double best = -kInf;
    for (const Vec3& v : mand) {
      if (s * v.x < 20.0) continue;
      const double score = -v.y - v.z;
      if (score > best) {
        best = score;
        go = v;
      }
    }
    if (!std::isfinite(best)) require(std::nullopt, sided("gonion", s), "no mandibular angle");
    // The extreme lies on the angle's rim; its lateral face is what is palpated.
    for (const Vec3& v : mand) {
      if (s * v.x >= 20.0 && -v.y - v.z > best - 2.0 && s * v.x > s * go.x) go = v;
    }
    out.add(sided("gonion", s), "Gonion (" + side + ")",
            "bone: most lateral mandible point within 2 mm of the farthest posterior-inferior one "
            "(along (0, -1, -1)) on this side",
            go, B);
    Vec3 cor{0, 0, -kInf};
    for (const Vec3& v : mand) {
      if (s * v.x > 20.0 && v.y > porion.y + 20.0 && v.z > cor.z) cor = v;
    }
    if (!std::isfinite(cor.z)) require(std::nullopt, sided("coronoid_process", s), "no ramus");
    out.add(sided("coronoid_process", s), "Coronoid process tip (" + side + ")",
            "bone: highest mandible point more than 20 mm anterior of the porion on this side", cor,
            B);
    // A blunt tip: its lowest vertex slides, so take the centre of the lowest 2 mm and the
    // bone below it.
    const std::vector<Vec3> tv = frame_vertices(*temporal[k], B);
    auto in_mastoid = [&](const Vec3& v) {
      return v.y < porion.y - 3.0 && s * v.x > s * porion.x - 12.0;
    };
    double low = kInf;
    for (const Vec3& v : tv) {
      if (in_mastoid(v)) low = std::min(low, v.z);
    }
    if (!std::isfinite(low)) require(std::nullopt, sided("mastoid", s), "no mastoid");
    Vec3 tip_centre;
    int count = 0;
    for (const Vec3& v : tv) {
      if (in_mastoid(v) && v.z < low + 2.0) {
        tip_centre = tip_centre + v;
        ++count;
      }
    }
    tip_centre = tip_centre * (1.0 / count);
    const double t_tip =
        temporal[k]->first_hit(B.from_frame({tip_centre.x, tip_centre.y, low - 20.0}), B.ez);
    const Vec3 tip{tip_centre.x, tip_centre.y, std::isfinite(t_tip) ? low - 20.0 + t_tip : low};
    out.add(sided("mastoid", s), "Mastoid process tip (" + side + ")",
            "bone: below the centre of the lowest 2 mm of the temporal bone behind the porion and "
            "within 12 mm of its lateral plane (excludes the styloid)",
            tip, B);
    // Zygion: the most lateral point of the zygomatic arch, then out to the skin.
    const Surface& zyg = builder.need(sided("zygomatic_bone", s));
    Vec3 zy;
    double far = -kInf;
    for (const Surface* bone : {&zyg, temporal[k]}) {
      for (const Vec3& v : frame_vertices(*bone, B)) {
        if (v.z < -15.0 || v.z > 8.0 || v.y < porion.y + 10.0 || v.y > porion.y + 50.0) continue;
        if (s * v.x > far) {
          far = s * v.x;
          zy = v;
        }
      }
    }
    if (!std::isfinite(far)) require(std::nullopt, sided("zygomatic_arch", s), "no arch");
    // The arch is flat along its length: centre of the points within 1 mm of the widest.
    Vec3 zc;
    int nz = 0;
    for (const Surface* bone : {&zyg, temporal[k]}) {
      for (const Vec3& v : frame_vertices(*bone, B)) {
        if (v.z < -15.0 || v.z > 8.0 || v.y < porion.y + 10.0 || v.y > porion.y + 50.0) continue;
        if (s * v.x > far - 1.0) {
          zc = zc + v;
          ++nz;
        }
      }
    }
    zc = zc * (1.0 / nz);
    zc.x = s * far;
    out.add(sided("zygomatic_arch", s), "Zygomatic arch (" + side + ")",
            "skin: lateral of the zygion (centre of the arch points within 1 mm of the widest, "
            "10-50 mm anterior of the porion, 15 mm below to 8 mm above the FH)",
            require(to_skin(skin, B, zc, {1.0 * s, 0, 0}), sided("zygomatic_arch", s), "no skin"),
            B);
    // Temporal fusion line at forehead mid-height (midway between the brows and the trichion),
    // then out along the bone normal to the skin.
    const double z_mid = eyebrow_z + 0.5 * kForeheadHeightMm;
    const Vec3 centre{0, glab.p.y - 80.0, z_mid};
    std::vector<Vec3> section;  // outer surface, 0 to 80 degrees from anterior
    for (double a = 0.0; a <= 80.0; a += 0.5) {
      const double r = a * kPi / 180.0;
      const Vec3 d{s * std::sin(r), std::cos(r), 0};
      const double t = frontal.last_hit(B.from_frame(centre), B.dir_from_frame(d), 200.0);
      if (std::isfinite(t)) section.push_back(centre + d * t);
    }
    // The source bone has no ridge there (its section is a smooth arc), so the line is where
    // the surface faces 45 degrees between anterior and lateral (a choice).
    std::optional<Vec3> line, normal;
    for (std::size_t i = 1; i + 1 < section.size() && !line; ++i) {
      const Vec3 tangent = section[i + 1] - section[i - 1];
      Vec3 n = normalized(Vec3{tangent.y, -tangent.x, 0});
      if (n.y < 0) n = -n;  // outward (anterior-lateral)
      if (s * n.x >= n.y) {
        line = section[i];
        normal = n;
      }
    }
    if (!line) require(std::nullopt, sided("temporal_fusion_line", s), "no temporal line");
    out.add(sided("temporal_fusion_line", s),
            "Temporal fusion line at forehead mid-height (" + side + ")",
            "skin: outward (along the bone normal) of the frontal-bone point at forehead "
            "mid-height where the horizontal section's normal turns 45 degrees from anterior",
            require(to_skin(skin, B, *line, *normal), sided("temporal_fusion_line", s), "no skin"),
            B);
  }

  // ---- Neck and shoulders ----
  for (const auto& [id, role, name] :
       {std::tuple<const char*, const char*, const char*>{"c2_spinous", "vertebra_C2",
                                                          "C2 spinous process"},
        {"c7_spinous", "vertebra_C7", "C7 spinous process (cervicale)"}}) {
    // The C2 tip is bifid: the centre of the points within 2 mm of the most posterior one.
    const std::vector<Vec3> vv = frame_vertices(builder.need(role), B);
    double back = kInf;
    for (const Vec3& v : vv)
      back = std::min(back, v.y);
    Vec3 tip;
    int n_tip = 0;
    for (const Vec3& v : vv) {
      if (v.y < back + 2.0) {
        tip = tip + v;
        ++n_tip;
      }
    }
    tip = tip * (1.0 / n_tip);
    tip.y = back;
    out.add(id, name,
            std::string("skin: behind the centre of the most posterior 2 mm of ") + role +
                " (the spinous tip)",
            require(to_skin(skin, B, tip, {0, -1, 0}, 90.0), id, "no skin"), B);
  }
  {
    const Surface& manubrium = builder.need("manubrium");
    ProfilePoint top;
    for (double y = -50; y <= 150; y += 0.5) {
      const double t = manubrium.first_hit(B.from_frame({0, y, 0}), B.dir_from_frame({0, 0, -1}));
      if (!std::isfinite(t)) continue;
      const Vec3 p{0, y, -t};
      if (!top.ok || p.z > top.p.z) top = {p, true};
    }
    if (!top.ok) require(std::nullopt, "jugular_notch", "no manubrium in the midline");
    out.add("jugular_notch", "Jugular notch (suprasternale)",
            "skin: anterior of the highest midline point of the manubrium",
            require(to_skin(skin, B, top.p, {0, 1, 0}), "jugular_notch", "no skin"), B);
  }
  for (int s : {-1, 1}) {
    const std::vector<Vec3> sc = frame_vertices(builder.need(sided("scapula", s)), B);
    double top = -kInf;
    for (const Vec3& v : sc)
      top = std::max(top, v.z);
    Vec3 ac;
    double far = -kInf;
    for (const Vec3& v : sc) {
      if (v.z > top - 25.0 && s * v.x > far) {
        far = s * v.x;
        ac = v;
      }
    }
    // Above, not lateral: the source's shoulders differ more in the soft tissue lateral of the
    // acromion (arm posture) than over it.
    out.add(sided("acromion", s), std::string("Acromion (") + side_word(s) + ")",
            "skin: above the most lateral scapula point within 25 mm of its top",
            require(to_skin(skin, B, ac, {0, 0, 1}), sided("acromion", s), "no skin"), B);
  }
  return out.list;
}

AtlasFrame frame_from_landmarks(const std::vector<ComputedLandmark>& landmarks) {
  auto find = [&](const std::string& id) {
    for (const auto& l : landmarks) {
      if (l.id == id) return l.position_mm;
    }
    throw std::runtime_error("frame: landmark '" + id + "' is missing");
  };
  const Vec3 pl = find("porion_L"), pr = find("porion_R"), ol = find("orbitale_L");
  const Vec3 origin = (find("tragion_L") + find("tragion_R")) * 0.5;
  const Basis b = frankfort_basis(pl, pr, ol, origin);
  AtlasFrame frame = AtlasFrame::from_axes(b.ex, b.ey, b.ez, origin);
  frame.frankfort_tilt_before_deg = std::acos(std::clamp(b.ez.z, -1.0, 1.0)) * 180.0 / kPi;
  return frame;
}

}  // namespace toxplan::atlas_build
