#include "atlas_build/source_index.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>
#include <set>

namespace toxplan::atlas_build {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Names compare without case, with '_' and ' ' the same.
std::string name_key(const std::string& name) {
  std::string key = lower(name);
  std::replace(key.begin(), key.end(), ' ', '_');
  return key;
}

bool is_mesh_extension(const fs::path& path) {
  static const std::set<std::string> extensions = {".glb", ".gltf", ".obj", ".stl",
                                                   ".ply", ".fbx",  ".dae", ".off"};
  return extensions.count(lower(path.extension().string())) > 0;
}

}  // namespace

std::optional<BodyParts3DName> parse_bodyparts3d_name(const std::string& file_name) {
  // FJ1521M_BP48336_FMA33587_Descending_part_of_left_trapezius.glb: the M marks a mirrored
  // element; the FMA number is the concept id.
  static const std::regex re(R"(^FJ\d+M?_BP\d+_(FMA\d+)_(.+)\.[A-Za-z0-9]+$)");
  std::smatch m;
  if (!std::regex_match(file_name, m, re)) return std::nullopt;
  return BodyParts3DName{m[1].str(), m[2].str()};
}

SourceIndex SourceIndex::scan(const std::string& dir) {
  SourceIndex index;
  std::error_code ec;
  const fs::path root = fs::absolute(dir, ec);
  index.dir_ = root.string();
  std::vector<fs::path> paths;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && is_mesh_extension(it->path())) paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) {
    SourceFile file;
    file.path = path.string();
    file.relative_path = path.lexically_relative(root).generic_string();
    if (auto name = parse_bodyparts3d_name(path.filename().string())) {
      file.fma_id = name->fma_id;
      file.english_name = name->english_name;
    }
    index.files_.push_back(std::move(file));
  }
  return index;
}

std::vector<const SourceFile*> SourceIndex::find(const std::string& key) const {
  std::vector<const SourceFile*> found;
  const bool is_fma =
      key.size() > 3 && key.compare(0, 3, "FMA") == 0 &&
      std::all_of(key.begin() + 3, key.end(), [](unsigned char c) { return std::isdigit(c); });
  const std::string wanted_name = name_key(key);
  for (const SourceFile& file : files_) {
    const bool match =
        is_fma ? file.fma_id == key
               : (file.relative_path == key ||
                  (!file.english_name.empty() && name_key(file.english_name) == wanted_name));
    if (match) found.push_back(&file);
  }
  return found;
}

}  // namespace toxplan::atlas_build
