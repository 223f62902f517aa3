#include "atlas_build/recipe.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/test_paths.h"

namespace toxplan::atlas_build {
namespace {

std::string fixture_recipe() {
  return test::fixtures_dir() + "/recipes/frontal-corrugator.json";
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << text;
  return path;
}

const Finding* find_code(const Findings& findings, const std::string& code) {
  for (const Finding& f : findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

TEST(Recipe, ReadsTheFixtureRecipe) {
  Findings findings;
  const auto recipe = read_recipe(fixture_recipe(), &findings);
  ASSERT_TRUE(recipe) << (findings.empty() ? "" : findings[0].message);
  EXPECT_EQ(recipe->atlas_id, "fixture");
  ASSERT_EQ(recipe->source_sets.size(), 2u);
  EXPECT_DOUBLE_EQ(recipe->source_sets[0].scale_to_mm, 100.0);
  EXPECT_TRUE(recipe->source_sets[0].lps);
  EXPECT_DOUBLE_EQ(recipe->source_sets[1].to_reference_scale, 1.0577);
  EXPECT_DOUBLE_EQ(recipe->source_sets[1].to_reference_translation_mm.z, -96.7);
  ASSERT_EQ(recipe->structures.size(), 5u);
  const RecipeStructure* procerus = recipe->find("procerus");
  ASSERT_TRUE(procerus);
  EXPECT_EQ(procerus->sources.size(), 2u);
  ASSERT_TRUE(procerus->fibre);
  EXPECT_EQ(procerus->fibre->rule, "attachments");
  EXPECT_EQ(procerus->fibre->to, std::vector<std::string>{"frontal_bone"});
  EXPECT_EQ(recipe->display_triangles, 2000);
  EXPECT_DOUBLE_EQ(recipe->cut_below_z_mm, -200.0);
}

TEST(Recipe, NamesTheEntryAndLineOfEachMistake) {
  const std::string path = write_temp("toxplan-bad-recipe.json", R"({
 "format": "toxplan-atlas-recipe", "version": 1,
 "atlas": {"id": "x", "atlas_version": "1", "name": "x"},
 "source_sets": [{"id": "a", "folder": "4.0"}],
 "structures": [
  {"id": "m", "name": "M", "kind": "musle", "side": "L", "sources": ["FMA1"]},
  {"id": "m", "name": "M2", "kind": "muscle", "side": "left", "sources": ["FMA2"],
   "fibre": {"rule": "attachments", "from": ["nowhere"], "to": ["m"]}},
  {"id": "n", "name": "N", "kind": "bone", "side": "midline"}
 ]
})");
  Findings findings;
  EXPECT_FALSE(read_recipe(path, &findings));
  const Finding* kind = find_code(findings, "RECIPE_KIND_UNKNOWN");
  ASSERT_TRUE(kind);
  EXPECT_EQ(kind->field, "/structures/0/kind");
  EXPECT_EQ(kind->line, 6);
  EXPECT_NE(kind->message.find("musle"), std::string::npos);
  ASSERT_TRUE(find_code(findings, "RECIPE_SIDE_INVALID"));
  EXPECT_EQ(find_code(findings, "RECIPE_SIDE_INVALID")->field, "/structures/1/side");
  ASSERT_TRUE(find_code(findings, "RECIPE_ID_DUPLICATE"));
  const Finding* reference = find_code(findings, "RECIPE_REFERENCE_UNKNOWN");
  ASSERT_TRUE(reference);
  EXPECT_EQ(reference->field, "/structures/1/fibre/from");
  EXPECT_NE(reference->message.find("nowhere"), std::string::npos);
  const Finding* sources = find_code(findings, "RECIPE_SOURCES_MISSING");
  ASSERT_TRUE(sources);
  EXPECT_EQ(sources->field, "/structures/2");
}

TEST(Recipe, RefusesWhatIsNotARecipe) {
  Findings missing;
  EXPECT_FALSE(read_recipe("/nonexistent/recipe.json", &missing));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].code, "RECIPE_MISSING");
  Findings malformed;
  EXPECT_FALSE(
      read_recipe(write_temp("toxplan-malformed-recipe.json", "{\n \"format\": \n"), &malformed));
  ASSERT_FALSE(malformed.empty());
  EXPECT_EQ(malformed[0].code, "RECIPE_JSON_MALFORMED");
  Findings wrong;
  EXPECT_FALSE(read_recipe(
      write_temp("toxplan-wrong-recipe.json", R"({"format": "toxplan-atlas", "version": 1})"),
      &wrong));
  EXPECT_TRUE(find_code(wrong, "RECIPE_FORMAT_WRONG"));
}

}  // namespace
}  // namespace toxplan::atlas_build
