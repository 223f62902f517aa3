#include "atlas_build/source_index.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_paths.h"

namespace toxplan::atlas_build {
namespace {

TEST(BodyParts3DName, ReadsFmaIdAndEnglishName) {
  auto name =
      parse_bodyparts3d_name("FJ1521M_BP48336_FMA33587_Descending_part_of_left_trapezius.glb");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->fma_id, "FMA33587");
  EXPECT_EQ(name->english_name, "Descending_part_of_left_trapezius");
  EXPECT_FALSE(parse_bodyparts3d_name("skin.obj"));
  EXPECT_FALSE(parse_bodyparts3d_name("FJ12_FMA1_x.obj"));
}

TEST(SourceIndex, FindsFixturesByFmaIdNameAndPath) {
  const std::string dir = test::fixtures_dir() + "/bodyparts3d";
  SourceIndex index = SourceIndex::scan(dir);
  ASSERT_FALSE(index.files().empty());
  auto by_fma = index.find("FMA52734");
  ASSERT_EQ(by_fma.size(), 1u);
  EXPECT_EQ(by_fma[0]->english_name, "Frontal_bone");
  EXPECT_EQ(index.find("frontal bone").size(), 1u);
  EXPECT_EQ(index.find(by_fma[0]->relative_path).size(), 1u);
  EXPECT_TRUE(index.find("FMA99999999").empty());
  EXPECT_TRUE(index.find("FMA").empty());
}

}  // namespace
}  // namespace toxplan::atlas_build
