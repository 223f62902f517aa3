#include "sim/spread_flags.h"

#include <cstdio>
#include <map>
#include <string>

namespace toxplan::sim {

namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}
std::string percent(double fraction) {
  // "0%" next to a non-zero volume reads as a contradiction; say how small it is instead.
  if (fraction > 0.0 && fraction < 0.005) return "under 1%";
  return fmt("%.0f%%", 100.0 * fraction);
}
std::string cm3(double v) {
  return fmt(v < 0.1 ? "%.3f cm³" : "%.2f cm³", v);
}
std::string mm(double v) {
  return fmt("%.1f mm", v);
}

std::string structure_name(const StructureShare& s) {
  return s.label == 0 ? std::string("tissue outside the modelled structures") : "the " + s.name;
}

Finding site_finding(const plan::Site& site, const char* code, Severity severity,
                     std::string message) {
  return {code, severity, site.id, "", 0, "Site " + site.id + ": " + std::move(message)};
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t n = 0; n < parts.size(); ++n) {
    if (n > 0) out += n + 1 == parts.size() ? " and " : ", ";
    out += parts[n];
  }
  return out;
}

// Known, accepted neighbours of a target: structures that an injection at the label's sites is
// expected to reach, by anatomy, so that reaching them is information about a known effect and
// not a warning, unless the share exceeds expected_neighbour_warning_fraction (above what the
// label's 5 U / 0.1 mL sites give). Returns why, or nullptr. Sources: docs/spread-model.md, flags.
const char* expected_neighbour(const TissueClass& target, const TissueClass& other) {
  if (other.side != target.side) return nullptr;
  if (target.group == "corrugator" && other.group == "frontalis") {
    return "the frontalis overlies the corrugator, and a corrugator injection weakens its lower "
           "fibres (a known effect: medial brow drop)";
  }
  if (target.group == "corrugator" && other.id.rfind("orbicularis_oculi_orbital", 0) == 0) {
    return "the orbital orbicularis oculi extends about 1.4 cm above the orbital rim (Costin "
           "2014), over the corrugator sites";
  }
  if (target.group == "cervical_paraspinal" && other.group == "trapezius") {
    return "the upper trapezius overlies splenius capitis at the base of the skull (Torun 2021: "
           "10.7 and 11.9 mm below the skin)";
  }
  return nullptr;
}

bool is_scm(const TissueClass& c) {
  return c.group == "sternocleidomastoid" || c.id.rfind("sternocleidomastoid", 0) == 0;
}

}  // namespace

