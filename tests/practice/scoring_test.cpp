#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "practice/score_feedback.h"
#include "practice/score_json.h"
#include "practice/score_report.h"
#include "practice/scoring.h"

using namespace toxplan;

namespace {

plan::Site make_site(const std::string& id, const std::string& structure, Vec3 entry,
                     double dose = 5.0) {
  plan::Site s;
  s.id = id;
  s.target_structure_id = structure;
  s.entry_point_mm = entry;
  s.needle_direction = {0, -1, 0};
  s.depth_mm = 5.0;
  s.dose_units = dose;
  s.volume_ml = dose / 50.0;
  return s;
}

// 16 reference sites, so one site's share of the score is 100 / 16 = 6.25 points.
plan::Plan reference_plan() {
  plan::Plan p;
  p.title = "reference";
  p.protocol_id = "test-protocol";
  p.sites = {
      make_site("frontalis_L_1", "frontalis_L", {-15, 95, 50}),
      make_site("frontalis_L_2", "frontalis_L", {-35, 90, 55}),
      make_site("frontalis_R_1", "frontalis_R", {15, 95, 50}),
      make_site("frontalis_R_2", "frontalis_R", {35, 90, 55}),
      make_site("temporalis_L_1", "temporalis_L", {-70, 40, 30}),
      make_site("temporalis_L_2", "temporalis_L", {-72, 25, 45}),
      make_site("temporalis_L_3", "temporalis_L", {-70, 5, 33}),
      make_site("temporalis_L_4", "temporalis_L", {-66, 30, 70}),
      make_site("temporalis_R_1", "temporalis_R", {70, 40, 30}),
      make_site("temporalis_R_2", "temporalis_R", {72, 25, 45}),
      make_site("temporalis_R_3", "temporalis_R", {70, 5, 33}),
      make_site("temporalis_R_4", "temporalis_R", {66, 30, 70}),
      make_site("procerus", "procerus", {0, 100, 20}),
      make_site("trapezius_L_1", "trapezius_L", {-60, -40, -80}),
      make_site("trapezius_L_2", "trapezius_L", {-90, -30, -90}),
      make_site("trapezius_L_3", "trapezius_L", {-120, -20, -100}),
  };
  p.sites[0].label = "Frontalis L medial";
  return p;
}
constexpr double kShare = 100.0 / 16.0;

plan::Site* site_named(plan::Plan& plan, const std::string& id) {
  for (plan::Site& s : plan.sites) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const practice::ScoreProblem* problem_of(const practice::AttemptScore& score,
                                         practice::ProblemKind kind) {
  for (const practice::ScoreProblem& p : score.problems) {
    if (p.kind == kind) return &p;
  }
  return nullptr;
}

plan::Plan shifted(plan::Plan plan, Vec3 by_mm) {
  for (plan::Site& s : plan.sites)
    s.entry_point_mm = s.entry_point_mm + by_mm;
  return plan;
}

}  // namespace

TEST(Scoring, ReferenceScoresExactly100WithNoFeedback) {
  const plan::Plan reference = reference_plan();
  const practice::AttemptScore s = practice::score_attempt(reference, reference);
  EXPECT_EQ(s.score, 100.0);
  EXPECT_TRUE(s.problems.empty());
  EXPECT_EQ(s.counts.matched_sites, 16);
  EXPECT_EQ(s.counts.missed_sites + s.counts.extra_sites + s.counts.wrong_side_sites, 0);
  EXPECT_DOUBLE_EQ(s.placed_units, 80.0);
  EXPECT_DOUBLE_EQ(s.reference_units, 80.0);
  for (const practice::MatchedSite& m : s.matches)
    EXPECT_EQ(m.attempt_site_id, m.reference_site_id);
}

TEST(Scoring, ShiftedCopiesLosePointsInProportionToTheShift) {
  const plan::Plan reference = reference_plan();
  // Every site loses (shift - 5 mm) / (30 mm - 5 mm) of its share: 100 * (d - 5) / 25 in all.
  const double s2 = practice::score_attempt(shifted(reference, {0, 0, 2}), reference).score;
  const double s6 = practice::score_attempt(shifted(reference, {0, 0, 6}), reference).score;
  const double s10 = practice::score_attempt(shifted(reference, {0, 0, 10}), reference).score;
  const double s20 = practice::score_attempt(shifted(reference, {0, 0, 20}), reference).score;
  const double s40 = practice::score_attempt(shifted(reference, {0, 0, 40}), reference).score;
  EXPECT_DOUBLE_EQ(s2, 100.0);  // inside the 5 mm tolerance
  EXPECT_NEAR(s6, 96.0, 1e-9);
  EXPECT_NEAR(s10, 80.0, 1e-9);
  EXPECT_NEAR(s20, 40.0, 1e-9);
  EXPECT_EQ(s40, 0.0);  // beyond the cut-off: every site missed and extra
  EXPECT_GT(s6, s10);
  EXPECT_GT(s10, s20);
  EXPECT_GT(s20, s40);

  const practice::AttemptScore ten =
      practice::score_attempt(shifted(reference, {0, 0, 10}), reference);
  EXPECT_EQ(ten.counts.position_errors, 16);
  EXPECT_NEAR(ten.mean_position_error_mm, 10.0, 1e-9);
  const auto it = std::find_if(ten.problems.begin(), ten.problems.end(),
                               [](const auto& p) { return p.site_id == "frontalis_L_2"; });
  ASSERT_NE(it, ten.problems.end());
  EXPECT_EQ(it->message,
            "Frontalis L site 2 is 10 mm from the reference site frontalis_L_2 on the skin: 10 mm "
            "too high; move it down.");
}

TEST(Scoring, FeedbackNamesAnatomicalDirections) {
  const plan::Plan reference = reference_plan();
  plan::Plan attempt = reference;
  // Left side: more negative x is lateral.
  site_named(attempt, "frontalis_L_1")->entry_point_mm = {-27, 95, 42};
  site_named(attempt, "procerus")->entry_point_mm = {8, 100, 20};
  site_named(attempt, "temporalis_R_1")->entry_point_mm = {62, 40, 30};  // 8 mm medial
  site_named(attempt, "trapezius_L_1")->depth_mm = 13.0;                 // 8 mm too deep
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  std::vector<std::string> messages;
  for (const practice::ScoreProblem& p : s.problems)
    messages.push_back(p.message);
  auto has = [&](const std::string& text) {
    return std::find(messages.begin(), messages.end(), text) != messages.end();
  };
  EXPECT_TRUE(
      has("Frontalis L medial is 14.4 mm from the reference site frontalis_L_1 on the skin: "
          "8 mm too low and 12 mm too lateral; move it up and medially."));
  EXPECT_TRUE(
      has("Procerus site 1 is 8 mm from the reference site procerus on the skin: 8 mm to the "
          "patient's right; move it toward the midline."));
  EXPECT_TRUE(
      has("Temporalis R site 1 is 8 mm from the reference site temporalis_R_1 on the skin: 8 mm "
          "too medial; move it laterally."));
  EXPECT_TRUE(
      has("Trapezius L site 1: the needle (depth and angle) puts the tip 8 mm away from the "
          "reference needle's (trapezius_L_1); the needle goes 8 mm too deep: inject 8 mm "
          "shallower."))
      << ::testing::PrintToString(messages);
  // The largest loss comes first.
  EXPECT_EQ(s.problems.front().site_id, "frontalis_L_1");
  EXPECT_NEAR(s.problems.front().points_lost, kShare * (std::sqrt(208.0) - 5.0) / 25.0, 1e-9);
}

TEST(Scoring, OptimalPairingBeatsNearestFirst) {
  plan::Plan reference;
  reference.sites = {make_site("A", "occipitalis_L", {-30, -90, 0}),
                     make_site("B", "occipitalis_L", {-30, -90, 20})};
  plan::Plan attempt;
  // a is nearest to B (9.5 mm), but pairing a-B leaves b 30 mm from A; a-A + b-B is 20.5 mm.
  attempt.sites = {make_site("a", "occipitalis_L", {-30, -90, 10.5}),
                   make_site("b", "occipitalis_L", {-30, -90, 30})};
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  ASSERT_EQ(s.matches.size(), 2u);
  EXPECT_EQ(s.matches[0].reference_site_id, "A");
  EXPECT_EQ(s.matches[0].attempt_site_id, "a");
  EXPECT_EQ(s.matches[1].attempt_site_id, "b");
  EXPECT_NEAR(s.score, 100.0 - 50.0 * (5.5 + 5.0) / 25.0, 1e-9);
}

TEST(Scoring, SiteOnTheOtherSideIsReportedAsWrongSide) {
  // Cervical dystonia style: one side only, so the mirror image is not another reference site.
  plan::Plan reference;
  reference.sites = {make_site("splenius_L_1", "splenius_capitis_L", {-30, -60, -40}, 25.0),
                     make_site("scm_R_1", "sternocleidomastoid_R", {45, 10, -60}, 20.0)};
  plan::Plan attempt;
  attempt.sites = {make_site("s1", "splenius_capitis_R", {30, -60, -40}, 25.0),
                   make_site("s2", "sternocleidomastoid_R", {45, 10, -60}, 20.0)};
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  EXPECT_EQ(s.counts.wrong_side_sites, 1);
  EXPECT_EQ(s.counts.missed_sites, 0);
  EXPECT_EQ(s.counts.extra_sites, 0);
  ASSERT_EQ(s.matches.size(), 2u);
  EXPECT_TRUE(s.matches[0].wrong_side);
  EXPECT_FALSE(s.matches[1].wrong_side);
  EXPECT_NEAR(s.matches[0].tip_error_mm, 60.0, 1e-9);      // direct distance large
  EXPECT_NEAR(s.matches[0].position_error_mm, 0.0, 1e-9);  // mirror distance small
  EXPECT_NEAR(s.score, 100.0 - 50.0 * practice::kWrongSideWeight, 1e-9);
  ASSERT_NE(problem_of(s, practice::ProblemKind::WrongSide), nullptr);
  EXPECT_EQ(problem_of(s, practice::ProblemKind::WrongSide)->message,
            "Splenius capitis R site 1 is on the patient's right but the reference site "
            "splenius_L_1 is on the left (the mirror image is 0 mm from it); place it on the "
            "patient's left.");
}

TEST(Scoring, OneOfTwoSitesMirroredIsTheOnlyWrongSide) {
  const plan::Plan reference = reference_plan();
  plan::Plan attempt = reference;
  // Put trapezius_L_3 at its mirror image on the right trapezius (the reference has none there).
  plan::Site* t = site_named(attempt, "trapezius_L_3");
  t->target_structure_id = "trapezius_R";
  t->entry_point_mm = practice::mirrored_mm(t->entry_point_mm);
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  EXPECT_EQ(s.counts.wrong_side_sites, 1);
  EXPECT_EQ(s.counts.matched_sites, 16);
  EXPECT_EQ(s.problems.size(), 1u);
  EXPECT_EQ(s.problems[0].site_id, "trapezius_L_3");
  EXPECT_NEAR(s.score, 100.0 - practice::kWrongSideWeight * kShare, 1e-9);
}

TEST(Scoring, MissedAndExtraSitesAreCountedPerMuscle) {
  const plan::Plan reference = reference_plan();
  plan::Plan attempt = reference;
  attempt.sites.erase(attempt.sites.begin() + 10);  // temporalis_R_3
  attempt.sites.push_back(make_site("extra_1", "trapezius_L", {-150, -10, -110}));
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  EXPECT_EQ(s.counts.missed_sites, 1);
  EXPECT_EQ(s.counts.extra_sites, 1);
  EXPECT_EQ(s.missed_reference_site_ids, (std::vector<std::string>{"temporalis_R_3"}));
  EXPECT_EQ(s.extra_site_ids, (std::vector<std::string>{"extra_1"}));
  EXPECT_NEAR(s.score, 100.0 - kShare * (practice::kMissedSiteWeight + practice::kExtraSiteWeight),
              1e-9);
  EXPECT_EQ(problem_of(s, practice::ProblemKind::Missed)->message,
            "Missed: 1 of 4 temporalis R sites (temporalis_R_3).");
  EXPECT_EQ(problem_of(s, practice::ProblemKind::Extra)->message,
            "Extra site on the trapezius L (Trapezius L site 4): 4 placed, the reference has 3.");
  const auto muscle = std::find_if(s.muscles.begin(), s.muscles.end(),
                                   [](const auto& m) { return m.structure_id == "temporalis_R"; });
  ASSERT_NE(muscle, s.muscles.end());
  EXPECT_EQ(muscle->placed_sites, 3);
  EXPECT_EQ(muscle->reference_sites, 4);
  EXPECT_DOUBLE_EQ(muscle->placed_units, 15.0);
  EXPECT_DOUBLE_EQ(muscle->reference_units, 20.0);
}

TEST(Scoring, SiteBeyondTheCutOffIsMissedPlusExtra) {
  const plan::Plan reference = reference_plan();
  plan::Plan attempt = reference;
  site_named(attempt, "procerus")->entry_point_mm = {0, 100, 55};  // 35 mm too high
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  EXPECT_EQ(s.counts.missed_sites, 1);
  EXPECT_EQ(s.counts.extra_sites, 1);
  EXPECT_EQ(problem_of(s, practice::ProblemKind::Missed)->message,
            "Missed: 1 of 1 procerus site (procerus); the unpaired procerus site is more than "
            "30 mm away.");
  // A larger cut-off makes it a (badly placed) match again.
  practice::ScoringOptions wide;
  wide.matching.cutoff_mm = 40.0;
  const practice::AttemptScore w = practice::score_attempt(attempt, reference, wide);
  EXPECT_EQ(w.counts.missed_sites, 0);
  EXPECT_NEAR(w.score, 100.0 - kShare * 30.0 / 35.0, 1e-9);
}

TEST(Scoring, DoseErrorsAreRelativeToTheReferenceDose) {
  const plan::Plan reference = reference_plan();
  plan::Plan attempt = reference;
  site_named(attempt, "temporalis_L_2")->dose_units = 10.0;  // +100%: half a share
  site_named(attempt, "frontalis_R_1")->dose_units = 4.0;    // -20%: a tenth of a share
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  EXPECT_EQ(s.counts.dose_errors, 2);
  EXPECT_NEAR(s.score, 100.0 - kShare * practice::kDoseWeight * (1.0 + 0.2), 1e-9);
  EXPECT_EQ(s.problems[0].message,
            "Temporalis L site 2 has 10 U; the reference site temporalis_L_2 has 5 U (5 U too "
            "much).");
  EXPECT_EQ(s.problems[1].message,
            "Frontalis R site 1 has 4 U; the reference site frontalis_R_1 has 5 U (1 U too "
            "little).");
  EXPECT_DOUBLE_EQ(s.placed_units, 84.0);
}

TEST(Scoring, DangerAndSpreadFlagsSubtractPointsUnlessTheReferenceHasThemToo) {
  const plan::Plan reference = reference_plan();
  practice::ScoringFlags flags;
  flags.attempt = {
      {"DANGER_STRUCTURE_REACHED", Severity::Error, "frontalis_L_1", "", 0,
       "Site frontalis_L_1: the predicted effect region reaches the levator palpebrae superioris "
       "L: risk of eyelid ptosis."},
      {"SPREAD_BEYOND_TARGET", Severity::Warning, "temporalis_L_1", "", 0,
       "Site temporalis_L_1: "
       "spread."},
      {"FASCIA_CROSSING", Severity::Info, "temporalis_L_1", "", 0, "information only"}};
  const practice::AttemptScore s = practice::score_attempt(reference, reference, {}, flags);
  EXPECT_EQ(s.counts.danger_hits, 1);
  EXPECT_EQ(s.counts.spread_flags, 1);
  EXPECT_NEAR(s.score, 100.0 - practice::kDangerHitPoints - practice::kSpreadFlagPoints, 1e-9);
  EXPECT_EQ(s.problems[0].message,
            "Danger structure reached: Site frontalis_L_1: the predicted effect region reaches "
            "the levator palpebrae superioris L: risk of eyelid ptosis.");

  // The reference raises the same danger flag at the paired site: it comes with the protocol.
  flags.reference = {{"DANGER_STRUCTURE_REACHED", Severity::Error, "frontalis_L_1", "", 0, "x"}};
  const practice::AttemptScore inherited = practice::score_attempt(reference, reference, {}, flags);
  EXPECT_EQ(inherited.counts.danger_hits, 0);
  EXPECT_NEAR(inherited.score, 100.0 - practice::kSpreadFlagPoints, 1e-9);
}

TEST(Scoring, ADifferentProductIsPenalisedAndDosesAreNotCompared) {
  const plan::Plan reference = reference_plan();
  plan::Plan attempt = reference;
  attempt.product = plan::Product::AbobotulinumtoxinA;
  site_named(attempt, "procerus")->dose_units = 15.0;
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  EXPECT_FALSE(s.same_product);
  EXPECT_EQ(s.counts.dose_errors, 0);
  EXPECT_NEAR(s.score, 100.0 - practice::kProductMismatchPoints, 1e-9);
  ASSERT_NE(problem_of(s, practice::ProblemKind::Product), nullptr);
}

TEST(Scoring, MatchPointTipSeesDepthErrorsEntryDoesNot) {
  const plan::Plan reference = reference_plan();
  plan::Plan attempt = reference;
  site_named(attempt, "temporalis_L_4")->depth_mm = 15.0;  // tip 10 mm deeper, same entry
  const practice::AttemptScore tip = practice::score_attempt(attempt, reference);
  EXPECT_NEAR(tip.score, 100.0 - kShare * 5.0 / 25.0, 1e-9);
  practice::ScoringOptions entry;
  entry.matching.match_point = practice::MatchPoint::Entry;
  const practice::AttemptScore e = practice::score_attempt(attempt, reference, entry);
  EXPECT_EQ(e.score, 100.0);
  const auto m = std::find_if(
      e.matches.begin(), e.matches.end(),
      [](const practice::MatchedSite& x) { return x.attempt_site_id == "temporalis_L_4"; });
  ASSERT_NE(m, e.matches.end());
  EXPECT_NEAR(m->tip_error_mm, 10.0, 1e-9);  // still reported
  EXPECT_NEAR(m->entry_error_mm, 0.0, 1e-9);
}

// Sites pair by position whatever muscle they name; the muscle group decides whether the named
// target is the reference's (docs/scoring.md).
TEST(Scoring, GroupOfDecidesWhetherTheTargetIsRight) {
  plan::Plan reference;
  reference.sites = {make_site("r1", "splenius_capitis_L", {-25, -70, -30})};
  plan::Plan attempt;
  attempt.sites = {make_site("a1", "semispinalis_capitis_L", {-25, -70, -30})};
  const practice::AttemptScore by_default = practice::score_attempt(attempt, reference);
  EXPECT_EQ(by_default.counts.matched_sites, 1);
  EXPECT_EQ(by_default.counts.missed_sites, 0);
  EXPECT_EQ(by_default.counts.extra_sites, 0);
  EXPECT_EQ(by_default.counts.wrong_target_sites, 1);
  EXPECT_NEAR(by_default.score, 100.0 - 100.0 * practice::kWrongTargetWeight, 1e-9);
  practice::ScoringOptions neck;
  neck.matching.group_of = [](const std::string&) { return std::string("neck_extensors"); };
  const practice::AttemptScore grouped = practice::score_attempt(attempt, reference, neck);
  EXPECT_EQ(grouped.counts.matched_sites, 1);
  EXPECT_EQ(grouped.counts.wrong_target_sites, 0);
  EXPECT_EQ(grouped.score, 100.0);
}

TEST(Scoring, EmptyAttemptMissesEverything) {
  const plan::Plan reference = reference_plan();
  const practice::AttemptScore s = practice::score_attempt(plan::Plan{}, reference);
  EXPECT_EQ(s.counts.missed_sites, 16);
  EXPECT_EQ(s.score, 0.0);
  EXPECT_EQ(s.problems.size(), 6u);  // one sentence per muscle
}

TEST(ScoreReport, CsvAndJsonForTwoAttempts) {
  const plan::Plan reference = reference_plan();
  plan::Plan second = reference;
  second.sites.erase(second.sites.begin() + 12);  // procerus
  std::vector<practice::GradedAttempt> graded = {
      {"alice.toxplan.json", practice::score_attempt(reference, reference), ""},
      {"bob, jr.toxplan.json", practice::score_attempt(second, reference), ""},
      {"carol.toxplan.json", std::nullopt, "carol.toxplan.json: cannot open"}};
  const std::string csv = practice::score_csv_text(graded);
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl = csv.find('\n'); nl != std::string::npos; nl = csv.find('\n', start)) {
    lines.push_back(csv.substr(start, nl - start));
    start = nl + 1;
  }
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1], "alice.toxplan.json,ok,100,16,16,16,0,0,0,0,0,0,0,0,0,80,80,");
  EXPECT_EQ(lines[2], "\"bob, jr.toxplan.json\",ok,93.75,16,15,15,1,0,0,0,0,0,0,0,0,75,80,");
  EXPECT_EQ(lines[3],
            "carol.toxplan.json,unreadable,,,,,,,,,,,,,,,,carol.toxplan.json: cannot open");
  EXPECT_EQ(std::count(lines[0].begin(), lines[0].end(), ','), 17);

  const nlohmann::json j = practice::score_report_json(graded, "ref.toxplan.json");
  EXPECT_EQ(j["reference"], "ref.toxplan.json");
  ASSERT_EQ(j["attempts"].size(), 3u);
  EXPECT_EQ(j["attempts"][0]["score"], 100.0);
  EXPECT_EQ(j["attempts"][1]["status"], "ok");
  EXPECT_EQ(j["attempts"][1]["score"], 93.75);
  EXPECT_EQ(j["attempts"][1]["counts"]["missed_sites"], 1);
  EXPECT_EQ(j["attempts"][1]["problems"][0]["kind"], "missed");
  EXPECT_EQ(j["attempts"][1]["problems"][0]["message"], "Missed: 1 of 1 procerus site (procerus).");
  EXPECT_EQ(j["attempts"][2]["status"], "unreadable");

  const std::string table = practice::score_table_text(graded);
  EXPECT_NE(table.find("\ncarol.toxplan.json   UNREADABLE\n"), std::string::npos) << table;
  EXPECT_NE(table.find("\nnot scored: carol.toxplan.json: cannot open\n"), std::string::npos);
  EXPECT_NE(table.find("bob, jr.toxplan.json (93.8/100):\n  -6.2  Missed: 1 of 1 procerus site "
                       "(procerus).\n"),
            std::string::npos)
      << table;
}

