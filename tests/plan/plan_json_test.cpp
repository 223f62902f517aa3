#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "plan/plan_json.h"

using namespace toxplan;

namespace {

plan::Plan random_plan(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> coord(-200.0, 200.0);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_real_distribution<double> dose(0.01, 50.0);
  std::uniform_int_distribution<int> count(0, 40);
  std::uniform_int_distribution<int> product(0, 3);
  plan::Plan plan;
  plan.title = "random plan \"quoted\" / ümlaut";
  plan.product = plan::all_products()[static_cast<std::size_t>(product(rng))].product;
  plan.dilution = {dose(rng) * 10.0, dose(rng) / 5.0};
  plan.atlas_id = "default";
  plan.atlas_version = "1.0.0";
  plan.protocol_id = count(rng) % 2 ? "preempt-155" : "";
  plan.indication = plan::all_indications()[static_cast<std::size_t>(count(rng)) % 5];
  const int n = count(rng);
  for (int i = 0; i < n; ++i) {
    plan::Site s;
    s.id = "site_" + std::to_string(i);
    s.label = "Site " + std::to_string(i);
    s.target_structure_id = i % 2 ? "frontalis_L" : "temporalis_R";
    s.entry_point_mm = {coord(rng), coord(rng), coord(rng)};
    s.needle_direction = normalized(Vec3{unit(rng), unit(rng), unit(rng)});
    s.depth_mm = dose(rng) / 3.0;
    s.dose_units = dose(rng);
    s.volume_ml = plan.dilution.volume_ml_for_dose(s.dose_units);
    plan.sites.push_back(s);
  }
  if (n % 3 == 0) plan.model_parameters["lambda_along_mm"] = dose(rng);
  plan.prior_units_last_3_months = n % 2 ? dose(rng) : 0.0;
  plan.patient_checklist[0].answer = (n % 2) == 0;
  plan.patient_checklist[2].answer = false;
  plan.notes = "line one\nline two\t{tab}";
  return plan;
}

}  // namespace

TEST(PlanJson, RandomisedRoundTripsAreExact) {
  std::mt19937_64 rng(20261124);
  for (int i = 0; i < 200; ++i) {
    const plan::Plan plan = random_plan(rng);
    const std::string text = plan::plan_to_text(plan);
    const plan::PlanParseResult parsed = plan::parse_plan_text(text, "memory");
    ASSERT_TRUE(parsed.plan.has_value()) << text;
    EXPECT_TRUE(parsed.findings.empty()) << parsed.findings.front().message;
    EXPECT_EQ(*parsed.plan, plan) << "iteration " << i;
    EXPECT_EQ(plan::plan_to_text(*parsed.plan), text);  // byte-identical second save
  }
}

TEST(PlanJson, WrittenFieldsAreTheDocumentedOnes) {
  plan::Plan plan;
  plan.sites.push_back({"s1", "Label", "procerus", {0, 95, 20}, {0, -1, 0}, 4.0, 5.0, 0.1});
  const nlohmann::json j = plan::plan_to_json(plan);
  EXPECT_EQ(j.at("format"), "toxplan-plan");
  EXPECT_EQ(j.at("version"), 1);
  EXPECT_EQ(j.at("product"), "onabotulinumtoxinA");
  EXPECT_EQ(j.at("dilution").at("vial_units"), 100.0);
  EXPECT_EQ(j.at("sites").at(0).at("entry_mm"), nlohmann::json::array({0.0, 95.0, 20.0}));
  EXPECT_EQ(j.at("sites").at(0).at("target_structure_id"), "procerus");
  EXPECT_EQ(j.at("patient_checklist").size(), plan::default_patient_checklist().size());
}

TEST(PlanJson, NewerVersionIsRefusedNamingTheFieldAndLine) {
  const std::string text = "{\n  \"format\": \"toxplan-plan\",\n  \"version\": 2\n}\n";
  const plan::PlanParseResult r = plan::parse_plan_text(text, "x.toxplan.json");
  EXPECT_FALSE(r.plan.has_value());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "VERSION_NEWER");
  EXPECT_EQ(r.findings[0].field, "/version");
  EXPECT_EQ(r.findings[0].line, 3);
  EXPECT_NE(r.findings[0].message.find("x.toxplan.json"), std::string::npos);
}

TEST(PlanJson, UnknownFieldIsAWarningNotARefusal) {
  plan::Plan plan;
  nlohmann::json j = plan::plan_to_json(plan);
  j["colour_scheme"] = "dark";
  const plan::PlanParseResult r = plan::parse_plan_text(j.dump(2), "x");
  ASSERT_TRUE(r.plan.has_value());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "FIELD_UNKNOWN");
  EXPECT_EQ(r.findings[0].severity, Severity::Warning);
  EXPECT_EQ(r.findings[0].field, "/colour_scheme");
}

