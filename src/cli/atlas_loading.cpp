#include "cli/atlas_loading.h"

#include <filesystem>
#include <ostream>

#include "anatomy/manifest.h"
#include "base/resources.h"

namespace toxplan::cli {

std::shared_ptr<const anatomy::Atlas> load_atlas_or_explain(const std::string& dir,
                                                            const std::string& command,
                                                            std::ostream& err) {
  const std::string atlas_dir = dir.empty() ? anatomy::Atlas::default_dir() : dir;
  Findings findings;
  std::shared_ptr<const anatomy::Atlas> atlas = anatomy::Atlas::load(atlas_dir, &findings);
  if (!atlas) {
    for (const Finding& f : findings)
      err << f.message << "\n";
    err << command << ": cannot load the atlas in " << atlas_dir << "\n";
    return atlas;
  }
  // A loaded atlas may still carry warnings (an empty structure list, a mesh with defects): the
  // user of a command that uses it sees them, with the folder they are about.
  for (const Finding& f : findings) {
    err << command << ": atlas " << atlas_dir << ": " << severity_name(f.severity) << " " << f.code
        << ": " << f.message << "\n";
  }
  return atlas;
}

std::optional<std::string> find_plan_atlas(const std::string& atlas_option,
                                           const std::string& plan_atlas_id, Severity severity,
                                           Finding* not_found) {
  if (!atlas_option.empty()) return atlas_option;
  const std::string dir = anatomy::Atlas::shipped_dir(plan_atlas_id);
  std::error_code ec;
  if (!dir.empty() &&
      std::filesystem::is_regular_file(std::filesystem::path(dir) / anatomy::kManifestFileName, ec))
    return dir;
  if (not_found) {
    not_found->code = "ATLAS_NOT_FOUND";
    not_found->severity = severity;
    not_found->site_id.clear();
    not_found->field = "/atlas/id";
    not_found->line = 0;
    not_found->message =
        resource_dir().empty()
            ? "field /atlas/id: the plan was made on atlas \"" + plan_atlas_id +
                  "\", and the shipped atlases are not at hand: " + resource_lookup().problem +
                  "; or give the atlas's folder with --atlas FOLDER"
            : "field /atlas/id: the plan was made on atlas \"" + plan_atlas_id +
                  "\", which is not one of the shipped atlases (" +
                  (dir.empty() ? std::string("not a folder name") : "no " + dir + "/atlas.json") +
                  "); give that atlas's folder with --atlas FOLDER";
  }
  return std::nullopt;
}

std::shared_ptr<const anatomy::Atlas> load_plan_atlas_or_explain(const std::string& atlas_option,
                                                                 const std::string& plan_atlas_id,
                                                                 const std::string& command,
                                                                 std::ostream& err) {
  Finding not_found;
  const std::optional<std::string> dir =
      find_plan_atlas(atlas_option, plan_atlas_id, Severity::Error, &not_found);
  if (!dir) {
    err << not_found.message << "\n" << command << ": cannot continue without the plan's atlas\n";
    return nullptr;
  }
  return load_atlas_or_explain(*dir, command, err);
}

plan::GroupOf atlas_group_of(std::shared_ptr<const anatomy::Atlas> atlas) {
  if (!atlas) return plan::default_group_of;
  return [atlas](const std::string& id) {
    const anatomy::Structure* s = atlas->find(id);
    return s && !s->group.empty() ? s->group : plan::default_group_of(id);
  };
}

}  // namespace toxplan::cli
