// `toxplan protocol apply` on the default atlas: the right sites and doses per muscle and side,
// every tip inside its target muscle.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "anatomy/atlas.h"
#include "cli/cli_support.h"
#include "core/plan_io.h"

using namespace toxplan;
using test::run_toxplan;

namespace {

const anatomy::Atlas& atlas() {
  static std::unique_ptr<anatomy::Atlas> a = [] {
    core::Findings f;
    return anatomy::Atlas::load(anatomy::Atlas::default_dir(), &f);
  }();
  return *a;
}

core::Plan apply(const std::string& args) {
  const auto dir = test::fresh_dir("apply");
  const std::string out = (dir / "p.toxplan.json").string();
  const auto r = run_toxplan("protocol apply " + args + " --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("TARGET_NOT_REACHED"), std::string::npos) << r.out;
  const core::PlanLoadResult loaded = core::load_plan_file(out);
  EXPECT_TRUE(loaded.plan.has_value());
  return loaded.plan.value_or(core::Plan{});
}

void expect_tips_inside_targets(const core::Plan& plan) {
  for (const core::Site& s : plan.sites) {
    const anatomy::Structure* target = atlas().find(s.target_structure_id);
    ASSERT_NE(target, nullptr) << s.id;
    EXPECT_TRUE(atlas().structure_contains(target->label, s.tip_mm()))
        << s.id << ": tip " << s.tip_mm().x << ", " << s.tip_mm().y << ", " << s.tip_mm().z
        << " is not inside " << s.target_structure_id;
    // The 0.5-inch needle, or the site's own (1 inch in the neck, clinical.md §1.2).
    const double needle_mm = s.needle_length_mm > 0.0 ? s.needle_length_mm : 12.7;
    EXPECT_LE(s.depth_mm, needle_mm) << s.id << " deeper than its needle";
  }
}

}  // namespace

TEST(ProtocolCommand, ListNamesTheShippedProtocols) {
  const auto r = run_toxplan("protocol list");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("preempt-155"), std::string::npos);
  EXPECT_NE(r.out.find("31 fixed sites, 155 U"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("39 fixed sites, 195 U"), std::string::npos) << r.out;
}

TEST(ProtocolCommand, Preempt155OnTheDefaultAtlas) {
  const core::Plan plan = apply("preempt-155");
  ASSERT_EQ(plan.sites.size(), 31u);
  std::map<std::string, double> units;
  double total = 0;
  for (const core::Site& s : plan.sites) {
    units[s.target_structure_id] += s.dose_units;
    total += s.dose_units;
    EXPECT_DOUBLE_EQ(s.volume_ml, 0.1);
  }
  EXPECT_DOUBLE_EQ(total, 155.0);
  EXPECT_DOUBLE_EQ(units["corrugator_supercilii_L"], 5.0);
  EXPECT_DOUBLE_EQ(units["procerus"], 5.0);
  EXPECT_DOUBLE_EQ(units["frontalis_R"], 10.0);
  EXPECT_DOUBLE_EQ(units["temporalis_L"], 20.0);
  EXPECT_DOUBLE_EQ(units["occipitalis_R"], 15.0);
  EXPECT_DOUBLE_EQ(units["trapezius_L"], 15.0);
  EXPECT_DOUBLE_EQ(units["splenius_capitis_L"] + units["semispinalis_capitis_L"], 10.0);
  for (const core::Site& s : plan.sites) {
    // Sides: a left target lies at x < 0 (RAS), a right one at x > 0.
    if (s.target_structure_id.back() == 'L') {
      EXPECT_LT(s.entry_point_mm.x, 0.0) << s.id;
    }
    if (s.target_structure_id.back() == 'R') {
      EXPECT_GT(s.entry_point_mm.x, 0.0) << s.id;
    }
  }
  expect_tips_inside_targets(plan);
}

// The plan carries the protocol's indication, which selects its limits (docs/limits.md); it is
// written into the file, not left to be guessed from protocol_id.
TEST(ProtocolCommand, AppliedPlanCarriesTheProtocolsIndication) {
  const struct {
    const char* args;
    const char* indication;
  } cases[] = {{"preempt-155", "chronic_migraine"},
               {"preempt-195-ftp --with-optional", "chronic_migraine"},
               {"cervical-dystonia --only sternocleidomastoid_L", "cervical_dystonia"}};
  for (const auto& c : cases) {
    const auto dir = test::fresh_dir("apply_indication");
    const std::string out = (dir / "p.toxplan.json").string();
    ASSERT_EQ(run_toxplan(std::string("protocol apply ") + c.args + " --out " + out).exit_code, 0);
    std::ifstream in(out);
    const nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j.value("indication", ""), c.indication) << c.args;
  }
}

TEST(ProtocolCommand, FollowThePainOnTheDefaultAtlas) {
  const core::Plan plan = apply("preempt-195-ftp");
  ASSERT_EQ(plan.sites.size(), 39u);
  double total = 0;
  for (const core::Site& s : plan.sites)
    total += s.dose_units;
  EXPECT_DOUBLE_EQ(total, 195.0);
  expect_tips_inside_targets(plan);
}

// Issue #6: no template dose reaches a danger structure on the default atlas. Runs the
// documented path, `protocol apply` then `simulate --json`, and reads every finding's code.
TEST(ProtocolCommand, TemplateDosesReachNoDangerStructure) {
  for (const std::string name : {"preempt-155", "preempt-195-ftp", "cervical-dystonia"}) {
    const auto dir = test::fresh_dir("danger-" + name);
    const std::string plan = (dir / "p.toxplan.json").string();
    const std::string report = (dir / "report.json").string();
    // Every optional site too: the cervical dystonia template has only optional sites.
    ASSERT_EQ(run_toxplan("protocol apply " + name + " --with-optional --out " + plan).exit_code, 0)
        << name;
    const auto r = run_toxplan("simulate " + plan + " --json " + report);
    EXPECT_NE(r.exit_code, 2) << name << ": " << r.out;
    std::ifstream in(report);
    ASSERT_TRUE(in) << report;
    const nlohmann::json j = nlohmann::json::parse(in);
    int findings = 0;
    for (const auto& site : j.at("sites")) {
      for (const auto& f : site.at("flags")) {
        ++findings;
        EXPECT_NE(f.at("code").get<std::string>(), "DANGER_STRUCTURE_REACHED")
            << name << ": " << f.at("message").get<std::string>();
      }
    }
    EXPECT_GT(findings, 0) << name << ": the report has no per-site flags at all";
  }
}

TEST(ProtocolCommand, CheckReportsMissingSites) {
  const auto dir = test::fresh_dir("check");
  const std::string out = (dir / "p.toxplan.json").string();
  ASSERT_EQ(run_toxplan("protocol apply preempt-155 --out " + out).exit_code, 0);
  const auto same = run_toxplan("protocol check " + out + " preempt-155");
  EXPECT_EQ(same.exit_code, 0);
  EXPECT_NE(same.out.find("matches the protocol"), std::string::npos) << same.out;
  const auto against_ftp = run_toxplan("protocol check " + out + " preempt-195-ftp");
  EXPECT_NE(against_ftp.out.find("MISSING_SITES"), std::string::npos) << against_ftp.out;
}

TEST(ProtocolCommand, UnknownProtocolExitsTwo) {
  const auto r = run_toxplan("protocol apply nonesuch --out /tmp/x.toxplan.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("known protocols"), std::string::npos) << r.out;
}
