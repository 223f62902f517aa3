#include "anatomy/label_fibres.h"

namespace toxplan::anatomy {

namespace {
std::array<float, 3> to_float(const Vec3& d) {
  return {static_cast<float>(d.x), static_cast<float>(d.y), static_cast<float>(d.z)};
}
}  // namespace

LabelFibres::LabelFibres(const std::vector<Structure>& structures)
    : by_label_(structures.size() + 1) {
  for (std::size_t s = 0; s < structures.size(); ++s) {
    const Structure& st = structures[s];
    Entry& e = by_label_[s + 1];
    e.has_field = st.kind == StructureKind::Muscle && st.fibre.type != FibreField::Type::None;
    if (!e.has_field) continue;
    e.constant = st.fibre.type == FibreField::Type::Constant;
    if (e.constant) {
      e.direction = to_float(st.fibre.at({}));
    } else {
      e.field = st.fibre;
    }
  }
}

std::array<float, 3> LabelFibres::at(int label, const Vec3& p_mm) const {
  if (!has_field(label)) return {0.0f, 0.0f, 0.0f};
  const Entry& e = by_label_[static_cast<std::size_t>(label)];
  return e.constant ? e.direction : to_float(e.field.at(p_mm));
}

}  // namespace toxplan::anatomy
