// One fixture per finding code of plan validation and of the protocol checks, named after the
// code, and the exact finding it must give: code, severity, the site and field it names and what
// the message says. Each fixture is a copy of a clean plan with one thing changed, so the clean
// plan giving no such finding shows that the change is what the code reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "plan/plan_io.h"
#include "protocol/protocol.h"
#include "protocol/protocol_placement.h"
#include "support/finding_queries.h"
#include "support/test_paths.h"

using namespace toxplan;

namespace {

using test::all_messages;
using test::with_code;

std::string plan_fixture(const std::string& name) {
  return test::fixtures_dir() + "/plans/" + name;
}

std::string protocol_fixture(const std::string& name) {
  return test::fixtures_dir() + "/protocols/" + name;
}

struct CodeCase {
  const char* file;
  const char* code;
  Severity severity;
  const char* site_id;  // the site the finding is about ("" = the plan)
  const char* field;    // JSON pointer it names
  const char* message;  // text the message must contain
};

void PrintTo(const CodeCase& c, std::ostream* os) {
  *os << c.file << " -> " << c.code;
}

void expect_one(const Findings& findings, const CodeCase& c) {
  const std::vector<const Finding*> found = with_code(findings, c.code);
  ASSERT_EQ(found.size(), 1u) << c.file << " should give one " << c.code << ":"
                              << all_messages(findings);
  const Finding& f = *found.front();
  EXPECT_EQ(f.severity, c.severity) << f.message;
  EXPECT_EQ(f.site_id, c.site_id) << f.message;
  EXPECT_EQ(f.field, c.field) << f.message;
  EXPECT_NE(f.message.find(c.message), std::string::npos) << f.message;
}

plan::ValidationContext schematic_atlas_context() {
  plan::ValidationContext context;
  context.structure_exists = [](const std::string& id) {
    return id == "frontalis_L" || id == "frontalis_R";
  };
  context.atlas_id = "schematic";  // the fixture plans name the schematic atlas
  return context;
}

class PlanCodeFixture : public ::testing::TestWithParam<CodeCase> {};

}  // namespace

TEST_P(PlanCodeFixture, GivesTheCodeWithItsSeveritySiteAndField) {
  const CodeCase& c = GetParam();
  const plan::ValidationContext context = schematic_atlas_context();
  const plan::PlanLoadResult r = plan::load_plan_file(plan_fixture(c.file), context);
  ASSERT_TRUE(r.plan.has_value()) << all_messages(r.findings);
  expect_one(r.findings, c);
  const plan::PlanLoadResult clean =
      plan::load_plan_file(plan_fixture("good.toxplan.json"), context);
  EXPECT_TRUE(with_code(clean.findings, c.code).empty());
}

INSTANTIATE_TEST_SUITE_P(
    Codes, PlanCodeFixture,
    ::testing::Values(
        CodeCase{"site-id-empty.toxplan.json", "SITE_ID_EMPTY", Severity::Error, "", "/sites/1/id",
                 "site #2: field id is empty"},
        CodeCase{"target-missing.toxplan.json", "TARGET_MISSING", Severity::Error, "frontalis_L_1",
                 "/sites/0/target_structure_id",
                 "site frontalis_L_1: field target_structure_id is empty"},
        CodeCase{"atlas-mismatch.toxplan.json", "ATLAS_MISMATCH", Severity::Warning, "",
                 "/atlas/id", "made on atlas \"block\" but is checked against \"schematic\""},
        CodeCase{"checklist-flagged.toxplan.json", "CHECKLIST_FLAGGED", Severity::Warning, "",
                 "/patient_checklist/2/answer",
                 "\"Neuromuscular disorder such as ALS, myasthenia gravis or Lambert-Eaton "
                 "syndrome? (increased risk of serious systemic effects)\" is answered yes"},
        CodeCase{"needle-length-invalid.toxplan.json", "NEEDLE_LENGTH_INVALID", Severity::Error,
                 "frontalis_L_1", "/sites/0/needle_length_mm",
                 "site frontalis_L_1: field needle_length_mm must be a length in mm"}));

