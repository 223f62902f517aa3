#include "atlas_build/fibre_rules.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>

#include "anatomy/triangle_bvh.h"

namespace toxplan::atlas_build {

namespace {

constexpr double kContactMm = 3.0;  // a muscle vertex this close to a bone lies on it
constexpr double kSearchMm = 60.0;  // farthest a "nearest 5 %" fallback looks

}  // namespace

Vec3 attachment_centre(const anatomy::TriangleMesh& muscle,
                       const std::vector<const anatomy::TriangleMesh*>& on, double contact_mm) {
  std::vector<std::unique_ptr<anatomy::TriangleBvh>> trees;
  for (const anatomy::TriangleMesh* m : on)
    trees.push_back(std::make_unique<anatomy::TriangleBvh>(m));
  std::vector<std::pair<double, std::size_t>> distance;  // (distance, vertex)
  distance.reserve(muscle.vertices_mm.size());
  for (std::size_t v = 0; v < muscle.vertices_mm.size(); ++v) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& tree : trees) {
      anatomy::ClosestPoint c;
      if (tree->closest_point(muscle.vertices_mm[v], kSearchMm, &c))
        best = std::min(best, c.distance_mm);
    }
    distance.emplace_back(best, v);
  }
  Vec3 sum;
  int count = 0;
  for (const auto& [d, v] : distance) {
    if (d <= contact_mm) {
      sum = sum + muscle.vertices_mm[v];
      ++count;
    }
  }
  if (count == 0) {
    // Stable order (distance, then index) so that the result does not depend on the sort.
    std::sort(distance.begin(), distance.end());
    const std::size_t n = std::max<std::size_t>(1, distance.size() / 20);
    for (std::size_t k = 0; k < n && k < distance.size(); ++k) {
      if (distance[k].first == std::numeric_limits<double>::infinity()) break;
      sum = sum + muscle.vertices_mm[distance[k].second];
      ++count;
    }
  }
  if (count == 0) throw std::runtime_error("the muscle does not come near its attachment");
  return sum * (1.0 / count);
}

anatomy::FibreField fibre_field(const FibreRule& rule, const anatomy::TriangleMesh& muscle,
                                const std::map<std::string, const anatomy::TriangleMesh*>& meshes,
                                const std::map<std::string, Vec3>& landmarks,
                                const std::string& pointer) {
  anatomy::FibreField field;
  if (rule.rule == "constant") {
    field.type = anatomy::FibreField::Type::Constant;
    field.direction = normalized(rule.direction);
    return field;
  }
  if (rule.rule == "converge") {
    auto it = landmarks.find(rule.landmark);
    if (it == landmarks.end()) {
      throw std::runtime_error(pointer + "/fibre/landmark: no landmark \"" + rule.landmark + "\"");
    }
    field.type = anatomy::FibreField::Type::Converge;
    field.point_mm = it->second;
    return field;
  }
  auto gather = [&](const std::vector<std::string>& ids, const std::string& which) {
    std::vector<const anatomy::TriangleMesh*> out;
    for (const std::string& id : ids) {
      auto it = meshes.find(id);
      if (it == meshes.end() || it->second->triangles.empty()) {
        throw std::runtime_error(pointer + "/fibre/" + which + ": no structure \"" + id + "\"");
      }
      out.push_back(it->second);
    }
    return out;
  };
  try {
    const Vec3 origin = attachment_centre(muscle, gather(rule.from, "from"), kContactMm);
    const Vec3 insertion = attachment_centre(muscle, gather(rule.to, "to"), kContactMm);
    // Through the middle of the muscle: the vertices halfway between the two attachments
    // (projected on the origin-insertion line), so that a curved muscle keeps its course.
    const Vec3 axis = normalized(insertion - origin);
    const double length = norm(insertion - origin);
    Vec3 middle;
    int count = 0;
    for (const Vec3& v : muscle.vertices_mm) {
      const double t = dot(v - origin, axis) / std::max(length, 1e-9);
      if (t > 0.4 && t < 0.6) {
        middle = middle + v;
        ++count;
      }
    }
    field.type = anatomy::FibreField::Type::Path;
    field.path_mm = {origin};
    if (count > 0) field.path_mm.push_back(middle * (1.0 / count));
    field.path_mm.push_back(insertion);
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    throw std::runtime_error(
        what.compare(0, pointer.size(), pointer) == 0 ? what : pointer + "/fibre: " + what);
  }
  return field;
}

}  // namespace toxplan::atlas_build
