// The fibre direction of a labelled voxel, computed when it is read: per label, the fibre field
// of its structure (a muscle with a field; none for skin, fat, bone and label 0).
//
// Why not stored per voxel: the simulator fetches the atlas in 8 x 8 x 64 mm bricks, about ten
// times the volume its cells read, and 12 bytes of fibre per voxel were three quarters of a
// brick's memory (204 of 263 MB for the PREEMPT plan on the real atlas), most of it written and
// never read. The fields are cheap to evaluate (a constant, a direction to a point, the tangent
// of the nearest segment of a path), and evaluating them at the voxel centre gives the same bits
// as storing them did.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "anatomy/structure.h"
#include "base/vec3.h"

namespace toxplan::anatomy {

class LabelFibres {
 public:
  LabelFibres() = default;
  // Label = index into `structures` + 1, as in the atlas.
  explicit LabelFibres(const std::vector<Structure>& structures);

  bool has_field(int label) const {
    return label > 0 && static_cast<std::size_t>(label) < by_label_.size() &&
           by_label_[static_cast<std::size_t>(label)].has_field;
  }
  // Unit direction at `p_mm` (a voxel centre) of the fibres of `label`; zero without a field.
  std::array<float, 3> at(int label, const Vec3& p_mm) const;

 private:
  struct Entry {
    bool has_field = false;
    bool constant = false;
    std::array<float, 3> direction{};  // a constant field, evaluated once
    FibreField field;
  };
  std::vector<Entry> by_label_;
};

}  // namespace toxplan::anatomy