// JSON has no infinity and a number too large for a double (1e400) refuses the file, so a
// non-finite coordinate or volume comes only from a plan made in code (an edit, a typed "inf"):
// validation still names it, and the simulator is not run on it (sim/simulation_gate).
TEST(PlanCodes, ANumberTooLargeForADoubleRefusesTheFileWithItsLine) {
  const plan::PlanLoadResult r =
      plan::load_plan_file(plan_fixture("bad-number-overflow.toxplan.json"));
  EXPECT_FALSE(r.plan.has_value());
  const auto found = with_code(r.findings, "JSON_MALFORMED");
  ASSERT_EQ(found.size(), 1u) << all_messages(r.findings);
  EXPECT_EQ(found.front()->line, 21);
  EXPECT_NE(found.front()->message.find("number overflow parsing '1e400'"), std::string::npos)
      << found.front()->message;
}

TEST(PlanCodes, NonFiniteCoordinateAndVolumeFromCodeAreNamedWithTheirSiteAndField) {
  const plan::PlanLoadResult good = plan::load_plan_file(plan_fixture("good.toxplan.json"));
  ASSERT_TRUE(good.plan.has_value());
  plan::Plan plan = *good.plan;
  plan.sites[0].entry_point_mm.y = std::numeric_limits<double>::infinity();
  plan.sites[1].volume_ml = std::numeric_limits<double>::infinity();
  const Findings findings = plan::validate_plan(plan);
  expect_one(findings, {"(site 0 entry at infinity)", "COORDINATE_NOT_FINITE", Severity::Error,
                        "frontalis_L_1", "/sites/0/entry_mm",
                        "site frontalis_L_1: field entry_mm has a non-finite coordinate"});
  expect_one(findings,
             {"(site 1 volume infinite)", "VOLUME_NOT_FINITE", Severity::Error, "frontalis_R_1",
              "/sites/1/volume_ml", "site frontalis_R_1: field volume_ml is not a number"});
}

// `toxplan protocol check PLAN NAME`: each fixture is a shipped plan (`toxplan protocol apply`
// output) with one dose or the product changed.
namespace {

struct ProtocolCheckCase {
  CodeCase expected;
  const char* protocol_id;
  const char* clean_plan;  // the shipped plan the fixture was made from
};

void PrintTo(const ProtocolCheckCase& c, std::ostream* os) {
  *os << c.expected.file << " against " << c.protocol_id << " -> " << c.expected.code;
}

class ProtocolCheckFixture : public ::testing::TestWithParam<ProtocolCheckCase> {};

Findings check_against(const std::string& path, const std::string& protocol_id) {
  const plan::PlanLoadResult loaded = plan::load_plan_file(path);
  EXPECT_TRUE(loaded.plan.has_value()) << path << all_messages(loaded.findings);
  const protocol::ProtocolParseResult p =
      protocol::find_protocol(protocol_id, protocol::protocols_dir());
  EXPECT_TRUE(p.protocol.has_value()) << protocol_id;
  if (!loaded.plan || !p.protocol) return {};
  return protocol::check_plan_against_protocol(*loaded.plan, *p.protocol, plan::default_group_of);
}

}  // namespace

TEST_P(ProtocolCheckFixture, GivesTheCodeWithItsSeverityAndSite) {
  const ProtocolCheckCase& c = GetParam();
  expect_one(check_against(plan_fixture(c.expected.file), c.protocol_id), c.expected);
  const Findings clean =
      check_against(test::source_dir() + "/plans/" + c.clean_plan, c.protocol_id);
  EXPECT_TRUE(with_code(clean, c.expected.code).empty()) << all_messages(clean);
}

