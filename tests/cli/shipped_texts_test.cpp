// Text the program shows (protocol sources, rules and notes, tour captions and notes, messages of
// the commands, the anatomy loader and the demo player) names facts and their published sources,
// never the project's reference files, which a user of the shipped program cannot open.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/cli_support.h"

namespace toxplan {
namespace {

namespace fs = std::filesystem;

// Names of the reference files and their section marks.
const std::regex kInternalCitation(
    R"(clinical\.md|spread-model\.md|clinic-reference|anatomy-dimensions|preempt_sites\.json|neck-muscle-paths|sources\.md|§)");

void collect_strings(const nlohmann::json& j, const std::string& where,
                     std::vector<std::pair<std::string, std::string>>* out) {
  if (j.is_string()) out->push_back({where, j.get<std::string>()});
  if (j.is_object())
    for (const auto& [k, v] : j.items())
      collect_strings(v, where + "/" + k, out);
  if (j.is_array())
    for (std::size_t i = 0; i < j.size(); ++i)
      collect_strings(j[i], where + "/" + std::to_string(i), out);
}

TEST(ShippedTexts, ProtocolsAndToursCiteNoReferenceFile) {
  int files = 0;
  for (const char* folder : {"assets/protocols", "assets/demos"}) {
    for (const auto& e : fs::directory_iterator(test::source_path(folder))) {
      if (e.path().extension() != ".json") continue;
      std::ifstream in(e.path());
      const nlohmann::json j = nlohmann::json::parse(in);
      std::vector<std::pair<std::string, std::string>> strings;
      collect_strings(j, e.path().filename().string(), &strings);
      for (const auto& [where, text] : strings) {
        EXPECT_FALSE(std::regex_search(text, kInternalCitation)) << where << ": " << text;
      }
      ++files;
    }
  }
  EXPECT_GE(files, 5);
}

// String literals in every layer's sources (comments may cite docs/ and its reference files).
TEST(ShippedTexts, MessagesCiteNoReferenceFile) {
  const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
  std::vector<fs::path> sources;
  for (const auto& e : fs::recursive_directory_iterator(test::source_path("src"))) {
    if (e.path().extension() == ".cpp") sources.push_back(e.path());
  }
  int files = 0;
  for (const fs::path& path : sources) {
    {
      std::ifstream in(path);
      std::string line;
      int number = 0;
      while (std::getline(in, line)) {
        ++number;
        const auto comment = line.find("//");
        const std::string code = line.substr(0, comment);
        for (auto it = std::sregex_iterator(code.begin(), code.end(), literal);
             it != std::sregex_iterator(); ++it) {
          EXPECT_FALSE(std::regex_search((*it)[1].str(), kInternalCitation))
              << path.filename().string() << ":" << number << ": " << line;
        }
      }
      ++files;
    }
  }
  EXPECT_GE(files, 100);
}

}  // namespace
}  // namespace toxplan
