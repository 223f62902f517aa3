#include "base/source_tree.h"

namespace toxplan {

const std::string& source_tree_dir() {
  static const std::string dir = TOXPLAN_SOURCE_DIR;
  return dir;
}

}  // namespace toxplan
