// Each validation code, triggered by a fixture file in tests/fixtures/plans, with a message
// that names the field and the line.
#include <gtest/gtest.h>

#include <string>

#include "plan/plan_io.h"
#include "support/test_paths.h"

using namespace toxplan;

namespace {

std::string fixture(const std::string& name) {
  return toxplan::test::fixtures_dir() + "/plans/" + name;
}

const Finding* find_code(const Findings& findings, const std::string& code) {
  for (const Finding& f : findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

struct Case {
  const char* file;
  const char* code;
  const char* field;    // JSON pointer the finding must name ("" = not checked)
  int line;             // line it must report (0 = not checked)
  const char* message;  // text the message must contain
  bool refused;         // the plan is not loaded at all
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.file << " -> " << c.code;
}

class ValidationFixture : public ::testing::TestWithParam<Case> {};

}  // namespace

TEST_P(ValidationFixture, ReportsCodeFieldAndLine) {
  const Case& c = GetParam();
  plan::ValidationContext context;
  context.structure_exists = [](const std::string& id) {
    return id == "frontalis_L" || id == "frontalis_R" || id == "sternocleidomastoid_L";
  };
  context.atlas_id = "schematic";  // the fixture plans name the schematic atlas
  const plan::PlanLoadResult r = plan::load_plan_file(fixture(c.file), context);
  const Finding* f = find_code(r.findings, c.code);
  ASSERT_NE(f, nullptr) << c.file << " gave no " << c.code;
  if (*c.field) {
    EXPECT_EQ(f->field, c.field);
  }
  if (c.line) {
    EXPECT_EQ(f->line, c.line) << f->message;
  }
  EXPECT_NE(f->message.find(c.message), std::string::npos) << f->message;
  EXPECT_NE(f->message.find(c.file), std::string::npos) << "message must name the file";
  EXPECT_EQ(r.plan.has_value(), !c.refused);
}

INSTANTIATE_TEST_SUITE_P(
    Codes, ValidationFixture,
    ::testing::Values(
        Case{"bad-dose-zero.toxplan.json", "DOSE_NOT_POSITIVE", "/sites/1/dose_units", 48,
             "field dose_units is 0", false},
        Case{"bad-dose-negative.toxplan.json", "DOSE_NOT_POSITIVE", "/sites/1/dose_units", 48,
             "is -5", false},
        Case{"bad-dose-absurd.toxplan.json", "DOSE_ABSURD", "/sites/0/dose_units", 30, "5000 U",
             false},
        Case{"bad-volume-absurd.toxplan.json", "VOLUME_ABSURD", "/sites/0/volume_ml", 31, "25 mL",
             false},
        Case{"bad-volume-zero.toxplan.json", "VOLUME_NOT_POSITIVE", "/sites/1/volume_ml", 49,
             "field volume_ml", false},
        Case{"bad-volume-mismatch.toxplan.json", "VOLUME_DOSE_MISMATCH", "/sites/1/volume_ml", 49,
             "5 U at 5 U per 0.1 mL is 0.1 mL", false},
        Case{"bad-duplicate-id.toxplan.json", "SITE_ID_DUPLICATE", "/sites/1/id", 34,
             "frontalis_L_1", false},
        Case{"bad-product.toxplan.json", "PRODUCT_UNKNOWN", "/product", 5, "botox-gold", true},
        Case{"bad-version-newer.toxplan.json", "VERSION_NEWER", "/version", 3, "version 7", true},
        Case{"bad-missing-field.toxplan.json", "FIELD_MISSING", "/sites/1/depth_mm", 33,
             "field /sites/1/depth_mm", true},
        Case{"bad-wrong-type.toxplan.json", "FIELD_WRONG_TYPE", "/sites/0/dose_units", 30,
             "must be a number, found string", true},
        Case{"bad-unknown-target.toxplan.json", "TARGET_UNKNOWN", "/sites/0/target_structure_id",
             18, "frontalis_X", false},
        Case{"bad-direction.toxplan.json", "DIRECTION_INVALID", "/sites/0/direction", 24,
             "field direction", false},
        Case{"bad-depth.toxplan.json", "DEPTH_INVALID", "/sites/0/depth_mm", 29, "depth_mm is -2",
             false},
        Case{"bad-dilution.toxplan.json", "DILUTION_INVALID", "/dilution/diluent_ml", 8,
             "diluent_ml", false},
        Case{"bad-format.toxplan.json", "FORMAT_UNKNOWN", "/format", 2, "something-else", true},
        Case{"bad-malformed.toxplan.json", "JSON_MALFORMED", "", 33, "not valid JSON", true},
        Case{"bad-empty.toxplan.json", "JSON_MALFORMED", "", 1, "not valid JSON", true},
        Case{"bad-limit-per-site.toxplan.json", "LIMIT_PER_SITE", "/sites/0/dose_units", 30,
             "60 U exceeds 50 U per site", false},
        Case{"bad-limit-scm.toxplan.json", "LIMIT_PER_MUSCLE", "", 0, "120 U exceeds 100 U", false},
        Case{"bad-limit-three-months.toxplan.json", "LIMIT_THREE_MONTHS",
             "/prior_units_last_3_months", 0, "405 U exceeds 400 U per 3 months", false},
        // Limits by indication and product (docs/limits.md).
        Case{"bad-limit-migraine-255.toxplan.json", "LIMIT_SESSION", "/sites", 0,
             "plan total: 255 U exceeds 195 U per treatment session, chronic migraine", false},
        Case{"bad-limit-migraine-255.toxplan.json", "LIMIT_PER_MUSCLE", "/sites", 0,
             "trapezius total: 110 U exceeds 50 U per muscle (trapezius), chronic migraine", false},
        Case{"bad-limit-migraine-temporalis.toxplan.json", "LIMIT_PER_MUSCLE", "/sites", 0,
             "temporalis total: 60 U exceeds 50 U per muscle (temporalis), chronic migraine",
             false},
        Case{"bad-limit-cd-session.toxplan.json", "LIMIT_SESSION", "/sites", 0,
             "320 U exceeds 300 U per treatment session, cervical dystonia", false},
        Case{"bad-limit-uls-session.toxplan.json", "LIMIT_SESSION", "/sites", 0,
             "420 U exceeds 400 U per treatment session, upper-limb spasticity", false},
        Case{"bad-limit-lls-session.toxplan.json", "LIMIT_SESSION", "/sites", 0,
             "420 U exceeds 400 U per treatment session, lower-limb spasticity", false},
        Case{"bad-limit-dysport-2400.toxplan.json", "LIMIT_SESSION", "/sites", 0,
             "2400 U exceeds 1500 U per treatment session (the label's largest session dose is "
             "1500 U (adult spasticity, upper and lower limb combined); source: Dysport "
             "prescribing information",
             false},
        Case{"bad-limit-dysport-2400.toxplan.json", "LIMIT_PER_SITE", "/sites/0/dose_units", 0,
             "600 U exceeds 500 U per site (no more than 500 U in 1 mL may be given at one site; "
             "source: Dysport EU SmPC",
             false},
        Case{"bad-limit-dysport-2400.toxplan.json", "LIMIT_PER_SITE_VOLUME", "/sites/0/volume_ml",
             0, "1.2 mL exceeds 1 mL volume per site", false},
        Case{"bad-limit-dysport-cd.toxplan.json", "LIMIT_SESSION", "/sites", 0,
             "1100 U exceeds 1000 U per treatment session, cervical dystonia (cervical dystonia "
             "doses are 250 to 1000 U; doses above 1000 U were not evaluated",
             false},
        Case{"bad-limit-dysport-volume.toxplan.json", "LIMIT_PER_SITE_VOLUME", "/sites/0/volume_ml",
             0, "1.2 mL exceeds 1 mL volume per site", false},
        Case{"bad-limit-xeomin-session.toxplan.json", "LIMIT_SESSION", "/sites", 0,
             "420 U exceeds 400 U per treatment session (the maximum cumulative dose for any "
             "indication is 400 U in a treatment session; source: XEOMIN label",
             false},
        Case{"bad-limit-myobloc-12000.toxplan.json", "LIMIT_SESSION", "/sites", 0,
             "12000 U exceeds 10000 U per treatment session (10,000 U is the largest session dose "
             "studied in a randomized trial of rimabotulinumtoxinB; no labelled maximum was "
             "found, so this bound is not verified as a label limit",
             false},
        Case{"bad-limit-myobloc-cd.toxplan.json", "LIMIT_SESSION", "/sites", 0,
             "6000 U exceeds 5000 U per treatment session, cervical dystonia (the label's initial "
             "cervical dystonia dose is 2,500 to 5,000 U",
             false},
        Case{"bad-protocol-product.toxplan.json", "PROTOCOL_PRODUCT_MISMATCH", "/product", 0,
             "abobotulinumtoxinA but the plan is made from protocol preempt-155, whose doses are "
             "onabotulinumtoxinA (Botox) units",
             false},
        Case{"bad-misspelled-field.toxplan.json", "FIELD_MISSPELLED", "/prior_unit_last_3_months",
             53, "did you mean \"prior_units_last_3_months\"?", true},
        Case{"bad-indication.toxplan.json", "INDICATION_UNKNOWN", "/indication", 6,
             "unknown indication \"migraine\"; use one of chronic_migraine, cervical_dystonia",
             true}));

// The severity a finding must have: label maxima are errors, risk thresholds warnings.
TEST(Validation, LimitSeverityFollowsTheLabel) {
  const struct {
    const char* file;
    const char* code;
    Severity severity;
  } cases[] = {
      {"bad-limit-migraine-255.toxplan.json", "LIMIT_SESSION", Severity::Error},
      {"bad-limit-migraine-255.toxplan.json", "LIMIT_PER_MUSCLE", Severity::Error},
      {"bad-limit-cd-session.toxplan.json", "LIMIT_SESSION", Severity::Error},
      {"bad-limit-dysport-2400.toxplan.json", "LIMIT_SESSION", Severity::Error},
      {"bad-limit-myobloc-12000.toxplan.json", "LIMIT_SESSION", Severity::Error},
      {"bad-limit-myobloc-cd.toxplan.json", "LIMIT_SESSION", Severity::Warning},
      {"bad-limit-scm.toxplan.json", "LIMIT_PER_MUSCLE", Severity::Warning},
      {"bad-protocol-product.toxplan.json", "PROTOCOL_PRODUCT_MISMATCH", Severity::Error},
  };
  for (const auto& c : cases) {
    const plan::PlanLoadResult r = plan::load_plan_file(fixture(c.file));
    const Finding* f = find_code(r.findings, c.code);
    ASSERT_NE(f, nullptr) << c.file << " gave no " << c.code;
    EXPECT_EQ(f->severity, c.severity) << c.file << ": " << f->message;
  }
}

// A migraine plan is not checked against the cervical dystonia limits (300 U per sitting,
// sternocleidomastoid) that the window used to show it against.
TEST(Validation, MigrainePlanIsNotCheckedAsCervicalDystonia) {
  const plan::PlanLoadResult r =
      plan::load_plan_file(fixture("bad-limit-migraine-255.toxplan.json"));
  ASSERT_TRUE(r.plan.has_value());
  for (const Finding& f : r.findings) {
    EXPECT_EQ(f.message.find("300 U"), std::string::npos) << f.message;
    EXPECT_EQ(f.message.find("sternocleidomastoid"), std::string::npos) << f.message;
  }
}

TEST(Validation, GoodFixtureIsClean) {
  const plan::PlanLoadResult r = plan::load_plan_file(fixture("good.toxplan.json"));
  ASSERT_TRUE(r.plan.has_value());
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().message;
  EXPECT_EQ(r.plan->sites.size(), 2u);
}

TEST(Validation, MissingFileIsUnreadableWithThePath) {
  const plan::PlanLoadResult r = plan::load_plan_file("/nonexistent/dir/p.toxplan.json");
  EXPECT_TRUE(r.unreadable);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "FILE_UNREADABLE");
  EXPECT_NE(r.findings[0].message.find("/nonexistent/dir/p.toxplan.json"), std::string::npos);
}

TEST(Validation, NaNDoseFromCodeIsCaught) {
  plan::Plan plan;
  plan.sites.push_back({"s",
                        "",
                        "procerus",
                        {0, 90, 20},
                        {0, -1, 0},
                        3.0,
                        std::numeric_limits<double>::quiet_NaN(),
                        0.1});
  const Findings f = plan::validate_plan(plan);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].code, "DOSE_NOT_FINITE");
}
