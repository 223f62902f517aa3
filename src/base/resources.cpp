#include "base/resources.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace toxplan {

namespace {

bool has_data(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "assets", ec);
}

// `path` without "..", ".", symbolic links or a trailing slash, as far as it exists.
fs::path normal(const fs::path& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(path, ec);
  if (ec) p = path.lexically_normal();
  if (!p.has_filename()) p = p.parent_path();  // "/a/b/" -> "/a/b"
  return p;
}

bool is_inside(const fs::path& file, const fs::path& dir) {
  const fs::path f = normal(file);
  const fs::path d = normal(dir);
  auto mismatch = std::mismatch(d.begin(), d.end(), f.begin(), f.end());
  return mismatch.first == d.end();
}

}  // namespace

ResourceLookup find_resources(const char* env_data_dir, const std::string& executable,
                              const std::string& build_dir, const std::string& source_dir) {
  ResourceLookup r;
  if (env_data_dir != nullptr && *env_data_dir != '\0') {
    const fs::path dir = normal(env_data_dir);
    r.searched.push_back(dir.string() + " (TOXPLAN_DATA_DIR)");
    if (has_data(dir)) {
      r.dir = dir.string();
    } else {
      r.problem = "TOXPLAN_DATA_DIR is " + std::string(env_data_dir) +
                  ", which has no assets/ folder: point it at the folder that holds Toxplan's "
                  "assets/ and plans/ (an install's share/toxplan), or unset it";
    }
    return r;
  }
  if (!executable.empty()) {
    const fs::path dir = normal(fs::path(executable).parent_path() / ".." / "share" / "toxplan");
    r.searched.push_back(dir.string() + " (next to the program)");
    if (has_data(dir)) {
      r.dir = dir.string();
      return r;
    }
  }
  if (!source_dir.empty() && !build_dir.empty()) {
    if (!executable.empty() && is_inside(executable, build_dir)) {
      const fs::path dir = normal(source_dir);
      r.searched.push_back(dir.string() + " (the source tree of this build)");
      if (has_data(dir)) {
        r.dir = dir.string();
        return r;
      }
    }
  }
  std::string places;
  for (const std::string& s : r.searched)
    places += (places.empty() ? "" : ", ") + s;
  r.problem =
      "Toxplan's data (assets/ with the atlases, protocols and demos; plans/) was not "
      "found; looked in " +
      (places.empty() ? std::string("no place (the program's own path is unknown)") : places) +
      ". Install Toxplan with `cmake --install`, or set TOXPLAN_DATA_DIR to the folder "
      "that holds assets/";
  return r;
}

const ResourceLookup& resource_lookup() {
  static const ResourceLookup lookup = [] {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return find_resources(std::getenv("TOXPLAN_DATA_DIR"), ec ? std::string() : exe.string(),
                          TOXPLAN_BUILD_DIR, TOXPLAN_SOURCE_DIR);
  }();
  return lookup;
}

const std::string& resource_dir() {
  return resource_lookup().dir;
}

std::string resource_path(const std::string& relative) {
  const std::string& dir = resource_dir();
  return dir.empty() ? std::string() : dir + "/" + relative;
}

}  // namespace toxplan
