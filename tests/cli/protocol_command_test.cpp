// `toxplan protocol apply` on the default atlas: the right sites and doses per muscle and side,
// every tip inside its target muscle.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "anatomy/atlas.h"
#include "cli/cli_support.h"
#include "plan/plan_io.h"
#include "protocol/protocol.h"

using namespace toxplan;
using test::run_toxplan;

namespace {

const anatomy::Atlas& atlas() {
  static std::unique_ptr<anatomy::Atlas> a = [] {
    toxplan::Findings f;
    return anatomy::Atlas::load(anatomy::Atlas::default_dir(), &f);
  }();
  return *a;
}

plan::Plan apply(const std::string& args) {
  const auto dir = test::fresh_dir("apply");
  const std::string out = (dir / "p.toxplan.json").string();
  const auto r = run_toxplan("protocol apply " + args + " --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("TARGET_NOT_REACHED"), std::string::npos) << r.out;
  const plan::PlanLoadResult loaded = plan::load_plan_file(out);
  EXPECT_TRUE(loaded.plan.has_value());
  return loaded.plan.value_or(plan::Plan{});
}

void expect_tips_inside_targets(const plan::Plan& plan) {
  for (const plan::Site& s : plan.sites) {
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
  EXPECT_NE(r.out.find("31 fixed sites, 155 U onabotulinumtoxinA; 8 follow-the-pain sites, 40 U"),
            std::string::npos)
      << r.out;
}

TEST(ProtocolCommand, Preempt155OnTheDefaultAtlas) {
  const plan::Plan plan = apply("preempt-155");
  ASSERT_EQ(plan.sites.size(), 31u);
  std::map<std::string, double> units;
  double total = 0;
  for (const plan::Site& s : plan.sites) {
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
  // The lateral trapezius site lies on the transverse part on the real anatomy.
  EXPECT_DOUBLE_EQ(units["trapezius_L"] + units["trapezius_transverse_L"], 15.0);
  EXPECT_DOUBLE_EQ(units["splenius_capitis_L"] + units["semispinalis_capitis_L"], 10.0);
  for (const plan::Site& s : plan.sites) {
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
  const plan::Plan plan = apply("preempt-195-ftp");
  ASSERT_EQ(plan.sites.size(), 39u);
  double total = 0;
  for (const plan::Site& s : plan.sites)
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
  // The 155 U plan is PREEMPT 195 without its follow-the-pain sites, which are optional.
  const auto against_ftp = run_toxplan("protocol check " + out + " preempt-195-ftp");
  EXPECT_EQ(against_ftp.out.find("MISSING_SITES"), std::string::npos) << against_ftp.out;
}

namespace {

plan::Plan shipped_195() {
  const plan::PlanLoadResult loaded =
      plan::load_plan_file(test::source_dir() + "/plans/preempt-195-ftp.toxplan.json");
  EXPECT_TRUE(loaded.plan.has_value());
  return loaded.plan.value_or(plan::Plan{});
}

// The right follow-the-pain sites moved to the left (the predominant-pain side): mirrored, 6 mm
// higher, renamed and retargeted.
plan::Plan follow_the_pain_all_left() {
  plan::Plan plan = shipped_195();
  int n = 0;
  for (plan::Site& s : plan.sites) {
    if (s.id.find("_R_ftp") == std::string::npos) continue;
    s.entry_point_mm = {-s.entry_point_mm.x, s.entry_point_mm.y, s.entry_point_mm.z + 6.0};
    s.needle_direction = {-s.needle_direction.x, s.needle_direction.y, s.needle_direction.z};
    s.target_structure_id.replace(s.target_structure_id.size() - 2, 2, "_L");
    s.id = "left_ftp_" + std::to_string(++n);
    s.label.clear();
  }
  EXPECT_EQ(n, 4);
  return plan;
}

test::CommandResult check(const plan::Plan& plan, const std::string& name) {
  const auto dir = test::fresh_dir("check_ftp_" + name);
  const std::string path = (dir / (name + ".toxplan.json")).string();
  EXPECT_FALSE(plan::save_plan_file(plan, path));
  return run_toxplan("protocol check " + path + " preempt-195-ftp");
}

}  // namespace

// Issue 12 item 7: follow-the-pain sites on one side are allowed by the paradigm ("additional
// injections to one or both sides"); they must not make fixed sites "missing".
TEST(ProtocolCommand, CheckAcceptsFollowThePainSitesOnOneSide) {
  const auto r = check(follow_the_pain_all_left(), "one_side");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("MISSING_SITES"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("EXTRA_SITES"), std::string::npos) << r.out;
}

TEST(ProtocolCommand, CheckNamesTheMissingFixedSite) {
  // A fixed left trapezius site removed, with every follow-the-pain site on the left: the
  // follow-the-pain sites 21 mm beside it do not stand in for it.
  plan::Plan plan = follow_the_pain_all_left();
  std::erase_if(plan.sites, [](const plan::Site& s) { return s.id == "trapezius_L_2"; });
  const auto r = check(plan, "missing");
  EXPECT_NE(
      r.out.find(
          "MISSING_SITES: fixed site trapezius_L_2 (Trapezius L 2) is missing: no "
          "site on trapezius_L or trapezius_transverse_L within 10 mm of where preempt-195-ftp "
          "places it"),
      std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("EXTRA_SITES"), std::string::npos) << r.out;
  // Five follow-the-pain trapezius sites are one too many, wherever they are.
  plan::Plan five = follow_the_pain_all_left();
  plan::Site more = five.sites.back();
  more.id = "left_ftp_5";
  more.entry_point_mm.z += 12.0;
  five.sites.push_back(more);
  const auto f = check(five, "five");
  EXPECT_NE(f.out.find("EXTRA_SITES: trapezius: 5 follow-the-pain sites"), std::string::npos)
      << f.out;
  EXPECT_EQ(f.out.find("MISSING_SITES"), std::string::npos) << f.out;
}

TEST(ProtocolCommand, UnknownProtocolExitsTwo) {
  const auto r = run_toxplan("protocol apply nonesuch --out /tmp/x.toxplan.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("known protocols"), std::string::npos) << r.out;
}