// Issue 12 item 8: a second left frontalis site 10 mm above a correct one, with the right side
// not placed, was paired with the mirrored right site and called "wrong side".
TEST(Scoring, ASecondSiteOnTheCorrectSideIsNeverWrongSide) {
  const plan::Plan reference = reference_plan();
  plan::Plan attempt;
  attempt.sites = {*site_named(const_cast<plan::Plan&>(reference), "frontalis_L_1")};
  plan::Site higher = attempt.sites[0];
  higher.id = "frontalis_L_higher";
  higher.label = "";
  higher.entry_point_mm = higher.entry_point_mm + Vec3{0, 0, 10};
  higher.dose_units = 10.0;
  attempt.sites.push_back(higher);
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  EXPECT_EQ(s.counts.wrong_side_sites, 0);
  EXPECT_EQ(problem_of(s, practice::ProblemKind::WrongSide), nullptr)
      << problem_of(s, practice::ProblemKind::WrongSide)->message;
  for (const practice::MatchedSite& m : s.matches) {
    EXPECT_FALSE(m.wrong_side) << m.attempt_site_id;
    EXPECT_EQ(m.reference_site_id.rfind("frontalis_L", 0), 0u) << m.reference_site_id;
  }
  // A real mirror image is still called wrong side.
  plan::Plan mirrored;
  mirrored.sites = {*site_named(const_cast<plan::Plan&>(reference), "frontalis_R_1")};
  mirrored.sites[0].entry_point_mm = practice::mirrored_mm(mirrored.sites[0].entry_point_mm);
  mirrored.sites[0].target_structure_id = "frontalis_L";
  mirrored.sites[0].needle_direction = {0, -1, 0};
  plan::Plan right_only;
  right_only.sites = {*site_named(const_cast<plan::Plan&>(reference), "frontalis_R_1")};
  const practice::AttemptScore w = practice::score_attempt(mirrored, right_only);
  EXPECT_EQ(w.counts.wrong_side_sites, 1);
  ASSERT_NE(problem_of(w, practice::ProblemKind::WrongSide), nullptr);
  EXPECT_NE(
      problem_of(w, practice::ProblemKind::WrongSide)->message.find("is on the patient's left"),
      std::string::npos)
      << problem_of(w, practice::ProblemKind::WrongSide)->message;
}

