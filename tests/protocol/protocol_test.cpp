#include <gtest/gtest.h>

#include "protocol/protocol.h"

using namespace toxplan;

namespace {

const protocol::Protocol& shipped(const std::string& id) {
  static std::map<std::string, protocol::Protocol> cache;
  auto it = cache.find(id);
  if (it == cache.end()) {
    protocol::ProtocolParseResult r = protocol::find_protocol(id, protocol::protocols_dir());
    EXPECT_TRUE(r.protocol.has_value()) << (r.findings.empty() ? "" : r.findings[0].message);
    it = cache.emplace(id, r.protocol.value_or(protocol::Protocol{})).first;
  }
  return it->second;
}

double units_of(const std::vector<protocol::ExpandedSite>& sites) {
  double u = 0;
  for (const protocol::ExpandedSite& e : sites)
    u += e.site.dose_units;
  return u;
}

int count_group(const std::vector<protocol::ExpandedSite>& sites, const std::string& group,
                const std::string& side) {
  int n = 0;
  for (const protocol::ExpandedSite& e : sites)
    n += e.site.group == group && e.side == side;
  return n;
}

}  // namespace

TEST(Protocols, ShippedProtocolsAreListed) {
  const auto ids = protocol::protocol_ids(protocol::protocols_dir());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "preempt-155"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "preempt-195-ftp"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "cervical-dystonia"), ids.end());
}

TEST(Protocols, Preempt155HasTheLabelSitesAndDoses) {
  const auto sites = protocol::expand_sites(shipped("preempt-155"), false);
  EXPECT_EQ(sites.size(), 31u);
  EXPECT_DOUBLE_EQ(units_of(sites), 155.0);
  // clinical.md §1.1: sites per side.
  EXPECT_EQ(count_group(sites, "corrugator", "L"), 1);
  EXPECT_EQ(count_group(sites, "corrugator", "R"), 1);
  EXPECT_EQ(count_group(sites, "procerus", "midline"), 1);
  EXPECT_EQ(count_group(sites, "frontalis", "L"), 2);
  EXPECT_EQ(count_group(sites, "temporalis", "R"), 4);
  EXPECT_EQ(count_group(sites, "occipitalis", "L"), 3);
  EXPECT_EQ(count_group(sites, "cervical_paraspinal", "R"), 2);
  EXPECT_EQ(count_group(sites, "trapezius", "L"), 3);
  for (const protocol::ExpandedSite& e : sites) {
    EXPECT_DOUBLE_EQ(e.site.dose_units, 5.0) << e.site.id;
    EXPECT_DOUBLE_EQ(e.site.volume_ml, 0.1) << e.site.id;
    EXPECT_EQ(e.site.id.find("{side}"), std::string::npos);
    EXPECT_FALSE(e.site.placement.source.empty()) << e.site.id << " has no source";
  }
}

TEST(Protocols, FollowThePainGivesNinetyFiveAndThirtyNine) {
  const auto sites = protocol::expand_sites(shipped("preempt-195-ftp"), false);
  EXPECT_EQ(sites.size(), 39u);
  EXPECT_DOUBLE_EQ(units_of(sites), 195.0);
  EXPECT_EQ(count_group(sites, "temporalis", "L") + count_group(sites, "temporalis", "R"), 10);
  EXPECT_EQ(count_group(sites, "trapezius", "L") + count_group(sites, "trapezius", "R"), 10);
  EXPECT_EQ(count_group(sites, "cervical_paraspinal", "L") +
                count_group(sites, "cervical_paraspinal", "R"),
            4);  // no follow-the-pain in the neck
}

TEST(Protocols, CervicalDystoniaTemplateIsAllOptionalWithRanges) {
  const protocol::Protocol& cd = shipped("cervical-dystonia");
  EXPECT_TRUE(protocol::expand_sites(cd, false).empty());
  const auto all = protocol::expand_sites(cd, true);
  EXPECT_EQ(all.size(), 12u);
  for (const protocol::ExpandedSite& e : all) {
    ASSERT_TRUE(e.site.dose_range_units.has_value()) << e.site.id;
    EXPECT_LE(e.site.dose_range_units->second, 60.0);
  }
  const auto only = protocol::expand_sites(cd, false, {"sternocleidomastoid_L", "trapezius_R"});
  ASSERT_EQ(only.size(), 2u);
  EXPECT_EQ(only[0].site.targets[0], "sternocleidomastoid_L");
}

