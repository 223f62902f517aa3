#include "sim/analytic_tissue.h"

#include <cmath>
#include <utility>

namespace toxplan::sim {

AnalyticTissue::AnalyticTissue(TissueTable table, LabelFn label, FibreFn fibre)
    : table_(std::move(table)), label_(std::move(label)), fibre_(std::move(fibre)) {}

int AnalyticTissue::fetches() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return fetches_;
}

std::shared_ptr<const anatomy::LabelVolume> AnalyticTissue::label_volume(const anatomy::Box& box,
                                                                         double spacing_mm) const {
  const long i0 = static_cast<long>(std::floor(box.min_mm.x / spacing_mm));
  const long j0 = static_cast<long>(std::floor(box.min_mm.y / spacing_mm));
  const long k0 = static_cast<long>(std::floor(box.min_mm.z / spacing_mm));
  const long i1 = static_cast<long>(std::ceil(box.max_mm.x / spacing_mm));
  const long j1 = static_cast<long>(std::ceil(box.max_mm.y / spacing_mm));
  const long k1 = static_cast<long>(std::ceil(box.max_mm.z / spacing_mm));
  const auto key = std::make_tuple(i0, j0, k0, i1, j1, k1, std::lround(spacing_mm * 1e6));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
  }
  auto v = std::make_shared<anatomy::LabelVolume>();
  v->spacing_mm = spacing_mm;
  v->dims = {static_cast<int>(i1 - i0 + 1), static_cast<int>(j1 - j0 + 1),
             static_cast<int>(k1 - k0 + 1)};
  v->origin_mm = {i0 * spacing_mm, j0 * spacing_mm, k0 * spacing_mm};
  const std::size_t n = static_cast<std::size_t>(v->dims[0]) * v->dims[1] * v->dims[2];
  v->labels.resize(n);
  v->fibre_direction.resize(n);
  for (int k = 0; k < v->dims[2]; ++k) {
    for (int j = 0; j < v->dims[1]; ++j) {
      for (int i = 0; i < v->dims[0]; ++i) {
        const Vec3 p = v->centre_mm(i, j, k);
        const std::size_t c = v->index(i, j, k);
        v->labels[c] = static_cast<std::uint16_t>(label_(p));
        const Vec3 f = v->labels[c] ? fibre_(p) : Vec3{};
        v->fibre_direction[c] = {static_cast<float>(f.x), static_cast<float>(f.y),
                                 static_cast<float>(f.z)};
      }
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  ++fetches_;
  // Keep the cache bounded: the solver asks for 8 mm bricks, a few hundred per site.
  if (cache_.size() > 2048) cache_.clear();
  cache_[key] = v;
  return v;
}

std::shared_ptr<AnalyticTissue> AnalyticTissue::homogeneous_muscle(Vec3 fibre) {
  TissueClass block;
  block.id = "block";
  block.name = "muscle block";
  block.kind = anatomy::StructureKind::Muscle;
  TissueTable table(
      {TissueClass{"", "unlabelled tissue", anatomy::StructureKind::Other, "", false, "", ""},
       block});
  const Vec3 f = normalized(fibre);
  return std::make_shared<AnalyticTissue>(
      std::move(table), [](const Vec3&) { return 1; }, [f](const Vec3&) { return f; });
}

std::shared_ptr<AnalyticTissue> AnalyticTissue::two_blocks(double plane_x_mm, Vec3 fibre) {
  TissueClass a;
  a.id = "block_a";
  a.name = "muscle block A";
  a.kind = anatomy::StructureKind::Muscle;
  TissueClass b = a;
  b.id = "block_b";
  b.name = "muscle block B";
  TissueTable table(
      {TissueClass{"", "unlabelled tissue", anatomy::StructureKind::Other, "", false, "", ""}, a,
       b});
  const Vec3 f = normalized(fibre);
  return std::make_shared<AnalyticTissue>(
      std::move(table), [plane_x_mm](const Vec3& p) { return p.x < plane_x_mm ? 1 : 2; },
      [f](const Vec3&) { return f; });
}

}  // namespace toxplan::sim
