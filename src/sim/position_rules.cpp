#include "sim/position_rules.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

namespace toxplan::sim {

namespace {

constexpr const char* kEstimate =
    " (An estimate measured on the atlas, not on the patient: check the landmarks by palpation.)";

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}
std::string mm(double v) {
  return fmt("%.1f mm", v);
}

const Vec3* find(const Landmarks& landmarks, const std::string& id) {
  auto it = landmarks.find(id);
  return it == landmarks.end() ? nullptr : &it->second;
}

// "L" or "R": the target's side, or for a midline target the side of the entry point (+x is the
// patient's right in the atlas frame).
std::string side_of(const TissueClass& target, const plan::Site& site) {
  if (target.side == "L" || target.side == "R") return target.side;
  return site.entry_point_mm.x < 0.0 ? "L" : "R";
}

// Height of a landmark line at |x| = ax, linear between two landmarks (by |x|) and constant
// beyond the second one.
double line_height(const Vec3& inner, const Vec3& outer, double ax) {
  const double x0 = std::abs(inner.x), x1 = std::abs(outer.x);
  if (ax >= x1 || x1 <= x0) return outer.z;
  if (ax <= x0) return inner.z;
  return inner.z + (outer.z - inner.z) * (ax - x0) / (x1 - x0);
}

Finding site_finding(const plan::Site& site, const char* code, Severity severity,
                     const std::string& message) {
  return {code, severity, site.id, "", 0, "Site " + site.id + ": " + message + kEstimate};
}

void brow_rule(const plan::Site& site, const std::string& side, const SpreadParameters& params,
               const Landmarks& landmarks, Findings& out) {
  const Vec3* brow = find(landmarks, "eyebrow_centre_" + side);
  if (!brow) return;
  const double height = site.entry_point_mm.z - brow->z;
  if (height >= params.brow_caution_height_mm) return;
  std::string where = "the needle enters " + mm(height) + " above the eyebrow";
  if (const Vec3* hairline = find(landmarks, "trichion")) {
    const double forehead = hairline->z - brow->z;
    if (forehead > 0.0) {
      where += ", at " + fmt("%.0f%%", 100.0 * height / forehead) +
               " of the forehead height from eyebrow to hairline";
    }
  }
  if (height < params.brow_ptosis_min_height_mm) {
    out.push_back(site_finding(
        site, "BROW_PTOSIS_RISK", Severity::Warning,
        where +
            ". The BOTOX Cosmetic label places the lowest row of forehead injections at least " +
            mm(params.brow_ptosis_min_height_mm) +
            " above the eyebrow: the frontalis is the only elevator of the brow, and weakening "
            "its lower fibres lets the brow drop (brow ptosis; eyebrow ptosis in 1.8% at 40 U in "
            "the forehead-lines phase 3 trials). Move the site higher: injections above the "
            "frontalis C-line, at about 61% of the forehead height, avoid eyebrow ptosis "
            "(Cotofana, Plast Reconstr Surg)."));
  } else {
    out.push_back(
        site_finding(site, "BROW_PTOSIS_RISK", Severity::Info,
                     where + ", within the band " + mm(params.brow_ptosis_min_height_mm) + " to " +
                         mm(params.brow_caution_height_mm) +
                         " above the eyebrow that some injection guides avoid (eyelid heaviness; a "
                         "secondary source, idnps.com); the BOTOX Cosmetic label's minimum is " +
                         mm(params.brow_ptosis_min_height_mm) + "."));
  }
}

void eyelid_rule(const plan::Site& site, const std::string& side, const SpreadParameters& params,
                 const Landmarks& landmarks, Findings& out) {
  const Vec3* medial = find(landmarks, "supraorbital_rim_medial_" + side);
  const Vec3* mid = find(landmarks, "supraorbital_rim_" + side);
  const Vec3* lateral = find(landmarks, "lateral_canthus_" + side);
  if (!medial || !mid || !lateral) return;
  // Only over the orbit: medial of the medial rim point lies the nasal root (the procerus of
  // PREEMPT, midline), lateral of the lateral canthus no orbit lies below.
  const double ax = std::abs(site.entry_point_mm.x);
  if (ax < std::abs(medial->x) || ax > std::abs(lateral->x)) return;
  const double height = site.entry_point_mm.z - line_height(*medial, *mid, ax);
  if (height >= params.eyelid_ptosis_min_height_mm) return;
  out.push_back(site_finding(
      site, "EYELID_PTOSIS_RISK", Severity::Warning,
      "the needle enters " + mm(height) +
          " above the bony supraorbital rim. The BOTOX Cosmetic label keeps glabellar injections "
          "at least " +
          mm(params.eyelid_ptosis_min_height_mm) +
          " above the bony supraorbital ridge: closer to it the toxin reaches the levator "
          "palpebrae superioris through the orbital septum (eyelid ptosis; 3.6% at the PREEMPT "
          "sites, Blumenfeld 2010). Move the site higher."));
}

void occipitalis_rule(const plan::Site& site, const std::string& side, const Landmarks& landmarks,
                      Findings& out) {
  const Vec3* inion = find(landmarks, "inion");
  const Vec3* nuchal = find(landmarks, "superior_nuchal_line_" + side);
  if (!inion || !nuchal) return;
  const double height =
      site.entry_point_mm.z - line_height(*inion, *nuchal, std::abs(site.entry_point_mm.x));
  if (height >= 0.0) return;
  out.push_back(site_finding(
      site, "NECK_WEAKNESS_RISK", Severity::Warning,
      "the needle enters " + mm(-height) +
          " below the occipital ridge (the line from the inion along the superior nuchal line). "
          "PREEMPT places the occipitalis sites above the occipital ridge, 'which would also "
          "reduce the risk of neck weakness' (Blumenfeld 2010): below it lie the neck extensors "
          "(semispinalis and splenius capitis). Risk of neck weakness and neck pain; move the "
          "site above the ridge."));
}

void mid_neck_rule(const plan::Site& site, const Landmarks& landmarks, Findings& out) {
  const Vec3* c2 = find(landmarks, "c2_spinous");
  if (!c2) return;
  const double height = site.entry_point_mm.z - c2->z;
  if (height >= 0.0) return;
  out.push_back(site_finding(
      site, "NECK_WEAKNESS_RISK", Severity::Warning,
      "the needle enters " + mm(-height) +
          " below the level of the C2 spinous process, in the mid-neck (this program takes the "
          "C2 level as the lower end of the upper neck). PREEMPT gives the cervical paraspinal "
          "injections 'to the upper neck ... at the base of the skull, rather than to the "
          "mid-neck region' (Blumenfeld 2010), after the phase 2 trials (about 36 U, mid-neck) "
          "gave neck pain in 13.3% and 10 soft collars, against 1 in PREEMPT. Risk of neck "
          "weakness or head drop; move the site up toward the base of the skull."));
}

}  // namespace