// Issue 12 item 8: clicking names the uppermost muscle (frontalis over the corrugator); a site on
// the reference's spot is matched, and the feedback says to change the target and depth.
TEST(Scoring, RightSpotWithAnotherTargetIsMatchedAndExplained) {
  plan::Plan reference;
  reference.sites = {make_site("corrugator_L", "corrugator_supercilii_L", {-20, 95, 40})};
  reference.sites[0].depth_mm = 5.4;
  plan::Plan attempt;
  attempt.sites = {make_site("a1", "frontalis_L", {-20, 95, 40})};
  attempt.sites[0].depth_mm = 2.0;
  const practice::AttemptScore s = practice::score_attempt(attempt, reference);
  EXPECT_EQ(s.counts.matched_sites, 1);
  EXPECT_EQ(s.counts.missed_sites, 0);
  EXPECT_EQ(s.counts.extra_sites, 0);
  EXPECT_EQ(s.counts.wrong_target_sites, 1);
  EXPECT_EQ(s.counts.position_errors, 0);  // the skin spot is right
  const practice::ScoreProblem* p = problem_of(s, practice::ProblemKind::WrongTarget);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->message,
            "Frontalis L site 1 is on the spot of the reference site corrugator_L but targets the "
            "frontalis L; the reference targets the corrugator supercilii L at 5.4 mm depth: in "
            "the site editor set the target to Corrugator supercilii L and the depth to 5.4 mm.");
  EXPECT_EQ(problem_of(s, practice::ProblemKind::Missed), nullptr);
  EXPECT_EQ(problem_of(s, practice::ProblemKind::Extra), nullptr);
  EXPECT_NEAR(s.score, 100.0 - 100.0 * practice::kWrongTargetWeight,
              1e-9);  // 3.4 mm tip: within 5 mm
}

TEST(Scoring, AReferenceWithoutSitesIsRefused) {
  EXPECT_EQ(practice::unscorable_reference_reason(reference_plan(), "ref"), "");
  EXPECT_NE(practice::unscorable_reference_reason(plan::Plan{}, "template x")
                .find("template x has no sites"),
            std::string::npos);
}
