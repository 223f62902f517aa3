// Every finding code the program can emit is named by a test. A code is a string literal of
// capitals, digits and underscores with at least one underscore ("TARGET_MISSING") in the
// sources under src/; environment variable names (passed to getenv, or starting with TOXPLAN_ or
// XDG_) are not codes. A test names a code when a test source under tests/ other than this file
// holds the same literal, "TARGET_MISSING" with its quotes: a word in a comment does not count.
// A new code without a test that asserts it (and its fixture) fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "support/test_paths.h"

namespace fs = std::filesystem;

namespace {

// Codes that no input can produce, each with the reason; they are reached only when the system
// itself fails, so no fixture can give them.
const std::map<std::string, std::string> kNoFixturePossible = {
    {"STRUCTURE_EMPTY",
     "atlas_build/atlas_builder.cpp: a derived structure that came out empty; a real one that is "
     "empty is already STRUCTURE_BELOW_CUT, and the soft-tissue step throws rather than return "
     "an empty derived mesh, so no recipe reaches it"},
    {"ATLAS_LOAD_FAILED",
     "anatomy/atlas.cpp reports an exception thrown while loading (out of memory, a library "
     "failing): no atlas file produces it"},
    {"MESH_FACE_INDEX_INVALID",
     "anatomy/mesh_import.cpp refuses a face naming a vertex the mesh does not have; Assimp 5.2's "
     "readers drop such a face (PLY, OFF, glTF) or refuse the file (OBJ, Collada: "
     "MESH_UNREADABLE) first, but the importer indexes its vertex table with the face's numbers, "
     "so the check stays: a reader that let one through must never read outside the table"},
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool is_source(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".cpp" || ext == ".h";
}

// Literals that look like finding codes, with the file each first appears in.
std::map<std::string, std::string> codes_in_sources(const fs::path& src) {
  static const std::regex literal(R"re("([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)")re");
  static const std::regex env(R"re(getenv\(\s*"([A-Z0-9_]+)"\s*\))re");
  std::map<std::string, std::string> codes;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file() || !is_source(entry.path())) continue;
    const std::string text = read_file(entry.path());
    std::set<std::string> env_names;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), env);
         it != std::sregex_iterator(); ++it) {
      env_names.insert((*it)[1]);
    }
    for (auto it = std::sregex_iterator(text.begin(), text.end(), literal);
         it != std::sregex_iterator(); ++it) {
      const std::string code = (*it)[1];
      if (env_names.count(code) || code.rfind("TOXPLAN_", 0) == 0 || code.rfind("XDG_", 0) == 0)
        continue;
      codes.emplace(code, fs::relative(entry.path(), src).string());
    }
  }
  return codes;
}

std::string all_test_sources(const fs::path& tests, const fs::path& except) {
  std::string text;
  for (const auto& entry : fs::recursive_directory_iterator(tests)) {
    if (!entry.is_regular_file() || !is_source(entry.path())) continue;
    if (fs::equivalent(entry.path(), except)) continue;
    text += read_file(entry.path());
  }
  return text;
}

}  // namespace

TEST(FindingCodes, EveryCodeInTheProgramIsNamedByATest) {
  const fs::path root = toxplan::test::source_dir();
  const std::map<std::string, std::string> codes = codes_in_sources(root / "src");
  // The scan itself must work: these are codes of validation, the atlas, the simulator and demos.
  for (const char* known : {"TARGET_MISSING", "ATLAS_NO_STRUCTURES", "SITES_OVERLAP",
                            "DEMO_UNKNOWN_STRUCTURE", "SCRIPT_INVALID"}) {
    ASSERT_TRUE(codes.count(known)) << "the scan of src/ did not find " << known;
  }
  EXPECT_FALSE(codes.count("XDG_STATE_HOME")) << "environment variables are not codes";
  const std::string tests =
      all_test_sources(root / "tests", root / "tests" / "core" / "finding_codes_test.cpp");
  std::string missing;
  for (const auto& [code, file] : codes) {
    if (kNoFixturePossible.count(code)) continue;
    if (tests.find("\"" + code + "\"") == std::string::npos) {
      missing += "\n  " + code + " (src/" + file + ")";
    }
  }
  EXPECT_TRUE(missing.empty())
      << "finding codes no test names; give each a fixture named after it and a test that "
         "asserts the code, its severity and the site or field it names:"
      << missing;
  // An exemption is only for a code that is still in the program.
  for (const auto& [code, reason] : kNoFixturePossible) {
    EXPECT_TRUE(codes.count(code)) << code << " is no longer in src/; remove its exemption";
  }
}
