#include "protocol/protocol.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "base/assignment.h"
#include "base/format.h"
#include "base/json_locator.h"
#include "base/json_reader.h"
#include "base/json_text.h"
#include "base/resources.h"
#include "plan/plan_io.h"

namespace toxplan::protocol {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string replace_side(std::string text, const std::string& side) {
  const std::string token = "{side}";
  for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos)) {
    text.replace(pos, token.size(), side);
    pos += side.size();
  }
  return text;
}

PlacementRule read_placement(JsonReader& r, const json& s, const std::string& p) {
  PlacementRule rule;
  const json* pl = r.object(s, p, "placement", true);
  if (!pl) return rule;
  const std::string pp = p + "/placement";
  rule.anchor = r.string(*pl, pp, "anchor", false).value_or("");
  const std::vector<std::string> between = r.strings(*pl, pp, "between", false);
  if (between.size() == 2) {
    rule.between_a = between[0];
    rule.between_b = between[1];
  } else if (!between.empty()) {
    r.error("FIELD_WRONG_TYPE", pp + "/between", "must name exactly two landmarks");
  }
  if (rule.anchor.empty() == between.empty()) {
    r.error("PLACEMENT_INVALID", pp, "give either \"anchor\" or \"between\" (two landmarks)");
  }
  rule.fraction = r.number(*pl, pp, "fraction", false).value_or(0.5);
  if (const json* o = r.object(*pl, pp, "offset_mm", false)) {
    rule.superior_mm = r.number(*o, pp + "/offset_mm", "superior", false).value_or(0.0);
    rule.lateral_mm = r.number(*o, pp + "/offset_mm", "lateral", false).value_or(0.0);
    rule.anterior_mm = r.number(*o, pp + "/offset_mm", "anterior", false).value_or(0.0);
    r.unknown_fields(*o, pp + "/offset_mm", {"superior", "lateral", "anterior"});
  }
  rule.approach = r.string(*pl, pp, "approach", true).value_or("anterior");
  static const std::set<std::string> approaches = {"anterior", "posterior", "lateral", "superior"};
  if (!approaches.count(rule.approach)) {
    r.error("PLACEMENT_INVALID", pp + "/approach",
            "is \"" + rule.approach + "\"; use anterior, posterior, lateral or superior");
  }
  rule.depth = r.string(*pl, pp, "depth", false).value_or("mid");
  if (rule.depth != "mid" && rule.depth != "superficial") {
    r.error("PLACEMENT_INVALID", pp + "/depth", "use \"mid\" or \"superficial\"");
  }
  rule.approximate = r.boolean(*pl, pp, "approximate", false).value_or(false);
  rule.across_line = r.boolean(*pl, pp, "across_line", false).value_or(false);
  rule.rule = r.string(*pl, pp, "rule", false).value_or("");
  rule.source = r.string(*pl, pp, "source", true).value_or("");
  r.unknown_fields(*pl, pp,
                   {"anchor", "between", "fraction", "offset_mm", "approach", "approximate",
                    "across_line", "rule", "source"});
  return rule;
}

void read_sites(JsonReader& r, const json& doc, Protocol* protocol) {
  r.objects(doc, "", "sites", true, "sites", [&](const json& s, const std::string& p) {
    ProtocolSite site;
    site.id = r.string(s, p, "id", true).value_or("");
    site.label = r.string(s, p, "label", false).value_or(site.id);
    site.group = r.string(s, p, "group", true).value_or("");
    site.targets = r.strings(s, p, "target", true);
    site.sides = r.string(s, p, "sides", true).value_or("bilateral");
    if (site.sides != "bilateral" && site.sides != "midline" && site.sides != "L" &&
        site.sides != "R" && site.sides != "affected") {
      r.error("FIELD_WRONG_TYPE", p + "/sides", "use bilateral, midline, L, R or affected");
    }
    site.dose_units = r.number(s, p, "dose_units", true).value_or(0.0);
    site.volume_ml = r.number(s, p, "volume_ml", true).value_or(0.0);
    if (!(site.dose_units > 0.0) || !(site.volume_ml > 0.0)) {
      r.error("DOSE_NOT_POSITIVE", p + "/dose_units", "dose and volume must be more than 0");
    }
    if (const json* range = r.member(s, p, "dose_range_units", false)) {
      if (range->is_array() && range->size() == 2 && (*range)[0].is_number() &&
          (*range)[1].is_number()) {
        site.dose_range_units = {(*range)[0].get<double>(), (*range)[1].get<double>()};
      } else {
        r.error("FIELD_WRONG_TYPE", p + "/dose_range_units", "must be [low, high] in units");
      }
    }
    site.optional = r.boolean(s, p, "optional", false).value_or(false);
    site.follow_the_pain = r.boolean(s, p, "follow_the_pain", false).value_or(false);
    site.needle_length_mm = r.number(s, p, "needle_length_mm", false).value_or(0.0);
    site.placement = read_placement(r, s, p);
    r.unknown_fields(
        s, p,
        {"id", "label", "group", "target", "sides", "dose_units", "volume_ml", "dose_range_units",
         "optional", "follow_the_pain", "needle_length_mm", "placement", "source"});
    protocol->sites.push_back(std::move(site));
  });
}

