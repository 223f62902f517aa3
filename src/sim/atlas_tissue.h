// The Tissue of an atlas: its cached label volumes and its structures' properties.
#pragma once

#include <memory>

#include "anatomy/atlas.h"
#include "sim/tissue.h"

namespace toxplan::sim {

class AtlasTissue : public Tissue {
 public:
  explicit AtlasTissue(std::shared_ptr<const anatomy::Atlas> atlas);
  std::shared_ptr<const anatomy::LabelVolume> label_volume(const anatomy::Box& box,
                                                           double spacing_mm) const override;
  const TissueTable& table() const override { return table_; }
  const Landmarks& landmarks() const override { return landmarks_; }
  const anatomy::Atlas& atlas() const { return *atlas_; }

 private:
  std::shared_ptr<const anatomy::Atlas> atlas_;
  TissueTable table_;
  Landmarks landmarks_;
};

}  // namespace toxplan::sim
