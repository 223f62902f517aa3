#include "cli/atlas_loading.h"

#include <ostream>

namespace toxplan::cli {

std::shared_ptr<const anatomy::Atlas> load_atlas_or_explain(const std::string& dir,
                                                            const std::string& command,
                                                            std::ostream& err) {
  const std::string atlas_dir = dir.empty() ? anatomy::Atlas::default_dir() : dir;
  core::Findings findings;
  std::shared_ptr<const anatomy::Atlas> atlas = anatomy::Atlas::load(atlas_dir, &findings);
  if (!atlas) {
    for (const core::Finding& f : findings)
      err << f.message << "\n";
    err << command << ": cannot load the atlas in " << atlas_dir << "\n";
  }
  return atlas;
}

}  // namespace toxplan::cli
