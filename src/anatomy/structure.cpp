#include "anatomy/structure.h"

#include <limits>

namespace toxplan::anatomy {

namespace {

struct KindName {
  StructureKind kind;
  const char* name;
};

constexpr KindName kKindNames[] = {
    {StructureKind::Skin, "skin"},     {StructureKind::Fat, "fat"},
    {StructureKind::Muscle, "muscle"}, {StructureKind::Bone, "bone"},
    {StructureKind::Organ, "organ"},   {StructureKind::Nerve, "nerve"},
    {StructureKind::Vessel, "vessel"}, {StructureKind::Other, "other"},
};

// Unit tangent of the polyline segment nearest to p; zero when the path has no length.
Vec3 nearest_segment_tangent(const std::vector<Vec3>& path_mm, const Vec3& p) {
  double best_distance_sq = std::numeric_limits<double>::infinity();
  Vec3 best_tangent;
  for (std::size_t i = 0; i + 1 < path_mm.size(); ++i) {
    const Vec3 a = path_mm[i];
    const Vec3 ab = path_mm[i + 1] - a;
    const double length_sq = dot(ab, ab);
    if (length_sq <= 0.0) {
      continue;  // repeated point: no direction to offer
    }
    double t = dot(p - a, ab) / length_sq;
    t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
    const Vec3 d = p - (a + ab * t);
    const double distance_sq = dot(d, d);
    if (distance_sq < best_distance_sq) {
      best_distance_sq = distance_sq;
      best_tangent = normalized(ab);
    }
  }
  return best_tangent;
}

}  // namespace

const char* kind_name(StructureKind kind) {
  for (const KindName& k : kKindNames) {
    if (k.kind == kind) {
      return k.name;
    }
  }
  return "other";
}

bool kind_from_name(const std::string& name, StructureKind* kind) {
  for (const KindName& k : kKindNames) {
    if (name == k.name) {
      if (kind != nullptr) {
        *kind = k.kind;
      }
      return true;
    }
  }
  return false;
}

Vec3 FibreField::at(const Vec3& p_mm) const {
  switch (type) {
    case Type::None:
      return {};
    case Type::Constant:
      return normalized(direction);
    case Type::Converge:
      // At the convergence point itself there is no direction; normalized() gives zero.
      return normalized(point_mm - p_mm);
    case Type::Path:
      return nearest_segment_tangent(path_mm, p_mm);
  }
  return {};
}

}  // namespace toxplan::anatomy