TEST(Protocols, BadProtocolNamesTheFieldAndLine) {
  const std::string text = R"({
  "format": "toxplan-protocol", "version": 1, "id": "x", "name": "x",
  "product": "onabotulinumtoxinA", "dilution": {"vial_units": 100, "diluent_ml": 2},
  "limits": {"total_units": {"max": 10, "source": "test"}},
  "sites": [
    {"id": "a", "group": "g", "target": "m_{side}", "sides": "both",
     "dose_units": 5, "volume_ml": 0.1,
     "placement": {"anchor": "nasion", "approach": "sideways", "source": "s"}}
  ]
})";
  const protocol::ProtocolParseResult r = protocol::parse_protocol_text(text, "bad.json");
  EXPECT_FALSE(r.protocol.has_value());
  bool sides = false;
  bool approach = false;
  for (const Finding& f : r.findings) {
    if (f.field == "/sites/0/sides") {
      sides = true;
      EXPECT_EQ(f.line, 6);
    }
    if (f.field == "/sites/0/placement/approach") {
      approach = true;
      EXPECT_NE(f.message.find("sideways"), std::string::npos);
    }
  }
  EXPECT_TRUE(sides);
  EXPECT_TRUE(approach);
}

TEST(Protocols, UnknownProtocolListsTheKnownOnes) {
  const protocol::ProtocolParseResult r =
      protocol::find_protocol("preempt-999", protocol::protocols_dir());
  ASSERT_FALSE(r.protocol.has_value());
  ASSERT_FALSE(r.findings.empty());
  EXPECT_NE(r.findings[0].message.find("preempt-155"), std::string::npos);
}

namespace {
plan::Plan plan_from(const protocol::Protocol& p, bool with_optional) {
  plan::Plan plan;
  plan.product = p.product;
  for (const protocol::ExpandedSite& e : protocol::expand_sites(p, with_optional)) {
    plan::Site s;
    s.id = e.site.id;
    s.target_structure_id = e.site.targets.front();
    s.dose_units = e.site.dose_units;
    s.volume_ml = e.site.volume_ml;
    plan.sites.push_back(s);
  }
  return plan;
}
bool has(const Findings& f, const std::string& code) {
  return std::any_of(f.begin(), f.end(), [&](const Finding& x) { return x.code == code; });
}
}  // namespace

TEST(ProtocolCheck, TheProtocolItselfMatches) {
  const protocol::Protocol& p = shipped("preempt-155");
  EXPECT_TRUE(protocol::check_plan_against_protocol(plan_from(p, false), p, plan::default_group_of)
                  .empty());
}

TEST(ProtocolCheck, MissingExtraDoseAndTotals) {
  const protocol::Protocol& p = shipped("preempt-155");
  plan::Plan plan = plan_from(p, false);
  plan.sites.erase(plan.sites.begin());  // a corrugator site
  plan.sites[3].dose_units = 10.0;
  plan::Site extra = plan.sites.back();
  extra.id = "masseter_extra";
  extra.target_structure_id = "masseter_L";
  plan.sites.push_back(extra);
  const Findings f = protocol::check_plan_against_protocol(plan, p, plan::default_group_of);
  EXPECT_TRUE(has(f, "MISSING_SITES"));
  EXPECT_TRUE(has(f, "DOSE_DIFFERS"));
  EXPECT_TRUE(has(f, "EXTRA_SITE"));
  EXPECT_TRUE(has(f, "ASYMMETRY"));  // corrugator L missing, R present

  plan::Plan over = plan_from(shipped("preempt-195-ftp"), false);
  const Findings g = protocol::check_plan_against_protocol(over, p, plan::default_group_of);
  EXPECT_TRUE(has(g, "TOTAL_OVER_MAXIMUM"));
  EXPECT_TRUE(has(g, "EXTRA_SITES"));
}

// Issue 12 item 7, by target only (no atlas): follow-the-pain sites may all go on one side.
TEST(ProtocolCheck, FollowThePainSitesOnOneSideAreNotMissingFixedSites) {
  const protocol::Protocol& p = shipped("preempt-195-ftp");
  plan::Plan plan = plan_from(p, false);
  ASSERT_EQ(plan.sites.size(), 39u);
  int moved = 0;
  for (plan::Site& s : plan.sites) {
    if (s.id.find("_R_ftp") == std::string::npos) continue;
    s.target_structure_id.replace(s.target_structure_id.size() - 2, 2, "_L");
    s.id = "left_ftp_" + std::to_string(++moved);
  }
  ASSERT_EQ(moved, 4);
  const Findings f = protocol::check_plan_against_protocol(plan, p, plan::default_group_of);
  EXPECT_FALSE(has(f, "MISSING_SITES"));
  EXPECT_FALSE(has(f, "EXTRA_SITES"));
  EXPECT_FALSE(has_errors(f));
  // One fixed site fewer is named, whatever the follow-the-pain sites do.
  std::erase_if(plan.sites, [](const plan::Site& s) { return s.id == "procerus"; });
  const Findings g = protocol::check_plan_against_protocol(plan, p, plan::default_group_of);
  const auto missing =
      std::find_if(g.begin(), g.end(), [](const Finding& x) { return x.code == "MISSING_SITES"; });
  ASSERT_NE(missing, g.end());
  EXPECT_EQ(missing->message, "fixed site procerus (Procerus) is missing: no site on procerus");
}