Findings site_flags(const plan::Site& site, const SiteSpread& spread,
                    const SpreadParameters& params, const TissueTable& table) {
  Findings out;
  const SiteSolution& sol = *spread.solution;
  const SpreadMetrics& m = spread.metrics;
  const TissueClass& target = table.at(sol.target_label);
  const std::string target_name =
      sol.target_label ? "the " + target.name : site.target_structure_id;

  // A site may name its own needle (a 1-inch needle in the neck, clinical.md §1.2).
  const double needle_mm =
      site.needle_length_mm > 0.0 ? site.needle_length_mm : params.needle_length_mm;
  if (site.depth_mm > needle_mm) {
    out.push_back(site_finding(site, "NEEDLE_TOO_SHORT", Severity::Warning,
                               "the tip depth of " + mm(site.depth_mm) + " is beyond the " +
                                   mm(needle_mm) +
                                   " needle; use a longer needle or a shallower site."));
  }
  if (sol.target_label == 0) {
    out.push_back(site_finding(site, "TARGET_NOT_IN_ATLAS", Severity::Warning,
                               "the target '" + site.target_structure_id +
                                   "' is not a structure of this atlas, so the share of the "
                                   "toxin in the target cannot be computed."));
  } else if (sol.tip_label != sol.target_label) {
    out.push_back(
        site_finding(site, "TIP_OUTSIDE_TARGET", Severity::Warning,
                     "the needle tip lies in " +
                         (sol.tip_label ? "the " + table.at(sol.tip_label).name
                                        : std::string("tissue outside the modelled structures")) +
                         ", not in " + target_name + "; check the depth and direction."));
  }
  if (sol.target_label != 0 && spread.q_eff_ona_units > 0.0 &&
      sol.bolus_fraction_outside_target > params.bolus_overflow_fraction) {
    const std::string bolus = "the injected " + fmt("%.2f mL", site.volume_ml) +
                              " forms a bolus about " + mm(sol.bolus.length_mm()) + " long and " +
                              mm(sol.bolus.thickness_mm()) + " thick";
    // Fluid in a known neighbour of the target (frontalis over the corrugator) is the expected
    // effect of the label's injection; it counts toward a warning only above the neighbour share.
    double in_expected = 0.0;
    std::vector<std::string> expected_names;
    for (const auto& [label, share] : sol.bolus_fraction_by_other_label) {
      const TissueClass& cls = table.at(label);
      // Another muscle of the target's group and side is on target, as for the spread below.
      const bool same_group =
          !target.group.empty() && cls.group == target.group && cls.side == target.side;
      if (!same_group && !expected_neighbour(target, cls)) continue;
      in_expected += share;
      expected_names.push_back(percent(share) + " in the " + cls.name +
                               (same_group ? " (same muscle group)" : ""));
    }
    const double unexpected = sol.bolus_fraction_in_other_structures - in_expected;
    if (unexpected > params.bolus_overflow_fraction ||
        in_expected > params.expected_neighbour_warning_fraction) {
      out.push_back(site_finding(site, "BOLUS_OVERFLOW", Severity::Warning,
                                 bolus + ", and " +
                                     percent(sol.bolus_fraction_in_other_structures) +
                                     " of it lies in other muscles or organs than " + target_name +
                                     "; a smaller volume per site or more sites keep it inside."));
    } else if (in_expected > params.bolus_overflow_fraction) {
      out.push_back(site_finding(
          site, "BOLUS_OVERFLOW", Severity::Info,
          bolus + "; " + join(expected_names) +
              ": a muscle of the same group or a known "
              "neighbour of " +
              target_name + ", which an injection here is expected to reach" +
              (unexpected > 0.005 ? ", and " + percent(unexpected) + " in other muscles" : "") +
              "."));
    } else {
      // Thinner than the bolus (frontalis, corrugator): the rest of the fluid lies in the fat
      // and skin around the muscle, which no other muscle shares. Worth knowing, not a warning.
      out.push_back(site_finding(
          site, "BOLUS_OVERFLOW", Severity::Info,
          bolus + "; " + target_name + " is thinner than that, so " +
              percent(sol.bolus_fraction_outside_target) +
              " of it lies in the skin and fat around the muscle, in no other muscle."));
    }
  }
  if (spread.q_eff_ona_units <= 0.0) return out;

  std::vector<std::string> beyond, crossing, expected_why;
  double bound_outside = 0.0;        // in other muscles and organs
  double bound_outside_group = 0.0;  // of that, outside the target's own muscle group and its
                                     // known neighbours
  double bound_expected = 0.0;       // in known neighbours of the target (expected_neighbour)
  for (const StructureShare& s : m.structures) {
    if (s.label == sol.target_label && sol.target_label != 0) continue;
    // Toxin bound in skin, fat or unlabelled tissue acts on no muscle: what matters clinically is
    // the share that binds in other muscles and organs (docs/spread-model.md, flags).
    const bool acts_elsewhere = s.label != 0 && s.kind != anatomy::StructureKind::Skin &&
                                s.kind != anatomy::StructureKind::Fat &&
                                s.kind != anatomy::StructureKind::Bone;
    // A protocol aims at a muscle group on one side (PREEMPT's "cervical paraspinal" is splenius
    // and semispinalis capitis): toxin in another muscle of that group is still on target for
    // the warning, and is named as such.
    const TissueClass& cls = table.at(s.label);
    const bool same_group = sol.target_label != 0 && s.label != 0 && !target.group.empty() &&
                            cls.group == target.group && cls.side == target.side;
    const char* why = sol.target_label != 0 && s.label != 0 && !same_group
                          ? expected_neighbour(target, cls)
                          : nullptr;
    if (acts_elsewhere) bound_outside += s.bound_fraction;
    if (acts_elsewhere && !same_group && !why) bound_outside_group += s.bound_fraction;
    if (acts_elsewhere && why) {
      bound_expected += s.bound_fraction;
      expected_why.push_back(why);
    }
    const std::string what = percent(s.bound_fraction) + " of the bound toxin and " +
                             cm3(s.effect_volume_cm3) + " of effect volume fall in " +
                             structure_name(s) +
                             (same_group ? " (same muscle group)"
                              : why      ? " (a known neighbour)"
                                         : "");
    if (s.danger && s.effect_volume_cm3 >= params.danger_volume_cm3) {
      const bool substantial = s.bound_fraction >= params.danger_error_bound_fraction;
      out.push_back(site_finding(
          site, "DANGER_STRUCTURE_REACHED", substantial ? Severity::Error : Severity::Warning,
          "the predicted effect region reaches the " + s.name + " (" + cm3(s.effect_volume_cm3) +
              ", " + percent(s.bound_fraction) + " of the bound toxin): risk of " +
              (s.adverse_effect.empty() ? std::string("an unwanted effect") : s.adverse_effect) +
              ". Move the site away, inject less or more superficially."));
      continue;
    }
    if (s.kind == anatomy::StructureKind::Muscle &&
        s.effect_volume_cm3 >= params.spread_beyond_target_volume_cm3) {
      beyond.push_back(what);
    } else if (s.label != 0 && s.kind != anatomy::StructureKind::Bone &&
               s.effect_volume_cm3 >= params.fascia_crossing_volume_cm3) {
      crossing.push_back(cm3(s.effect_volume_cm3) + " in " + structure_name(s));
    }
  }
  const bool expected_too_much = bound_expected > params.expected_neighbour_warning_fraction;
  if (sol.target_label != 0 &&
      (bound_outside_group >= params.spread_beyond_target_fraction || expected_too_much)) {
    std::string msg = percent(bound_outside) +
                      " of the bound toxin binds in muscles or organs other than " + target_name;
    if (!beyond.empty()) msg += ": " + join(beyond);
    if (expected_too_much) {
      msg += "; " + percent(bound_expected) + " in known neighbours is above the " +
             percent(params.expected_neighbour_warning_fraction) +
             " that the label's 5 U / 0.1 mL sites stay below";
    }
    out.push_back(site_finding(site, "SPREAD_BEYOND_TARGET", Severity::Warning,
                               msg + ". Consider a lower dose, a smaller volume or moving the "
                                     "site toward the centre of the target."));
  } else if (sol.target_label != 0 && !beyond.empty()) {
    // Reference §5.7 offers two rules: any voxel of another muscle above B_th, or a bound share
    // above 10%. Below the share only the edge of the region touches the neighbour, which nearly
    // every site next to another muscle does: worth showing, not worth a warning.
    out.push_back(site_finding(
        site, "SPREAD_BEYOND_TARGET", Severity::Info,
        "the effect region reaches beyond " + target_name + ": " + join(beyond) +
            (expected_why.empty() ? std::string() : "; expected: " + join(expected_why)) +
            "; in all " + percent(bound_outside_group) +
            " of the bound toxin binds outside its muscle group" +
            (expected_why.empty() ? "" : " and its known neighbours") + ", below the " +
            percent(params.spread_beyond_target_fraction) + " warning threshold."));
  }
  if (!crossing.empty()) {
    out.push_back(site_finding(site, "FASCIA_CROSSING", Severity::Info,
                               "the effect region crosses a fascia (" + join(crossing) + ")."));
  }
  return out;
}

