// A labelled voxel grid of a box of the atlas: which structure each voxel centre lies in, and
// the local fibre direction. This is what the spread simulation solves on.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "anatomy/label_fibres.h"
#include "base/vec3.h"

namespace toxplan::anatomy {

struct LabelVolume {
  std::array<int, 3> dims{0, 0, 0};  // voxels along x, y, z
  Vec3 origin_mm;                    // centre of voxel (0, 0, 0)
  double spacing_mm = 0.5;           // isotropic
  // x fastest, then y, then z. 0 = inside no structure (outside the body or unlabelled tissue);
  // otherwise Structure::label (index into Atlas::structures() + 1).
  std::vector<std::uint16_t> labels;
  // Fibre directions, one of two ways: stored per voxel (unit vector for muscle voxels, zero
  // elsewhere; analytic test tissues), or, when that is empty, computed from each voxel's label
  // and centre by `fibres` (the atlas's volumes: label_fibres.h says why). Read them with
  // fibre(), which knows both.
  std::vector<std::array<float, 3>> fibre_direction;
  std::shared_ptr<const LabelFibres> fibres;

  std::size_t size() const { return labels.size(); }
  std::size_t index(int i, int j, int k) const {
    return static_cast<std::size_t>(i) +
           static_cast<std::size_t>(dims[0]) *
               (static_cast<std::size_t>(j) + static_cast<std::size_t>(dims[1]) * k);
  }
  Vec3 centre_mm(int i, int j, int k) const {
    return origin_mm + Vec3{i * spacing_mm, j * spacing_mm, k * spacing_mm};
  }
  // Unit fibre direction of voxel (i, j, k); zero outside muscles with a fibre field.
  std::array<float, 3> fibre(int i, int j, int k) const {
    const std::size_t v = index(i, j, k);
    if (!fibre_direction.empty()) return fibre_direction[v];
    if (!fibres) return {0.0f, 0.0f, 0.0f};
    return fibres->at(labels[v], centre_mm(i, j, k));
  }
};

struct Box {
  Vec3 min_mm;
  Vec3 max_mm;
};

}  // namespace toxplan::anatomy