INSTANTIATE_TEST_SUITE_P(
    Codes, ProtocolCheckFixture,
    ::testing::Values(
        ProtocolCheckCase{{"protocol-dose-outside-range.toxplan.json", "DOSE_OUTSIDE_RANGE",
                           Severity::Warning, "sternocleidomastoid_L", "",
                           "site sternocleidomastoid_L: 20 U is outside the template's 30-50 U "
                           "for sternocleidomastoid"},
                          "cervical-dystonia",
                          "cervical-dystonia-example.toxplan.json"},
        ProtocolCheckCase{
            {"protocol-group-over-maximum.toxplan.json", "GROUP_OVER_MAXIMUM", Severity::Error, "",
             "", "frontalis: 25 U exceeds the protocol maximum of 20 U"},
            "preempt-155",
            "preempt-155.toxplan.json"},
        ProtocolCheckCase{
            {"protocol-group-below-fixed.toxplan.json", "GROUP_BELOW_FIXED", Severity::Warning, "",
             "", "temporalis: 37.5 U is below the protocol's fixed 40 U"},
            "preempt-155",
            "preempt-155.toxplan.json"},
        ProtocolCheckCase{
            {"protocol-total-below-fixed.toxplan.json", "TOTAL_BELOW_FIXED", Severity::Warning, "",
             "", "plan total 152.5 U is below the protocol's fixed 155 U"},
            "preempt-155",
            "preempt-155.toxplan.json"},
        ProtocolCheckCase{
            {"protocol-product-differs.toxplan.json", "PRODUCT_DIFFERS", Severity::Error, "", "",
             "the plan uses incobotulinumtoxinA but preempt-155 is defined in "
             "onabotulinumtoxinA units"},
            "preempt-155",
            "preempt-155.toxplan.json"}));

// Protocol files and placing them on an atlas (the block atlas: no skin, no head landmarks).
TEST(ProtocolCodeFixtures, PlacementInvalidNamesThePlacement) {
  const protocol::ProtocolParseResult r =
      protocol::load_protocol_file(protocol_fixture("placement-invalid.json"));
  EXPECT_FALSE(r.protocol.has_value()) << "a protocol with an invalid placement is refused";
  expect_one(r.findings,
             {"placement-invalid.json", "PLACEMENT_INVALID", Severity::Error, "",
              "/sites/0/placement", "give either \"anchor\" or \"between\" (two landmarks)"});
}

TEST(ProtocolCodeFixtures, UnknownProtocolIsNamed) {
  const protocol::ProtocolParseResult r =
      protocol::find_protocol("no-such-protocol", protocol::protocols_dir());
  EXPECT_FALSE(r.protocol.has_value());
  expect_one(r.findings, {"(name no-such-protocol)", "PROTOCOL_UNKNOWN", Severity::Error, "", "",
                          "no protocol \"no-such-protocol\" in"});
  EXPECT_NE(r.findings.front().message.find("preempt-155"), std::string::npos)
      << "the message lists the known protocols";
}

namespace {

protocol::ProtocolApplication apply_fixture_on_block_atlas(const std::string& name) {
  const protocol::ProtocolParseResult p = protocol::load_protocol_file(protocol_fixture(name));
  EXPECT_TRUE(p.protocol.has_value()) << all_messages(p.findings);
  Findings load_findings;
  const auto atlas =
      anatomy::Atlas::load(test::source_dir() + "/assets/atlas/block", &load_findings);
  EXPECT_TRUE(atlas) << all_messages(load_findings);
  if (!p.protocol || !atlas) return {};
  return protocol::apply_protocol(*p.protocol, *atlas, false);
}

}  // namespace

TEST(ProtocolCodeFixtures, LandmarkMissingNamesTheLandmarkAndNoSiteIsPlaced) {
  const protocol::ProtocolApplication a = apply_fixture_on_block_atlas("landmark-missing.json");
  expect_one(a.findings, {"landmark-missing.json", "LANDMARK_MISSING", Severity::Error, "", "",
                          "atlas block has no landmark \"nasion\" that the protocol needs"});
  EXPECT_TRUE(a.plan.sites.empty());
}

TEST(ProtocolCodeFixtures, SkinNotFoundNamesTheSiteAndNoSiteIsPlaced) {
  const protocol::ProtocolApplication a = apply_fixture_on_block_atlas("skin-not-found.json");
  expect_one(a.findings, {"skin-not-found.json", "SKIN_NOT_FOUND", Severity::Error, "a", "",
                          "site a: no skin found from the anterior"});
  EXPECT_TRUE(a.plan.sites.empty());
}

