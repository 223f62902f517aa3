// Protocol templates (assets/protocols/*.json, docs/protocol-format.md): injection sites defined
// by landmark-relative placement rules and target muscles, not raw coordinates, so one protocol
// applies to any atlas with the landmarks. This file holds the format and the checks of a plan
// against a protocol; placing the sites on an atlas is protocol/protocol_placement.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/finding.h"
#include "base/vec3.h"
#include "plan/plan.h"
#include "plan/totals.h"

namespace toxplan::protocol {

inline constexpr const char* kProtocolFormatName = "toxplan-protocol";
inline constexpr int kProtocolFormatVersion = 1;

// Where a site goes, relative to landmarks, in anatomical directions.
struct PlacementRule {
  std::string anchor;                 // landmark id; may contain "{side}"
  std::string between_a, between_b;   // or: a point on the segment between two landmarks
  double fraction = 0.5;              // 0 = between_a, 1 = between_b
  double superior_mm = 0.0;           // +z
  double lateral_mm = 0.0;            // away from the midline on the site's side
  double anterior_mm = 0.0;           // +y
  std::string approach = "anterior";  // where the needle comes from: anterior, posterior,
                                      // lateral, superior
  // "mid": the tip in the middle of the target muscle; "superficial": just past the muscle's
  // surface (clinical.md §1.2-§1.3: superficial layer of the muscle, superficial neck sites).
  std::string depth = "mid";
  bool approximate = false;  // the offset is not a verified protocol number
  // The needle comes from the approach side but square to the `between` line, so that the skin
  // entry lies at the line's fraction (a motor point measured along a limb).
  bool across_line = false;
  std::string rule;  // the sourced rule it follows, shown to the user
  std::string source;
};

// One site of the protocol, before sides are expanded ("{side}" in id, label, targets and
// landmark ids becomes L or R).
struct ProtocolSite {
  std::string id;
  std::string label;
  std::string group;                 // muscle group for counts and limits ("temporalis")
  std::vector<std::string> targets;  // acceptable target structures, preferred first
  std::string sides = "bilateral";   // bilateral, midline, L or R
  double dose_units = 0.0;
  double volume_ml = 0.0;
  std::optional<std::pair<double, double>> dose_range_units;  // templates the physician narrows
  bool optional = false;  // template sites: not applied unless asked for
  // A follow-the-pain site (PREEMPT 195): applied by default where the template puts it, but the
  // physician may move it to either side within its muscle group's follow-the-pain sites, so
  // `protocol check` counts it per group, not per side or position.
  bool follow_the_pain = false;
  double needle_length_mm = 0.0;  // this site's needle when it differs from the protocol's
  PlacementRule placement;
};

struct GroupLimit {
  double fixed_units = 0.0;  // the protocol's fixed dose for the group (0: none)
  double max_units = 0.0;    // the most the group may receive (0: no group maximum)
  int fixed_sites = 0;
  int max_sites = 0;
  std::string source;
};

struct Protocol {
  std::string id;
  std::string name;
  plan::Indication indication = plan::Indication::Other;
  plan::Product product = plan::Product::OnabotulinumtoxinA;
  plan::Dilution dilution;
  double needle_length_mm = 12.7;
  double fixed_total_units = 0.0;
  double max_total_units = 0.0;
  std::string total_source;
  std::map<std::string, GroupLimit> group_limits;
  std::vector<ProtocolSite> sites;
  std::string notes;
};

// A site with its side resolved.
struct ExpandedSite {
  ProtocolSite site;  // "{side}" replaced
  std::string side;   // "L", "R" or "midline"
};

struct ProtocolParseResult {
  std::optional<Protocol> protocol;
  Findings findings;
};

ProtocolParseResult parse_protocol_text(const std::string& text, const std::string& source_name);
ProtocolParseResult load_protocol_file(const std::string& path);

// Every site with sides expanded; optional sites only if `with_optional`, or those whose
// expanded id is in `only` when it is not empty. A site for the affected side (`"sides":
// "affected"`, the limb spasticity templates) becomes one on `affected_side` ("L" or "R"), or one
// on each side when it is empty (checking a plan, listing).
std::vector<ExpandedSite> expand_sites(const Protocol& protocol, bool with_optional,
                                       const std::vector<std::string>& only = {},
                                       const std::string& affected_side = "");
// True when some site is for the affected side only: placing it needs the side.
bool has_affected_side_sites(const Protocol& protocol);

// Folder of the shipped protocols and their ids ("preempt-155", ...).
std::string protocols_dir();
std::vector<std::string> protocol_ids(const std::string& dir);
// A protocol by id from `dir`, or a path to a protocol file.
ProtocolParseResult find_protocol(const std::string& name_or_path, const std::string& dir);

// A plan site closer than this (entry points) to where the protocol places a fixed site, with an
// acceptable target, is that fixed site: less than half the 2 cm or so between neighbouring
// PREEMPT sites of one muscle, so a follow-the-pain site beside a missing fixed site does not
// stand in for it.
inline constexpr double kFixedSiteToleranceMm = 10.0;

// `toxplan protocol check`: the fixed sites and the optional (follow-the-pain, template) sites
// are checked apart. Every fixed site must be present: a plan site with one of its targets, and,
// when `placed` (the protocol applied on the plan's atlas, optional sites included) is given,
// within kFixedSiteToleranceMm of where it places that site; a missing one is named. The plan's
// other sites are optional sites: follow-the-pain sites count per muscle group on either side
// (up to the protocol's follow-the-pain sites of that group), template sites per group and side.
// Also: dose per site, asymmetry, group and plan totals against the fixed and maximum doses.
Findings check_plan_against_protocol(const plan::Plan& plan, const Protocol& protocol,
                                     const plan::GroupOf& group_of,
                                     const plan::Plan* placed = nullptr);

}  // namespace toxplan::protocol
