// A labelled voxel grid of a box of the atlas: which structure each voxel centre lies in, and
// the local fibre direction. This is what the spread simulation solves on.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/vec3.h"

namespace toxplan::anatomy {

struct LabelVolume {
  std::array<int, 3> dims{0, 0, 0};  // voxels along x, y, z
  Vec3 origin_mm;                    // centre of voxel (0, 0, 0)
  double spacing_mm = 0.5;           // isotropic
  // x fastest, then y, then z. 0 = inside no structure (outside the body or unlabelled tissue);
  // otherwise Structure::label (index into Atlas::structures() + 1).
  std::vector<std::uint16_t> labels;
  // Unit fibre direction per voxel for muscle voxels; zero vector elsewhere. Empty when no voxel
  // is a muscle with a fibre field (most of the simulator's bricks hold skin, fat or bone only,
  // and 12 bytes a voxel were most of a brick's memory).
  std::vector<std::array<float, 3>> fibre_direction;

  std::size_t size() const { return labels.size(); }
  std::size_t index(int i, int j, int k) const {
    return static_cast<std::size_t>(i) +
           static_cast<std::size_t>(dims[0]) *
               (static_cast<std::size_t>(j) + static_cast<std::size_t>(dims[1]) * k);
  }
  Vec3 centre_mm(int i, int j, int k) const {
    return origin_mm + Vec3{i * spacing_mm, j * spacing_mm, k * spacing_mm};
  }
};

struct Box {
  Vec3 min_mm;
  Vec3 max_mm;
};

}  // namespace toxplan::anatomy