void read_limits(JsonReader& r, const json& doc, Protocol* protocol) {
  const json* limits = r.object(doc, "", "limits", true);
  if (!limits) return;
  if (const json* total = r.object(*limits, "/limits", "total_units", true)) {
    protocol->fixed_total_units =
        r.number(*total, "/limits/total_units", "fixed", false).value_or(0.0);
    protocol->max_total_units = r.number(*total, "/limits/total_units", "max", true).value_or(0.0);
    protocol->total_source = r.string(*total, "/limits/total_units", "source", true).value_or("");
  }
  if (const json* groups = r.object(*limits, "/limits", "groups", false)) {
    for (auto it = groups->begin(); it != groups->end(); ++it) {
      const std::string p = "/limits/groups/" + json_pointer_escape(it.key());
      if (!it->is_object()) {
        r.error("FIELD_WRONG_TYPE", p, "must be an object");
        continue;
      }
      GroupLimit g;
      g.fixed_units = r.number(*it, p, "fixed_units", false).value_or(0.0);
      g.max_units = r.number(*it, p, "max_units", false).value_or(0.0);
      g.fixed_sites = static_cast<int>(r.number(*it, p, "fixed_sites", false).value_or(0.0));
      g.max_sites = static_cast<int>(r.number(*it, p, "max_sites", false).value_or(0.0));
      g.source = r.string(*it, p, "source", true).value_or("");
      protocol->group_limits[it.key()] = g;
    }
  }
}

}  // namespace

ProtocolParseResult parse_protocol_text(const std::string& text, const std::string& source_name) {
  ProtocolParseResult result;
  JsonTextError error;
  const std::optional<json> parsed = parse_json_text(text, &error);
  if (!parsed) {
    result.findings.push_back(
        json_syntax_finding("JSON_MALFORMED", source_name, error, "fix the syntax there"));
    return result;
  }
  const json& doc = *parsed;
  JsonReader r(source_name, &result.findings);
  if (!doc.is_object()) {
    r.error("FIELD_WRONG_TYPE", "", "a protocol file must hold a JSON object");
    return result;
  }
  const auto format = r.string(doc, "", "format", true);
  if (format && *format != kProtocolFormatName) {
    r.error("FORMAT_UNKNOWN", "/format", "expected \"" + std::string(kProtocolFormatName) + "\"");
  }
  if (r.number(doc, "", "version", true).value_or(0) > kProtocolFormatVersion) {
    r.error("VERSION_NEWER", "/version", "is newer than this build reads; update Toxplan");
  }
  Protocol protocol;
  protocol.id = r.string(doc, "", "id", true).value_or("");
  protocol.name = r.string(doc, "", "name", true).value_or("");
  // Plans made from the protocol carry this indication, which selects their limits.
  protocol.indication =
      plan::read_indication_field(r, doc, plan::indication_for_protocol(protocol.id));
  if (const auto product = r.string(doc, "", "product", true)) {
    if (auto p = plan::product_from_id(*product)) {
      protocol.product = *p;
    } else {
      r.error("PRODUCT_UNKNOWN", "/product", "unknown product \"" + *product + "\"");
    }
  }
  if (const json* d = r.object(doc, "", "dilution", true)) {
    protocol.dilution.vial_units = r.number(*d, "/dilution", "vial_units", true).value_or(100);
    protocol.dilution.diluent_ml = r.number(*d, "/dilution", "diluent_ml", true).value_or(2);
  }
  protocol.needle_length_mm = r.number(doc, "", "needle_length_mm", false).value_or(12.7);
  protocol.notes = r.string(doc, "", "notes", false).value_or("");
  read_limits(r, doc, &protocol);
  read_sites(r, doc, &protocol);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < protocol.sites.size(); ++i) {
    if (!ids.insert(protocol.sites[i].id).second) {
      r.error("SITE_ID_DUPLICATE", "/sites/" + std::to_string(i) + "/id",
              "site id \"" + protocol.sites[i].id + "\" is used twice");
    }
  }
  attach_lines(&result.findings, text);
  if (r.ok()) result.protocol = std::move(protocol);
  return result;
}

