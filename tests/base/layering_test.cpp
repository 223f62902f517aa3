// The layers of README "What is where" hold: each folder of src/ includes only the layers below
// it, and the third-party libraries stay where they belong (no VTK under anatomy, ImGui and GLFW
// only in app, CLI11 only in cli). A wrong include fails here before it becomes a wrong link.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "support/test_paths.h"

namespace fs = std::filesystem;

namespace {

// Layer -> the layers it may include (besides itself).
const std::map<std::string, std::set<std::string>>& allowed_layers() {
  static const std::map<std::string, std::set<std::string>> allowed = {
      {"base", {}},
      {"plan", {"base"}},
      {"anatomy", {"base"}},
      {"atlas_build", {"base", "anatomy"}},
      {"protocol", {"base", "plan", "anatomy"}},
      {"sim", {"base", "plan", "anatomy"}},
      {"practice", {"base", "plan", "anatomy", "protocol", "sim"}},
      {"demo", {"base", "plan", "anatomy", "sim"}},
      {"render", {"base", "plan", "anatomy", "sim", "demo"}},
      {"session", {"base", "plan", "anatomy", "protocol", "sim", "practice", "demo", "render"}},
      {"app",
       {"base", "plan", "anatomy", "protocol", "sim", "practice", "demo", "render", "session"}},
      {"cli",
       {"base", "plan", "anatomy", "atlas_build", "protocol", "sim", "practice", "demo", "render",
        "session"}},
  };
  return allowed;
}

// Third-party header prefixes and the layers that may include them.
struct Library {
  std::string prefix;
  std::set<std::string> layers;
};
const std::vector<Library>& libraries() {
  static const std::vector<Library> libs = {
      {"vtk", {"anatomy", "atlas_build", "render", "app", "cli"}},
      {"assimp/", {"anatomy"}},
      {"imgui", {"app"}},
      {"backends/", {"app"}},
      {"GLFW/", {"app"}},
      {"CLI/", {"cli"}},
  };
  return libs;
}

struct Include {
  fs::path file;
  int line = 0;
  std::string target;
};

std::vector<Include> includes_of(const fs::path& file) {
  static const std::regex include_re(R"re(^\s*#\s*include\s*([<"])([^>"]+)[>"])re");
  std::vector<Include> out;
  std::ifstream in(file);
  std::string text;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    std::smatch m;
    if (std::regex_search(text, m, include_re)) out.push_back({file, number, m[2].str()});
  }
  return out;
}

TEST(Layering, EachLayerIncludesOnlyTheLayersBelowIt) {
  const fs::path src = fs::path(toxplan::test::source_dir()) / "src";
  int checked = 0;
  for (const auto& [layer, allowed] : allowed_layers()) {
    ASSERT_TRUE(fs::is_directory(src / layer)) << "src/" << layer << " is missing";
    for (const auto& entry : fs::directory_iterator(src / layer)) {
      const auto ext = entry.path().extension();
      if (ext != ".h" && ext != ".cpp") continue;
      for (const Include& inc : includes_of(entry.path())) {
        const auto slash = inc.target.find('/');
        if (slash == std::string::npos) continue;
        const std::string other = inc.target.substr(0, slash);
        if (!allowed_layers().count(other) || other == layer) continue;
        ++checked;
        EXPECT_TRUE(allowed.count(other))
            << "src/" << layer << "/" << inc.file.filename().string() << ":" << inc.line
            << " includes " << inc.target << ", but " << layer << " may not use " << other;
      }
    }
  }
  EXPECT_GT(checked, 100);  // the scan saw the program's includes
}

TEST(Layering, ThirdPartyLibrariesStayInTheirLayers) {
  const fs::path src = fs::path(toxplan::test::source_dir()) / "src";
  for (const auto& [layer, allowed] : allowed_layers()) {
    for (const auto& entry : fs::directory_iterator(src / layer)) {
      const auto ext = entry.path().extension();
      if (ext != ".h" && ext != ".cpp") continue;
      for (const Include& inc : includes_of(entry.path())) {
        for (const Library& lib : libraries()) {
          if (inc.target.rfind(lib.prefix, 0) != 0) continue;
          EXPECT_TRUE(lib.layers.count(layer))
              << "src/" << layer << "/" << inc.file.filename().string() << ":" << inc.line
              << " includes <" << inc.target << ">, which only "
              << ::testing::PrintToString(lib.layers) << " may use";
        }
      }
    }
  }
}

TEST(Layering, EveryFolderOfSrcIsALayer) {
  for (const auto& entry : fs::directory_iterator(fs::path(toxplan::test::source_dir()) / "src")) {
    if (!entry.is_directory()) continue;
    EXPECT_TRUE(allowed_layers().count(entry.path().filename().string()))
        << entry.path() << " is not a layer of README 'What is where'";
  }
}

}  // namespace