// LIMIT_SESSION is there exactly when the plan's total is over its product's and indication's
// session limit: every over-the-limit fixture has it once, and the shipped plans, the plans over
// another limit and a plan exactly at the limit have none.
TEST(LimitSession, PresentExactlyWhenTheSessionTotalIsOverTheLimit) {
  // One finding per session limit exceeded: 12000 U of rimabotulinumtoxinB for cervical dystonia
  // is over both the 10000 U session bound and the label's 5000 U cervical dystonia dose.
  const struct {
    const char* file;
    std::size_t count;
  } over[] = {
      {"bad-limit-migraine-255.toxplan.json", 1},   {"bad-limit-cd-session.toxplan.json", 1},
      {"bad-limit-uls-session.toxplan.json", 1},    {"bad-limit-lls-session.toxplan.json", 1},
      {"bad-limit-dysport-2400.toxplan.json", 1},   {"bad-limit-dysport-cd.toxplan.json", 1},
      {"bad-limit-xeomin-session.toxplan.json", 1}, {"bad-limit-myobloc-12000.toxplan.json", 2},
      {"bad-limit-myobloc-cd.toxplan.json", 1}};
  for (const auto& c : over) {
    const plan::PlanLoadResult r = plan::load_plan_file(plan_fixture(c.file));
    ASSERT_TRUE(r.plan.has_value()) << c.file;
    const auto found = with_code(r.findings, "LIMIT_SESSION");
    ASSERT_EQ(found.size(), c.count) << c.file << all_messages(r.findings);
    for (const Finding* f : found)
      EXPECT_EQ(f->field, "/sites") << c.file;
  }
  for (const std::string& path :
       {test::source_dir() + "/plans/preempt-155.toxplan.json",
        test::source_dir() + "/plans/preempt-195-ftp.toxplan.json",
        test::source_dir() + "/plans/cervical-dystonia-example.toxplan.json",
        plan_fixture("good.toxplan.json"), plan_fixture("bad-limit-per-site.toxplan.json"),
        plan_fixture("bad-limit-scm.toxplan.json"),
        plan_fixture("bad-limit-three-months.toxplan.json"),
        plan_fixture("bad-limit-migraine-temporalis.toxplan.json"),
        plan_fixture("bad-limit-dysport-volume.toxplan.json")}) {
    const plan::PlanLoadResult r = plan::load_plan_file(path);
    ASSERT_TRUE(r.plan.has_value()) << path;
    EXPECT_TRUE(with_code(r.findings, "LIMIT_SESSION").empty()) << path << all_messages(r.findings);
  }
}

TEST(LimitSession, AtTheLimitIsCleanAndHalfAUnitOverIsAnError) {
  const plan::PlanLoadResult at =
      plan::load_plan_file(test::source_dir() + "/plans/preempt-195-ftp.toxplan.json");
  ASSERT_TRUE(at.plan.has_value());
  double total_units = 0.0;
  for (const plan::Site& s : at.plan->sites)
    total_units += s.dose_units;
  ASSERT_EQ(total_units, 195.0) << "the chronic-migraine session limit with follow-the-pain";
  EXPECT_TRUE(with_code(plan::validate_plan(*at.plan), "LIMIT_SESSION").empty());

  plan::Plan over = *at.plan;
  over.sites.back().dose_units += 0.5;
  over.sites.back().volume_ml = over.dilution.volume_ml_for_dose(over.sites.back().dose_units);
  const Findings findings = plan::validate_plan(over);
  const auto found = with_code(findings, "LIMIT_SESSION");
  ASSERT_EQ(found.size(), 1u) << all_messages(findings);
  EXPECT_EQ(found.front()->severity, Severity::Error);
  EXPECT_NE(found.front()->message.find("195.5 U exceeds 195 U per treatment session"),
            std::string::npos)
      << found.front()->message;
}