bool is_chronic_migraine_plan(const plan::Plan& plan) {
  return plan.indication == plan::Indication::ChronicMigraine;
}

Findings position_flags(const plan::Plan& plan,
                        const std::vector<std::shared_ptr<const SiteSpread>>& sites,
                        const SpreadParameters& params, const TissueTable& table,
                        const Landmarks& landmarks) {
  Findings out;
  const bool migraine = is_chronic_migraine_plan(plan);
  const double p = params.ona_units_per_product_unit(plan.product);
  double neck_ona = 0.0;
  const plan::Site* first_neck = nullptr;
  std::map<std::string, double> scm_by_side;  // product units
  const plan::Site* first_scm = nullptr;
  for (std::size_t i = 0; i < plan.sites.size(); ++i) {
    const plan::Site& site = plan.sites[i];
    const int label = table.label_of(site.target_structure_id);
    if (label == 0) continue;
    const TissueClass& target = table.at(label);
    const std::string side = side_of(target, site);
    const std::string& group = target.group;
    if (group == "frontalis") brow_rule(site, side, params, landmarks, out);
    if (group == "frontalis" || group == "corrugator" || group == "procerus")
      eyelid_rule(site, side, params, landmarks, out);
    if (group == "occipitalis") occipitalis_rule(site, side, landmarks, out);
    if (group == "cervical_paraspinal" && migraine) {
      mid_neck_rule(site, landmarks, out);
      neck_ona += p * site.dose_units;
      if (!first_neck) first_neck = &site;
    }
    if (group == "sternocleidomastoid") {
      if (site.dose_units > 0.0) scm_by_side[side] += site.dose_units;
      if (!first_scm) first_scm = &site;
      const SiteSpread* spread = i < sites.size() ? sites[i].get() : nullptr;
      if (spread && spread->solution && spread->solution->tip_label != label) {
        const TissueClass& tip = table.at(spread->solution->tip_label);
        const bool deeper = spread->solution->tip_label != 0 &&
                            tip.kind != anatomy::StructureKind::Skin &&
                            tip.kind != anatomy::StructureKind::Fat;
        if (deeper) {
          out.push_back(site_finding(
              site, "DEEP_ANTERIOR_NECK", Severity::Warning,
              "the needle tip, " + mm(site.depth_mm) + " deep, lies in the " + tip.name +
                  ", deep to the sternocleidomastoid; deeper in the anterior neck lie the "
                  "pharynx and larynx. Risk of dysphagia: in cervical dystonia, dysphagia "
                  "followed 34.7% of sessions guided by EMG alone against 0% with ultrasound "
                  "and EMG (Muscle Nerve 2012;46:535). Use a shallower tip or ultrasound "
                  "guidance."));
        }
      }
    }
  }
  if (migraine && first_neck && neck_ona > params.migraine_neck_max_ona_units) {
    out.push_back(
        {"NECK_WEAKNESS_RISK", Severity::Warning, first_neck->id, "", 0,
         fmt("%.0f", neck_ona) +
             " U (onabotulinumtoxinA units) into the cervical paraspinal muscles of a chronic "
             "migraine plan: the BOTOX label gives " +
             fmt("%.0f", params.migraine_neck_max_ona_units) +
             " U there, and PREEMPT allowed no follow-the-pain dose in the neck, after the phase "
             "2 trials' larger neck doses (about 36 U) gave neck pain in 13.3% against 8.7% in "
             "PREEMPT (Blumenfeld 2010). Risk of neck weakness; consider the label's dose."});
  }
  if (first_scm && scm_by_side.count("L") && scm_by_side.count("R")) {
    out.push_back(
        {"BILATERAL_SCM", Severity::Warning, first_scm->id, "", 0,
         "Both sternocleidomastoids are injected (" + fmt("%.0f U", scm_by_side["L"]) + " left, " +
             fmt("%.0f U", scm_by_side["R"]) +
             " right): the BOTOX label says that patients 'who require bilateral injections into "
             "the sternocleidomastoid muscle have been reported to be at greater risk of "
             "dysphagia'. Ask about swallowing; consider one side or lower doses."});
  }
  return out;
}

}  // namespace toxplan::sim