// Misspelled fields must not be dropped as unknown: prior_unit_last_3_months ignored made the
// 3-month limit count 0 prior units without a word (issue 12 item 9).
TEST(PlanJson, MisspelledTopLevelFieldIsAnErrorNamingTheIntendedField) {
  plan::Plan plan;
  nlohmann::json j = plan::plan_to_json(plan);
  j.erase("prior_units_last_3_months");
  j["prior_unit_last_3_months"] = 300;
  const plan::PlanParseResult r = plan::parse_plan_text(j.dump(2), "x.toxplan.json");
  EXPECT_FALSE(r.plan.has_value()) << "the plan must not load with 0 prior units";
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "FIELD_MISSPELLED");
  EXPECT_EQ(r.findings[0].severity, Severity::Error);
  EXPECT_EQ(r.findings[0].field, "/prior_unit_last_3_months");
  EXPECT_NE(r.findings[0].message.find("did you mean \"prior_units_last_3_months\"?"),
            std::string::npos)
      << r.findings[0].message;
}

TEST(PlanJson, MisspelledSiteFieldIsAnError) {
  plan::Plan plan;
  plan.sites.push_back({"s1", "Label", "procerus", {0, 95, 20}, {0, -1, 0}, 4.0, 5.0, 0.1});
  nlohmann::json j = plan::plan_to_json(plan);
  j["sites"][0]["needle_lenght_mm"] = 25.4;
  const plan::PlanParseResult r = plan::parse_plan_text(j.dump(2), "x");
  EXPECT_FALSE(r.plan.has_value());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].field, "/sites/0/needle_lenght_mm");
  EXPECT_NE(r.findings[0].message.find("\"needle_length_mm\""), std::string::npos);
}

TEST(PlanJson, IndicationIsWrittenAndInferredForOldFiles) {
  plan::Plan plan;
  plan.indication = plan::Indication::CervicalDystonia;
  EXPECT_EQ(plan::plan_to_json(plan).at("indication"), "cervical_dystonia");
  const struct {
    const char* protocol;
    plan::Indication expected;
  } cases[] = {{"preempt-155", plan::Indication::ChronicMigraine},
               {"preempt-195-ftp", plan::Indication::ChronicMigraine},
               {"cervical-dystonia", plan::Indication::CervicalDystonia},
               {"", plan::Indication::Other},
               {"my-own", plan::Indication::Other}};
  for (const auto& c : cases) {
    plan::Plan old;
    old.protocol_id = c.protocol;
    nlohmann::json j = plan::plan_to_json(old);
    j.erase("indication");
    const plan::PlanParseResult r = plan::parse_plan_text(j.dump(2), "old");
    ASSERT_TRUE(r.plan.has_value()) << c.protocol;
    EXPECT_EQ(r.plan->indication, c.expected) << c.protocol;
  }
}

TEST(PlanJson, GarbageNeverThrows) {
  std::mt19937_64 rng(7);
  const std::string good = plan::plan_to_text(random_plan(rng));
  std::uniform_int_distribution<std::size_t> pos(0, good.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 2000; ++i) {
    std::string t = good;
    for (int k = 0; k < 1 + i % 5; ++k)
      t[pos(rng)] = static_cast<char>(byte(rng));
    if (i % 7 == 0) t.resize(pos(rng));
    EXPECT_NO_THROW({
      const plan::PlanParseResult r = plan::parse_plan_text(t, "fuzz");
      if (!r.plan) {
        EXPECT_FALSE(r.findings.empty());
      }
    });
  }
}

// nlohmann reports a number too large for a double as out_of_range, not parse_error; every file
// reader must turn it into a finding with its line, never let it end the process.
TEST(PlanJson, NumberTooLargeIsAFindingWithItsLine) {
  const std::string text = "{\n  \"format\": \"toxplan-plan\",\n  \"version\": 1e999999\n}\n";
  plan::PlanParseResult r;
  ASSERT_NO_THROW(r = plan::parse_plan_text(text, "big.toxplan.json"));
  EXPECT_FALSE(r.plan.has_value());
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].code, "JSON_MALFORMED");
  EXPECT_EQ(r.findings[0].line, 3);
  EXPECT_NE(r.findings[0].message.find("big.toxplan.json:3"), std::string::npos);
  EXPECT_NE(r.findings[0].message.find("number overflow"), std::string::npos);
}
