#include "sim/atlas_tissue.h"

#include <utility>
#include <vector>

namespace toxplan::sim {

namespace {

TissueTable table_of(const anatomy::Atlas& atlas) {
  std::vector<TissueClass> by_label(atlas.structures().size() + 1);
  by_label[0].name = "unlabelled tissue";
  for (const anatomy::Structure& s : atlas.structures()) {
    if (s.label <= 0 || static_cast<std::size_t>(s.label) >= by_label.size()) continue;
    TissueClass& c = by_label[static_cast<std::size_t>(s.label)];
    c.id = s.id;
    c.name = s.name.empty() ? s.id : s.name;
    c.kind = s.kind;
    c.group = s.group;
    c.side = s.side;
    c.danger = s.danger;
    c.adverse_effect = s.adverse_effect;
  }
  return TissueTable(std::move(by_label));
}

}  // namespace

AtlasTissue::AtlasTissue(std::shared_ptr<const anatomy::Atlas> atlas)
    : atlas_(std::move(atlas)), table_(table_of(*atlas_)) {
  for (const anatomy::Landmark& l : atlas_->landmarks())
    landmarks_[l.id] = l.position_mm;
}

std::shared_ptr<const anatomy::LabelVolume> AtlasTissue::label_volume(const anatomy::Box& box,
                                                                      double spacing_mm) const {
  return atlas_->label_volume(box, spacing_mm);
}

}  // namespace toxplan::sim
