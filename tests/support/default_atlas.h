// The shipped default atlas, loaded once per test program and shared by its tests (loading and
// indexing it is the slow part of many tests).
#pragma once

#include <memory>

#include "anatomy/atlas.h"

namespace toxplan::test {

inline std::shared_ptr<const anatomy::Atlas> default_atlas() {
  static const std::shared_ptr<const anatomy::Atlas> atlas = [] {
    Findings findings;
    return std::shared_ptr<const anatomy::Atlas>(
        anatomy::Atlas::load(anatomy::Atlas::default_dir(), &findings));
  }();
  return atlas;
}

}  // namespace toxplan::test
