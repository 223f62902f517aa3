#include "sim/tissue.h"

#include <utility>

namespace toxplan::sim {

namespace {
TissueClass unlabelled() {
  TissueClass c;
  c.name = "unlabelled tissue";
  return c;
}
}  // namespace

const Landmarks& Tissue::landmarks() const {
  static const Landmarks none;
  return none;
}

TissueTable::TissueTable() : by_label_{unlabelled()} {}

TissueTable::TissueTable(std::vector<TissueClass> by_label) : by_label_(std::move(by_label)) {
  if (by_label_.empty()) by_label_.push_back(unlabelled());
}

const TissueClass& TissueTable::at(int label) const {
  if (label <= 0 || label >= size()) return by_label_[0];
  return by_label_[static_cast<std::size_t>(label)];
}

int TissueTable::label_of(const std::string& id) const {
  if (id.empty()) return 0;
  for (int label = 1; label < size(); ++label) {
    if (by_label_[static_cast<std::size_t>(label)].id == id) return label;
  }
  return 0;
}

}  // namespace toxplan::sim
