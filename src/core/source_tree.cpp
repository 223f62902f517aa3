#include "core/source_tree.h"

namespace toxplan::core {

const std::string& source_tree_dir() {
  static const std::string dir = TOXPLAN_SOURCE_DIR;
  return dir;
}

}  // namespace toxplan::core
