#include "plan/limits.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "base/format.h"

namespace toxplan::plan {

const char* limit_scope_name(LimitScope scope) {
  switch (scope) {
    case LimitScope::PerSite:
      return "per site";
    case LimitScope::PerSiteVolume:
      return "volume per site";
    case LimitScope::PerMuscleGroup:
      return "per muscle";
    case LimitScope::PerMuscleUnilateral:
      return "per muscle, one side";
    case LimitScope::PerSession:
      return "per treatment session";
    case LimitScope::PerThreeMonths:
      return "per 3 months";
  }
  return "";
}

bool DoseLimit::applies_to(Indication indication) const {
  return indications.empty() ||
         std::find(indications.begin(), indications.end(), indication) != indications.end();
}

// Every number and source here is listed, with the part of the clinical reference it comes from,
// in docs/limits.md.
const std::vector<DoseLimit>& dose_limits() {
  using P = Product;
  using S = LimitScope;
  using I = Indication;
  constexpr Severity E = Severity::Error;
  constexpr Severity W = Severity::Warning;
  const std::vector<I> cm = {I::ChronicMigraine};
  const std::vector<I> cd = {I::CervicalDystonia};
  const std::vector<I> neck_dosing = {I::CervicalDystonia, I::Other};
  const std::vector<I> all;
  const std::string preempt_table =
      "BOTOX chronic-migraine dose table (EU SmPC, rxreasoner.com/indications/I-922296)";
  const std::string ftp_rule =
      "; follow-the-pain is allowed only in the temporalis, occipitalis and trapezius";
  static const std::vector<DoseLimit> limits = {
      // onabotulinumtoxinA (BOTOX)
      {P::OnabotulinumtoxinA,
       all,
       S::PerSite,
       "",
       {},
       50.0,
       E,
       "LIMIT_PER_SITE",
       "the label allows no more than 50 U per site",
       "BOTOX label: \"no more than 50 Units per site\""},
      {P::OnabotulinumtoxinA,
       cm,
       S::PerSession,
       "",
       {},
       195.0,
       E,
       "LIMIT_SESSION",
       "chronic migraine is 155 U at 31 fixed sites, at most 195 U at 39 sites with "
       "follow-the-pain",
       preempt_table + "; Dodick et al., Neurology 2011 (PREEMPT)"},
      {P::OnabotulinumtoxinA,
       cm,
       S::PerMuscleGroup,
       "corrugator",
       {"corrugator_supercilii", "corrugator"},
       10.0,
       E,
       "LIMIT_PER_MUSCLE",
       "the corrugator dose for chronic migraine is 10 U (2 sites), with no follow-the-pain",
       preempt_table},
      {P::OnabotulinumtoxinA,
       cm,
       S::PerMuscleGroup,
       "procerus",
       {"procerus"},
       5.0,
       E,
       "LIMIT_PER_MUSCLE",
       "the procerus dose for chronic migraine is 5 U (1 site), with no follow-the-pain",
       preempt_table},
      {P::OnabotulinumtoxinA,
       cm,
       S::PerMuscleGroup,
       "frontalis",
       {"frontalis"},
       20.0,
       E,
       "LIMIT_PER_MUSCLE",
       "the frontalis dose for chronic migraine is 20 U (4 sites), with no follow-the-pain",
       preempt_table},
      {P::OnabotulinumtoxinA,
       cm,
       S::PerMuscleGroup,
       "temporalis",
       {"temporalis"},
       50.0,
       E,
       "LIMIT_PER_MUSCLE",
       "the temporalis receives 40 U for chronic migraine, at most 50 U with follow-the-pain",
       preempt_table + "; Blumenfeld et al., Headache 2010;50:1406"},
      {P::OnabotulinumtoxinA,
       cm,
       S::PerMuscleGroup,
       "occipitalis",
       {"occipitalis"},
       40.0,
       E,
       "LIMIT_PER_MUSCLE",
       "the occipitalis receives 30 U for chronic migraine, at most 40 U with follow-the-pain",
       preempt_table + "; Blumenfeld et al., Headache 2010;50:1406"},
      {P::OnabotulinumtoxinA,
       cm,
       S::PerMuscleGroup,
       "cervical paraspinal",
       {"cervical_paraspinal", "splenius_capitis", "semispinalis_capitis"},
       20.0,
       E,
       "LIMIT_PER_MUSCLE",
       "the cervical paraspinal dose for chronic migraine is 20 U (4 sites); follow-the-pain was "
       "not allowed in the neck" +
           ftp_rule,
       preempt_table + "; Blumenfeld et al., Headache 2010;50:1406"},
      {P::OnabotulinumtoxinA,
       cm,
       S::PerMuscleGroup,
       "trapezius",
       {"trapezius"},
       50.0,
       E,
       "LIMIT_PER_MUSCLE",
       "the trapezius receives 30 U for chronic migraine, at most 50 U with follow-the-pain",
       preempt_table + "; Blumenfeld et al., Headache 2010;50:1406"},
      {P::OnabotulinumtoxinA,
       cd,
       S::PerSession,
       "",
       {},
       300.0,
       E,
       "LIMIT_SESSION",
       "for cervical dystonia \"a total dose of 300 Units at any one sitting should not be "
       "exceeded\"",
       "BOTOX cervical dystonia prescribing information (AbbVie HCP, abbviepro.com)"},
      {P::OnabotulinumtoxinA,
       neck_dosing,
       S::PerMuscleGroup,
       "sternocleidomastoid",
       {"sternocleidomastoid"},
       100.0,
       W,
       "LIMIT_PER_MUSCLE",
       "sternocleidomastoid doses above 100 U are associated with dysphagia",
       "BOTOX label, cervical dystonia: limiting the sternocleidomastoid dose to 100 U or less "
       "may decrease dysphagia; Borodic et al., Head Neck 1990;12:392"},
      {P::OnabotulinumtoxinA,
       {I::UpperLimbSpasticity},
       S::PerSession,
       "",
       {},
       400.0,
       E,
       "LIMIT_SESSION",
       "the upper-limb spasticity dose is up to 400 U per session",
       "BOTOX UK SmPC, upper-limb spasticity (AbbVie UK HCP)"},
      {P::OnabotulinumtoxinA,
       {I::LowerLimbSpasticity},
       S::PerSession,
       "",
       {},
       400.0,
       E,
       "LIMIT_SESSION",
       "the adult lower-limb spasticity dose is 300 to 400 U divided among up to 6 muscles",
       "BOTOX adult lower-limb spasticity dosing (AbbVie HCP, abbviepro.com)"},
      {P::OnabotulinumtoxinA,
       all,
       S::PerSession,
       "",
       {},
       245.0,
       Severity::Info,
       "SYSTEMIC_INFO",
       "sessions above 245 U can give subclinical distant neuromuscular effects (abnormal "
       "single-fibre EMG in a distant muscle, no weakness)",
       "Lange et al., Muscle Nerve 1987;10:552"},
      {P::OnabotulinumtoxinA,
       all,
       S::PerThreeMonths,
       "",
       {},
       400.0,
       E,
       "LIMIT_THREE_MONTHS",
       "the cumulative adult maximum is 400 U in a 3-month interval, for one or more indications",
       "BOTOX label: \"the maximum cumulative dose should not exceed 400 Units in a 3 month "
       "interval\" (drugs.com/dosage/onabotulinumtoxina.html)"},

      // abobotulinumtoxinA (Dysport)
      {P::AbobotulinumtoxinA,
       all,
       S::PerSite,
       "",
       {},
       500.0,
       E,
       "LIMIT_PER_SITE",
       "no more than 500 U in 1 mL may be given at one site",
       "Dysport EU SmPC, adult spasticity (Ipsen, ipsen-hub.ie dosing and administration)"},
      {P::AbobotulinumtoxinA,
       all,
       S::PerSiteVolume,
       "",
       {},
       1.0,
       E,
       "LIMIT_PER_SITE_VOLUME",
       "no more than 1 mL may be given at one site",
       "Dysport US prescribing information and EU SmPC, adult spasticity (dysporthcp.com; "
       "ipsen-hub.ie)"},
      {P::AbobotulinumtoxinA,
       cd,
       S::PerSession,
       "",
       {},
       1000.0,
       E,
       "LIMIT_SESSION",
       "cervical dystonia doses are 250 to 1000 U; doses above 1000 U were not evaluated",
       "Dysport prescribing information, cervical dystonia (drugs.com/dosage/abobotulinumtoxina."
       "html)"},
      {P::AbobotulinumtoxinA,
       {I::UpperLimbSpasticity, I::LowerLimbSpasticity, I::ChronicMigraine, I::Other},
       S::PerSession,
       "",
       {},
       1500.0,
       E,
       "LIMIT_SESSION",
       "the label's largest session dose is 1500 U (adult spasticity, upper and lower limb "
       "combined)",
       "Dysport prescribing information, adult spasticity (dysporthcp.com; Ipsen EU SmPC)"},
      {P::AbobotulinumtoxinA,
       neck_dosing,
       S::PerMuscleUnilateral,
       "sternocleidomastoid",
       {"sternocleidomastoid"},
       150.0,
       W,
       "LIMIT_PER_MUSCLE",
       "unilateral sternocleidomastoid injections above 150 U are associated with dysphagia",
       "J Neural Transm 2013;120:299 (abobotulinumtoxinA in cervical dystonia)"},

      // incobotulinumtoxinA (Xeomin)
      {P::IncobotulinumtoxinA,
       all,
       S::PerSession,
       "",
       {},
       400.0,
       E,
       "LIMIT_SESSION",
       "the maximum cumulative dose for any indication is 400 U in a treatment session",
       "XEOMIN label: \"should not exceed 400 Units in a treatment session\" "
       "(drugs.com/dosage/xeomin.html)"},

      // rimabotulinumtoxinB (Myobloc): the label's initial cervical dystonia dose is sourced; no
      // labelled session maximum was found, so the bound is the largest dose studied in a trial.
      {P::RimabotulinumtoxinB,
       all,
       S::PerSession,
       "",
       {},
       10000.0,
       E,
       "LIMIT_SESSION",
       "10,000 U is the largest session dose studied in a randomized trial of rimabotulinumtoxinB; "
       "no labelled maximum was found, so this bound is not verified as a label limit",
       "rimabotulinumtoxinB randomized trial, 10,000 U arm (Neurology, adverse-event table)",
       false},
      {P::RimabotulinumtoxinB,
       cd,
       S::PerSession,
       "",
       {},
       5000.0,
       W,
       "LIMIT_SESSION",
       "the label's initial cervical dystonia dose is 2,500 to 5,000 U (patients with prior "
       "toxin tolerance)",
       "MYOBLOC label, cervical dystonia (recallguide.org, Solstice Neurosciences)"},
  };
  return limits;
}

std::vector<DoseLimit> dose_limits_for(Product product, Indication indication) {
  std::vector<DoseLimit> out;
  for (const DoseLimit& l : dose_limits()) {
    if (l.product == product && l.applies_to(indication)) out.push_back(l);
  }
  return out;
}

std::string format_limit_value(const DoseLimit& limit, double value) {
  return limit.scope == LimitScope::PerSiteVolume ? format_ml(value) : format_units(value);
}

std::string limit_description(const DoseLimit& limit) {
  std::string out = limit_scope_name(limit.scope);
  if (!limit.muscle.empty()) out += " (" + limit.muscle + ")";
  if (limit.indications.size() == 1) {
    out += ", " + std::string(indication_name(limit.indications.front()));
  }
  return out;
}

namespace {

// The muscle a structure belongs to, by its id without the side: "trapezius_L" -> "trapezius".
bool in_muscle(const DoseLimit& l, const std::string& structure_id) {
  const std::string base = default_group_of(structure_id);
  return std::find(l.structures.begin(), l.structures.end(), base) != l.structures.end();
}

}  // namespace

std::vector<LimitStatus> limit_status(const Plan& plan, const DoseTotals& totals) {
  std::vector<LimitStatus> out;
  for (const DoseLimit& l : dose_limits_for(plan.product, plan.indication)) {
    LimitStatus st{l, 0.0, {}};
    const auto consider = [&](double value, LimitExcess excess) {
      st.value = std::max(st.value, value);
      if (value > l.max_value) {
        excess.value = value;
        st.excesses.push_back(std::move(excess));
      }
    };
    switch (l.scope) {
      case LimitScope::PerSite:
      case LimitScope::PerSiteVolume:
        for (std::size_t i = 0; i < plan.sites.size(); ++i) {
          const Site& s = plan.sites[i];
          const bool volume = l.scope == LimitScope::PerSiteVolume;
          const double v = volume ? s.volume_ml : s.dose_units;
          if (!std::isfinite(v)) continue;  // reported by validation
          consider(v, {"site " + s.id, 0.0, s.id,
                       "/sites/" + std::to_string(i) + (volume ? "/volume_ml" : "/dose_units")});
        }
        break;
      case LimitScope::PerMuscleGroup: {
        double units = 0.0;
        for (const auto& [structure, u] : totals.units_by_structure) {
          if (in_muscle(l, structure)) units += u;
        }
        consider(units, {l.muscle + " total", 0.0, "", "/sites"});
        break;
      }
      case LimitScope::PerMuscleUnilateral:
        for (const auto& [structure, units] : totals.units_by_structure) {
          if (in_muscle(l, structure)) consider(units, {structure + " total", 0.0, "", "/sites"});
        }
        break;
      case LimitScope::PerSession:
        consider(totals.plan_units, {"plan total", 0.0, "", "/sites"});
        break;
      case LimitScope::PerThreeMonths:
        consider(totals.plan_units + plan.prior_units_last_3_months,
                 {"this plan plus the prior 3 months", 0.0, "", "/prior_units_last_3_months"});
        break;
    }
    out.push_back(std::move(st));
  }
  return out;
}

std::string limit_status_line(const LimitStatus& st) {
  const DoseLimit& l = st.limit;
  const std::string value = format_limit_value(l, st.value);
  const std::string max = format_limit_value(l, l.max_value);
  const std::string unverified = l.verified ? "" : " (not verified)";
  if (l.severity == Severity::Info) {
    return std::string("note: ") + value + (st.exceeded() ? ", above " : ", below ") + max + " " +
           limit_description(l) + unverified;
  }
  const char* state = !st.exceeded() ? "ok" : l.severity == Severity::Error ? "OVER" : "above";
  return std::string(state) + " " + limit_description(l) + ": " + value + " of " + max + unverified;
}

AbsurdBounds absurd_bounds(Product product) {
  switch (product) {
    case Product::OnabotulinumtoxinA:
      return {400.0, "the BOTOX label's cumulative adult maximum is 400 U in 3 months"};
    case Product::IncobotulinumtoxinA:
      return {400.0, "the XEOMIN label's maximum is 400 U per treatment session"};
    case Product::AbobotulinumtoxinA:
      return {1000.0,
              "Dysport cervical dystonia sessions are 250 to 1000 U (Dysport prescribing "
              "information)"};
    case Product::RimabotulinumtoxinB:
      return {10000.0, "the largest MYOBLOC vial holds 10,000 U (MYOBLOC label)"};
  }
  return {400.0, ""};
}

Findings check_limits(const Plan& plan, const DoseTotals& totals) {
  Findings out;
  for (const LimitStatus& st : limit_status(plan, totals)) {
    const DoseLimit& l = st.limit;
    for (const LimitExcess& e : st.excesses) {
      std::ostringstream msg;
      if (l.severity == Severity::Info) {
        // A threshold worth knowing, not a limit: never worded as an excess.
        msg << e.what << ": " << format_limit_value(l, e.value) << " is above "
            << format_limit_value(l, l.max_value) << " (information, not a limit: " << l.reason
            << "; source: " << l.source << (l.verified ? "" : "; not verified") << ")";
      } else {
        msg << e.what << ": " << format_limit_value(l, e.value) << " exceeds "
            << format_limit_value(l, l.max_value) << " " << limit_description(l) << " (" << l.reason
            << "; source: " << l.source << (l.verified ? "" : "; not verified") << ")";
      }
      out.push_back({l.code, l.severity, e.site_id, e.field, 0, msg.str()});
    }
  }
  return out;
}

}  // namespace toxplan::plan