Findings plan_flags(const plan::Plan& plan,
                    const std::vector<std::shared_ptr<const SiteSpread>>& sites,
                    const PlanFieldSummary& summary, const SpreadParameters& params,
                    const TissueTable& table) {
  Findings out;
  // Several sites in one muscle is how every protocol doses a muscle (PREEMPT: 5 U per site;
  // cervical dystonia: 2-4 sites in larger muscles), and their regions overlapping is expected:
  // not listed. Overlap between different muscles is stated as a fact (docs/spread-model.md).
  std::map<std::string, std::string> target_of;
  for (const plan::Site& s : plan.sites)
    target_of[s.id] = s.target_structure_id;
  for (const SiteOverlap& o : summary.overlaps) {
    if (o.volume_cm3 < params.sites_overlap_volume_cm3) continue;
    const std::string& target_a = target_of[o.site_a];
    const std::string& target_b = target_of[o.site_b];
    if (target_a == target_b) continue;
    out.push_back({"SITES_OVERLAP", Severity::Info, o.site_a, "", 0,
                   "Sites " + o.site_a + " and " + o.site_b + " (" + target_a + ", " + target_b +
                       "): their effect regions overlap in " + cm3(o.volume_cm3) +
                       ", where both sites' toxin acts on the same tissue."});
  }
  const double p = params.ona_units_per_product_unit(plan.product);
  double session_ona = 0.0;
  std::map<int, double> scm_ona;
  for (const auto& s : sites) {
    session_ona += p * s->dose_units;
    const int label = s->solution->target_label;
    if (label != 0 && is_scm(table.at(label))) scm_ona[label] += p * s->dose_units;
  }
  const std::string approx =
      plan.product == plan::Product::OnabotulinumtoxinA
          ? ""
          : " (approximate onabotulinumtoxinA-equivalent units; unit ratios between products "
            "are not label-endorsed)";
  // For onabotulinumtoxinA the limits table gives this note already (SYSTEMIC_INFO in
  // plan/limits.cpp, shown by validate and the window's limits); the simulator adds it only in
  // approximate onabotulinumtoxinA-equivalents for the other products, so it is never listed twice.
  if (plan.product != plan::Product::OnabotulinumtoxinA &&
      session_ona > params.systemic_info_session_ona_units) {
    out.push_back({"SYSTEMIC_INFO", Severity::Info, "", "", 0,
                   "The session total of " + fmt("%.0f", session_ona) + " U" + approx +
                       " is above " + fmt("%.0f", params.systemic_info_session_ona_units) +
                       " U, where subclinical effects in distant muscles have been measured "
                       "(Lange 1987); this is information, not a limit."});
  }
  for (const auto& [label, ona] : scm_ona) {
    if (ona <= params.high_dose_scm_ona_units) continue;
    out.push_back({"HIGH_DOSE", Severity::Warning, "", "", 0,
                   fmt("%.0f", ona) + " U" + approx + " into the " + table.at(label).name +
                       " is above " + fmt("%.0f", params.high_dose_scm_ona_units) +
                       " U, where dysphagia becomes more frequent (Borodic 1990); consider a "
                       "lower dose."});
  }
  return out;
}

}  // namespace toxplan::sim