ProtocolParseResult load_protocol_file(const std::string& path) {
  std::string error;
  const auto text = plan::read_text_file(path, &error);
  if (!text) {
    ProtocolParseResult result;
    result.findings.push_back({"FILE_UNREADABLE", Severity::Error, "", "", 0, error});
    return result;
  }
  return parse_protocol_text(*text, path);
}

bool has_affected_side_sites(const Protocol& protocol) {
  return std::any_of(protocol.sites.begin(), protocol.sites.end(),
                     [](const ProtocolSite& s) { return s.sides == "affected"; });
}

std::vector<ExpandedSite> expand_sites(const Protocol& protocol, bool with_optional,
                                       const std::vector<std::string>& only,
                                       const std::string& affected_side) {
  std::vector<ExpandedSite> out;
  auto expand_one = [&](const ProtocolSite& s, const std::string& side) {
    ExpandedSite e;
    e.site = s;
    e.side = side;
    const std::string token = side == "midline" ? "" : side;
    e.site.id = replace_side(s.id, token);
    e.site.label = replace_side(s.label, token);
    for (std::string& t : e.site.targets)
      t = replace_side(t, token);
    e.site.placement.anchor = replace_side(s.placement.anchor, token);
    e.site.placement.between_a = replace_side(s.placement.between_a, token);
    e.site.placement.between_b = replace_side(s.placement.between_b, token);
    const bool chosen = only.empty() ? (!s.optional || with_optional)
                                     : std::find(only.begin(), only.end(), e.site.id) != only.end();
    if (chosen) out.push_back(std::move(e));
  };
  for (const ProtocolSite& s : protocol.sites) {
    if (s.sides == "bilateral" || (s.sides == "affected" && affected_side.empty())) {
      expand_one(s, "L");
      expand_one(s, "R");
    } else if (s.sides == "affected") {
      expand_one(s, affected_side);
    } else {
      expand_one(s, s.sides);
    }
  }
  return out;
}

std::string protocols_dir() {
  if (const char* env = std::getenv("TOXPLAN_PROTOCOL_DIR"); env && *env) return env;
  return resource_path("assets/protocols");
}

std::vector<std::string> protocol_ids(const std::string& dir) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") ids.push_back(e.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

ProtocolParseResult find_protocol(const std::string& name_or_path, const std::string& dir) {
  std::error_code ec;
  if (fs::is_regular_file(name_or_path, ec)) return load_protocol_file(name_or_path);
  const fs::path candidate = fs::path(dir) / (name_or_path + ".json");
  if (fs::is_regular_file(candidate, ec)) return load_protocol_file(candidate.string());
  ProtocolParseResult result;
  if (dir.empty()) {  // protocols_dir() when the program's data folder was not found
    result.findings.push_back(
        {"PROTOCOL_UNKNOWN", Severity::Error, "", "", 0,
         "no protocol \"" + name_or_path + "\" (not a file either): " + resource_lookup().problem});
    return result;
  }
  std::string known;
  for (const std::string& id : protocol_ids(dir))
    known += (known.empty() ? "" : ", ") + id;
  result.findings.push_back(
      {"PROTOCOL_UNKNOWN", Severity::Error, "", "", 0,
       "no protocol \"" + name_or_path + "\" in " + dir + "; known protocols: " + known});
  return result;
}

