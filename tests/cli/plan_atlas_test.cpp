// Without --atlas, every command uses the shipped atlas the plan names (field /atlas/id), and
// says so when that atlas is not shipped instead of checking or simulating on another one.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_support.h"

namespace toxplan {
namespace {

using test::fixture_plan;
using test::fresh_dir;
using test::run_toxplan;
using test::source_path;

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::string write_json(const std::filesystem::path& path, const nlohmann::json& j) {
  std::ofstream(path) << j.dump(2) << "\n";
  return path.string();
}

// The shipped PREEMPT plan with the left corrugator target misspelled, as in issue 12.
std::string misspelled_corrugator_plan(const std::filesystem::path& dir) {
  nlohmann::json plan = read_json(source_path("plans/preempt-155.toxplan.json"));
  int changed = 0;
  for (auto& site : plan["sites"]) {
    if (site["target_structure_id"] == "corrugator_supercilii_L") {
      site["target_structure_id"] = "corugator_supercilii_L";
      ++changed;
    }
  }
  EXPECT_EQ(changed, 1);
  return write_json(dir / "misspelled.toxplan.json", plan);
}

// A clean plan that names an atlas which is not shipped.
std::string plan_on_atlas(const std::filesystem::path& dir, const std::string& atlas_id) {
  nlohmann::json plan = read_json(fixture_plan("good.toxplan.json"));
  plan["atlas"]["id"] = atlas_id;
  return write_json(dir / (atlas_id + ".toxplan.json"), plan);
}

const std::string kNotShipped =
    "the plan was made on atlas \"clinic-head-2\", which is not one of the shipped atlases";

TEST(PlanAtlas, ValidateChecksTargetsAgainstTheAtlasThePlanNames) {
  const auto dir = fresh_dir("plan_atlas_misspelled");
  const auto r = run_toxplan("validate " + misspelled_corrugator_plan(dir));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("error TARGET_UNKNOWN"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"corugator_supercilii_L\" is not a structure of atlas default"),
            std::string::npos)
      << r.out;
}

TEST(PlanAtlas, ValidateLoadsANonDefaultShippedAtlasByItsId) {
  // good.toxplan.json targets frontalis; the shipped "block" atlas has only block_a, block_b.
  const auto dir = fresh_dir("plan_atlas_block");
  const auto r = run_toxplan("validate " + plan_on_atlas(dir, "block"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("is not a structure of atlas block"), std::string::npos) << r.out;
}

TEST(PlanAtlas, ValidateSaysWhenThePlansAtlasIsNotShipped) {
  const auto dir = fresh_dir("plan_atlas_validate_missing");
  const std::string plan = plan_on_atlas(dir, "clinic-head-2");
  const auto r = run_toxplan("validate " + plan);
  EXPECT_EQ(r.exit_code, 0) << r.out;  // a warning: the rest of the plan was checked
  EXPECT_NE(r.out.find("warning ATLAS_NOT_FOUND: " + plan + ": field /atlas/id: " + kNotShipped),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("give that atlas's folder with --atlas FOLDER; its target structures "
                       "were not checked"),
            std::string::npos)
      << r.out;
  // With the folder given, the plan is checked against it (and the id mismatch is noted).
  const auto with_atlas =
      run_toxplan("validate --atlas " + source_path("assets/atlas/default") + " " + plan);
  EXPECT_EQ(with_atlas.out.find("ATLAS_NOT_FOUND"), std::string::npos) << with_atlas.out;
}

TEST(PlanAtlas, ValidateRefusesPlanAtlasIdsThatLeaveTheAtlasFolder) {
  const auto dir = fresh_dir("plan_atlas_traversal");
  nlohmann::json plan = read_json(fixture_plan("good.toxplan.json"));
  plan["atlas"]["id"] = "../atlas/default";
  const auto r = run_toxplan("validate " + write_json(dir / "t.toxplan.json", plan));
  EXPECT_NE(r.out.find("ATLAS_NOT_FOUND"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not a folder name"), std::string::npos) << r.out;
}

TEST(PlanAtlas, CommandsThatNeedTheAtlasStopAndSayWhichOneIsMissing) {
  const auto dir = fresh_dir("plan_atlas_commands");
  const std::string plan = plan_on_atlas(dir, "clinic-head-2");
  const std::string out_png = (dir / "x.png").string();
  for (const std::string& command :
       {std::string("simulate ") + plan, "render " + plan + " --out " + out_png,
        "export " + plan + " --chart " + out_png}) {
    SCOPED_TRACE(command);
    const auto r = run_toxplan(command);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find(kNotShipped), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--atlas FOLDER"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(": cannot continue without the plan's atlas"), std::string::npos) << r.out;
  }
}

TEST(PlanAtlas, ProtocolCheckAndScoreUseThePlansAtlas) {
  const auto dir = fresh_dir("plan_atlas_protocol");
  const std::string plan = plan_on_atlas(dir, "clinic-head-2");
  const auto check = run_toxplan("protocol check " + plan + " preempt-155");
  EXPECT_NE(check.out.find("warning ATLAS_NOT_FOUND: field /atlas/id: " + kNotShipped),
            std::string::npos)
      << check.out;
  const auto score = run_toxplan("score --protocol preempt-155 " + plan);
  EXPECT_EQ(score.exit_code, 2) << score.out;
  EXPECT_NE(score.out.find(kNotShipped), std::string::npos) << score.out;
  EXPECT_NE(score.out.find("score: cannot continue without the plan's atlas"), std::string::npos)
      << score.out;
}

}  // namespace
}  // namespace toxplan
