// The order in which the program looks for its data (base/resources.h): TOXPLAN_DATA_DIR, then
// <bindir>/../share/toxplan, then the source tree for a binary inside its build tree.
#include "base/resources.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_paths.h"

namespace fs = std::filesystem;

namespace {

// A scratch tree: <root>/env (data), <root>/prefix/bin/toxplan and <root>/prefix/share/toxplan
// (data), <root>/src (data) with its build tree <root>/src/build/toxplan.
class ResourceLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("toxplan-resources-" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
    for (const char* d : {"env/assets", "prefix/bin", "prefix/share/toxplan/assets", "src/assets",
                          "src/build", "empty"})
      fs::create_directories(root_ / d);
    std::ofstream(root_ / "prefix/bin/toxplan") << "";
    std::ofstream(root_ / "src/build/toxplan") << "";
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string p(const std::string& relative) const {
    return fs::weakly_canonical(root_ / relative).string();
  }
  fs::path root_;
};

TEST_F(ResourceLookupTest, EnvironmentVariableComesFirst) {
  const toxplan::ResourceLookup r =
      toxplan::find_resources(p("env").c_str(), p("prefix/bin/toxplan"), p("prefix"), p("src"));
  EXPECT_EQ(r.dir, p("env"));
  EXPECT_EQ(r.problem, "");
  ASSERT_EQ(r.searched.size(), 1u);
}

TEST_F(ResourceLookupTest, EnvironmentVariableWithoutDataIsAnErrorNotAFallThrough) {
  const toxplan::ResourceLookup r =
      toxplan::find_resources(p("empty").c_str(), p("src/build/toxplan"), p("src/build"), p("src"));
  EXPECT_EQ(r.dir, "");
  EXPECT_NE(r.problem.find("TOXPLAN_DATA_DIR is " + p("empty") + ", which has no assets/ folder"),
            std::string::npos)
      << r.problem;
}

TEST_F(ResourceLookupTest, EmptyEnvironmentVariableCountsAsUnset) {
  const toxplan::ResourceLookup r =
      toxplan::find_resources("", p("prefix/bin/toxplan"), p("src/build"), p("src"));
  EXPECT_EQ(r.dir, p("prefix/share/toxplan"));
}

TEST_F(ResourceLookupTest, NextToTheBinaryComesBeforeTheSourceTree) {
  // Even a binary in the build tree uses an install's share/toxplan beside it first.
  fs::create_directories(root_ / "src/share/toxplan/assets");
  const toxplan::ResourceLookup in_build =
      toxplan::find_resources(nullptr, p("src/build/toxplan"), p("src/build"), p("src"));
  EXPECT_EQ(in_build.dir, p("src/share/toxplan"));

  const toxplan::ResourceLookup installed =
      toxplan::find_resources(nullptr, p("prefix/bin/toxplan"), p("src/build"), p("src"));
  EXPECT_EQ(installed.dir, p("prefix/share/toxplan"));
}

TEST_F(ResourceLookupTest, SourceTreeOnlyForABinaryInsideItsBuildTree) {
  const toxplan::ResourceLookup in_build =
      toxplan::find_resources(nullptr, p("src/build/toxplan"), p("src/build"), p("src"));
  EXPECT_EQ(in_build.dir, p("src"));
  EXPECT_EQ(in_build.problem, "");
  ASSERT_EQ(in_build.searched.size(), 2u);
  EXPECT_EQ(in_build.searched[0], p("src/share/toxplan") + " (next to the program)");
  EXPECT_EQ(in_build.searched[1], p("src") + " (the source tree of this build)");

  // A copy of the binary elsewhere, with no share/toxplan beside it, finds nothing and says
  // where it looked.
  fs::create_directories(root_ / "elsewhere/bin");
  const toxplan::ResourceLookup copied =
      toxplan::find_resources(nullptr, p("elsewhere/bin/toxplan"), p("src/build"), p("src"));
  EXPECT_EQ(copied.dir, "");
  EXPECT_NE(copied.problem.find("looked in " + p("elsewhere/share/toxplan") +
                                " (next to the program). Install Toxplan with `cmake --install`, "
                                "or set TOXPLAN_DATA_DIR"),
            std::string::npos)
      << copied.problem;
}

TEST_F(ResourceLookupTest, BuildTreePrefixOfAnotherFolderDoesNotCount) {
  // /x/src/build-asan is not inside /x/src/build.
  fs::create_directories(root_ / "src/build-asan");
  const toxplan::ResourceLookup r =
      toxplan::find_resources(nullptr, p("src/build-asan/toxplan"), p("src/build"), p("src"));
  EXPECT_EQ(r.dir, "");
}

TEST(ResourceLookup, ThisTestFindsTheSourceTree) {
  // The test binary lives in the build tree and no TOXPLAN_DATA_DIR is set by ctest.
  if (std::getenv("TOXPLAN_DATA_DIR") == nullptr) {
    EXPECT_EQ(toxplan::resource_dir(), fs::weakly_canonical(toxplan::test::source_dir()).string());
    EXPECT_EQ(toxplan::resource_path("assets/protocols"),
              toxplan::resource_dir() + "/assets/protocols");
  }
}

}  // namespace