Findings check_plan_against_protocol(const plan::Plan& plan, const Protocol& protocol,
                                     const plan::GroupOf& group_of, const plan::Plan* placed) {
  Findings out;
  auto add = [&](const char* code, Severity severity, const std::string& site_id,
                 const std::string& message) {
    out.push_back({code, severity, site_id, "", 0, message});
  };
  // Which protocol group each acceptable target belongs to, and its dose rule.
  std::map<std::string, std::string> group_of_target;
  const std::vector<ExpandedSite> expanded = expand_sites(protocol, true);
  std::map<std::string, const ProtocolSite*> dose_rule_of_target;
  std::vector<const ExpandedSite*> fixed;
  std::map<std::string, int> ftp_allowed;                               // group
  std::map<std::pair<std::string, std::string>, int> optional_allowed;  // (group, side)
  for (const ExpandedSite& e : expanded) {
    for (const std::string& t : e.site.targets) {
      group_of_target[t] = e.site.group;
      dose_rule_of_target.emplace(t, &e.site);
    }
    if (e.site.follow_the_pain)
      ++ftp_allowed[e.site.group];
    else if (e.site.optional)
      ++optional_allowed[{e.site.group, e.side}];
    else
      fixed.push_back(&e);
  }

  std::map<std::pair<std::string, std::string>, double> placed_units;
  std::map<std::string, double> group_units;
  std::vector<std::size_t> in_protocol;  // plan sites whose target the protocol knows
  for (std::size_t i = 0; i < plan.sites.size(); ++i) {
    const plan::Site& s = plan.sites[i];
    auto g = group_of_target.find(s.target_structure_id);
    if (g == group_of_target.end()) {
      add("EXTRA_SITE", Severity::Warning, s.id,
          "site " + s.id + " targets " + s.target_structure_id + " (group " +
              (group_of ? group_of(s.target_structure_id) : s.target_structure_id) +
              "), which is not part of " + protocol.id);
      continue;
    }
    in_protocol.push_back(i);
    const std::string side = plan::side_of_structure(s.target_structure_id);
    placed_units[{g->second, side}] += s.dose_units;
    group_units[g->second] += s.dose_units;
    const ProtocolSite* rule = dose_rule_of_target.at(s.target_structure_id);
    if (rule->dose_range_units) {
      const auto [low, high] = *rule->dose_range_units;
      if (s.dose_units < low - 1e-9 || s.dose_units > high + 1e-9) {
        add("DOSE_OUTSIDE_RANGE", Severity::Warning, s.id,
            "site " + s.id + ": " + format_units(s.dose_units) + " is outside the template's " +
                format_number(low) + "-" + format_number(high) + " U for " + g->second);
      }
    } else if (std::abs(s.dose_units - rule->dose_units) > 1e-9) {
      add("DOSE_DIFFERS", Severity::Warning, s.id,
          "site " + s.id + ": " + format_units(s.dose_units) + " where " + protocol.id + " gives " +
              format_units(rule->dose_units) + " per site");
    }
  }

  // Fixed sites: an optimal assignment of plan sites to them, by position when the protocol's
  // placement is known, so that no site (whatever its id) answers two fixed sites and a
  // follow-the-pain site far from a missing fixed site does not hide it.
  std::vector<const plan::Site*> fixed_position(fixed.size(), nullptr);
  for (std::size_t f = 0; f < fixed.size(); ++f) {
    if (placed) fixed_position[f] = placed->find_site(fixed[f]->site.id);
  }
  std::vector<bool> plan_site_is_fixed(plan.sites.size(), false);
  std::vector<bool> fixed_found(fixed.size(), false);
  if (!fixed.empty() && !in_protocol.empty()) {
    const double not_a_pair =
        (static_cast<double>(std::min(fixed.size(), in_protocol.size())) + 1.0) *
            kFixedSiteToleranceMm +
        1.0;
    CostMatrix cost(in_protocol.size(), std::vector<double>(fixed.size(), not_a_pair));
    std::vector<std::vector<bool>> admissible(in_protocol.size(),
                                              std::vector<bool>(fixed.size(), false));
    for (std::size_t r = 0; r < in_protocol.size(); ++r) {
      const plan::Site& s = plan.sites[in_protocol[r]];
      for (std::size_t c = 0; c < fixed.size(); ++c) {
        const std::vector<std::string>& targets = fixed[c]->site.targets;
        if (std::find(targets.begin(), targets.end(), s.target_structure_id) == targets.end())
          continue;
        double d = 0.0;
        if (fixed_position[c]) {
          d = distance(s.entry_point_mm, fixed_position[c]->entry_point_mm);
          if (!(d <= kFixedSiteToleranceMm)) continue;
        }
        admissible[r][c] = true;
        cost[r][c] = d;
      }
    }
    const Assignment assignment = solve_assignment(cost);
    for (std::size_t r = 0; r < in_protocol.size(); ++r) {
      const int c = assignment.column_of_row[r];
      if (c < 0 || !admissible[r][static_cast<std::size_t>(c)]) continue;
      fixed_found[static_cast<std::size_t>(c)] = true;
      plan_site_is_fixed[in_protocol[r]] = true;
    }
  }
  for (std::size_t c = 0; c < fixed.size(); ++c) {
    if (fixed_found[c]) continue;
    const ProtocolSite& f = fixed[c]->site;
    std::string targets;
    for (const std::string& t : f.targets)
      targets += (targets.empty() ? "" : " or ") + t;
    add("MISSING_SITES", Severity::Warning, "",
        "fixed site " + f.id + " (" + f.label + ") is missing: no site on " + targets +
            (fixed_position[c] ? " within " + format_number(kFixedSiteToleranceMm, 0) +
                                     " mm of where " + protocol.id + " places it"
                               : ""));
  }

  // The other sites are optional: follow-the-pain sites per group on either side, template sites
  // per group and side.
  std::map<std::string, std::vector<std::string>> extra_in_group;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> extra_on_side;
  for (std::size_t i : in_protocol) {
    if (plan_site_is_fixed[i]) continue;
    const plan::Site& s = plan.sites[i];
    const std::string& group = group_of_target.at(s.target_structure_id);
    if (ftp_allowed.count(group))
      extra_in_group[group].push_back(s.id);
    else
      extra_on_side[{group, plan::side_of_structure(s.target_structure_id)}].push_back(s.id);
  }
  auto join = [](const std::vector<std::string>& ids) {
    std::string text;
    for (const std::string& id : ids)
      text += (text.empty() ? "" : ", ") + id;
    return text;
  };
  for (const auto& [group, ids] : extra_in_group) {
    const int allowed = ftp_allowed.at(group);
    if (static_cast<int>(ids.size()) > allowed) {
      add("EXTRA_SITES", Severity::Warning, "",
          group + ": " + std::to_string(ids.size()) + " follow-the-pain sites (" + join(ids) +
              "), the protocol allows " + std::to_string(allowed) + " on either side");
    }
  }
  for (const auto& [key, ids] : extra_on_side) {
    const auto& [group, side] = key;
    const int allowed = optional_allowed.count(key) ? optional_allowed.at(key) : 0;
    if (static_cast<int>(ids.size()) > allowed) {
      add("EXTRA_SITES", Severity::Warning, "",
          group + (side == "midline" ? "" : " " + side) + ": " + std::to_string(ids.size()) +
              " site(s) beyond the fixed ones (" + join(ids) + "), the protocol allows " +
              std::to_string(allowed));
    }
  }
  std::set<std::string> bilateral_groups;
  for (const ProtocolSite& s : protocol.sites) {
    if (s.sides == "bilateral") bilateral_groups.insert(s.group);
  }
  for (const std::string& group : bilateral_groups) {
    const double left = placed_units.count({group, "L"}) ? placed_units.at({group, "L"}) : 0.0;
    const double right = placed_units.count({group, "R"}) ? placed_units.at({group, "R"}) : 0.0;
    if (std::abs(left - right) > 1e-9) {
      add("ASYMMETRY", Severity::Info, "",
          group + ": " + format_units(left) + " left vs " + format_units(right) +
              " right (follow-the-pain may be asymmetric; fixed sites are bilateral)");
    }
  }
  for (const auto& [group, limit] : protocol.group_limits) {
    const double units = group_units.count(group) ? group_units.at(group) : 0.0;
    if (limit.max_units > 0 && units > limit.max_units + 1e-9) {
      add("GROUP_OVER_MAXIMUM", Severity::Error, "",
          group + ": " + format_units(units) + " exceeds the protocol maximum of " +
              format_units(limit.max_units) + " (" + limit.source + ")");
    } else if (limit.fixed_units > 0 && units < limit.fixed_units - 1e-9) {
      add("GROUP_BELOW_FIXED", Severity::Warning, "",
          group + ": " + format_units(units) + " is below the protocol's fixed " +
              format_units(limit.fixed_units));
    }
  }
  const plan::DoseTotals totals = plan::compute_totals(plan, group_of);
  if (protocol.max_total_units > 0 && totals.plan_units > protocol.max_total_units + 1e-9) {
    add("TOTAL_OVER_MAXIMUM", Severity::Error, "",
        "plan total " + format_units(totals.plan_units) + " exceeds the protocol maximum of " +
            format_units(protocol.max_total_units) + " (" + protocol.total_source + ")");
  } else if (protocol.fixed_total_units > 0 &&
             totals.plan_units < protocol.fixed_total_units - 1e-9) {
    add("TOTAL_BELOW_FIXED", Severity::Warning, "",
        "plan total " + format_units(totals.plan_units) + " is below the protocol's fixed " +
            format_units(protocol.fixed_total_units));
  }
  if (plan.product != protocol.product) {
    add("PRODUCT_DIFFERS", Severity::Error, "",
        "the plan uses " + std::string(plan::product_id(plan.product)) + " but " + protocol.id +
            " is defined in " + std::string(plan::product_id(protocol.product)) +
            " units; units are not interchangeable");
  }
  return out;
}

}  // namespace toxplan::protocol
