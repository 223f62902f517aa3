// A Tissue defined by functions of position: for tests and benchmarks that need exact, simple
// geometry (a homogeneous block, two blocks across a flat fascia) without an atlas.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "sim/tissue.h"

namespace toxplan::sim {

class AnalyticTissue : public Tissue {
 public:
  using LabelFn = std::function<int(const Vec3& p_mm)>;
  using FibreFn = std::function<Vec3(const Vec3& p_mm)>;  // unit or zero

  AnalyticTissue(TissueTable table, LabelFn label, FibreFn fibre);

  // Voxel centres on the lattice k·spacing (like an atlas), snapped outward; cached per box.
  std::shared_ptr<const anatomy::LabelVolume> label_volume(const anatomy::Box& box,
                                                           double spacing_mm) const override;
  const TissueTable& table() const override { return table_; }
  int fetches() const;  // label volumes built so far (cache misses)

  // Homogeneous muscle everywhere ("block", label 1) with fibres along `fibre`.
  static std::shared_ptr<AnalyticTissue> homogeneous_muscle(Vec3 fibre = {1, 0, 0});
  // Muscle "block_a" (label 1) for x < plane_x and muscle "block_b" (label 2) beyond, fibres
  // along `fibre` in both: a flat fascia at x = plane_x.
  static std::shared_ptr<AnalyticTissue> two_blocks(double plane_x_mm, Vec3 fibre = {0, 1, 0});

 private:
  TissueTable table_;
  LabelFn label_;
  FibreFn fibre_;
  mutable std::mutex mutex_;
  mutable std::map<std::tuple<long, long, long, long, long, long, long>,
                   std::shared_ptr<const anatomy::LabelVolume>>
      cache_;
  mutable int fetches_ = 0;
};

}  // namespace toxplan::sim
