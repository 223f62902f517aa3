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

namespace toxplan::atlas_build {
namespace {

// One small recipe with `patch` inserted as top-level fields, read; the finding with `code`.
Finding read_with(const std::string& name, const std::string& text, const std::string& code) {
  Findings findings;
  EXPECT_FALSE(read_recipe(write_temp(name, text), &findings)) << code;
  const Finding* f = find_code(findings, code);
  EXPECT_TRUE(f) << "no " << code;
  if (f) {
    EXPECT_EQ(f->severity, Severity::Error);
  }
  return f ? *f : Finding{};
}

const std::string kHead = R"({"format": "toxplan-atlas-recipe", "version": 1,
 "atlas": {"id": "x", "atlas_version": "1", "name": "x"},
 "source_sets": [{"id": "a", "folder": "4.0"}],
)";

TEST(RecipeErrors, EachMistakeHasItsCodeAndField) {
  EXPECT_EQ(read_with("r1.json", "[1]", "RECIPE_NOT_OBJECT").field, "");
  EXPECT_EQ(
      read_with(
          "r2.json",
          R"({"format": "toxplan-atlas-recipe", "version": 2, "atlas": {}, "source_sets": [], "structures": []})",
          "RECIPE_VERSION_NEWER")
          .field,
      "/version");
  EXPECT_EQ(read_with("r3.json", kHead + R"("build": {"display_triangles": 5}, "structures": []})",
                      "RECIPE_FIELD_RANGE")
                .field,
            "/build/display_triangles");
  EXPECT_EQ(
      read_with("r4.json", kHead + R"("structures": [{"id": "m", "name": "M", "kind": "muscle",
                        "side": "L", "sources": ["FMA1"], "colour": [2, 0, 0]}]})",
                "RECIPE_FIELD_TYPE")
          .field,
      "/structures/0/colour");
  EXPECT_EQ(
      read_with("r5.json", kHead + R"("structures": [{"id": "m", "name": "M", "kind": "muscle",
                        "side": "L", "sources": ["FMA1"], "fibre": {"rule": "spiral"}}]})",
                "RECIPE_FIBRE_INVALID")
          .field,
      "/structures/0/fibre/rule");
  EXPECT_EQ(read_with("r8.json", kHead + R"("body_region": "torso", "structures": []})",
                      "RECIPE_FIELD_VALUE")
                .field,
            "/body_region");
  EXPECT_EQ(read_with("r9.json", kHead + R"("build": {"cut_below_z_mm": 0, "cut_above_z_mm": 5},
                                 "structures": []})",
                      "RECIPE_FIELD_RANGE")
                .field,
            "/build/cut_above_z_mm");
  std::string many = kHead + R"("structures": [)";
  for (int i = 0; i < 4097; ++i) {
    many += std::string(i ? "," : "") + R"({"id": "s)" + std::to_string(i) +
            R"(", "name": "S", "kind": "bone", "side": "midline", "sources": ["FMA1"]})";
  }
  many += "]}";
  EXPECT_EQ(read_with("r6.json", many, "RECIPE_TOO_MANY_STRUCTURES").field, "/structures");
  EXPECT_NE(
      read_with("r7.json", std::string(9u << 20, ' '), "RECIPE_TOO_LARGE").message.find("8 MB"),
      std::string::npos);
}

}  // namespace
}  // namespace toxplan::atlas_build
