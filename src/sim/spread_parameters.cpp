#include "sim/spread_parameters.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>

namespace toxplan::sim {

namespace {
using P = SpreadParameters;
}  // namespace

double SpreadParameters::ona_units_per_product_unit(plan::Product product) const {
  switch (product) {
    case plan::Product::OnabotulinumtoxinA:
      return 1.0;
    case plan::Product::AbobotulinumtoxinA:
      return ona_units_per_product_unit_abobotulinumtoxinA;
    case plan::Product::IncobotulinumtoxinA:
      return ona_units_per_product_unit_incobotulinumtoxinA;
    case plan::Product::RimabotulinumtoxinB:
      return ona_units_per_product_unit_rimabotulinumtoxinB;
  }
  return 1.0;
}

const std::vector<ParameterInfo>& parameter_table() {
  static const std::vector<ParameterInfo> table = {
      {"lambda_along_mm", &P::lambda_along_mm, 1.75, 9.2, "mm",
       "halo length along the muscle fibres (uptake-limited diffusion length)",
       "model choice: iso-equivalent halo 5 mm (range 2-8 mm; Elwischger MRI: diffusion-tensor "
       "change about 0.5 cm beyond the bolus) times sqrt(1.25), the muscle anisotropy 1.0-1.3 "
       "that a fractional anisotropy of 0.2-0.3 gives",
       true},
      {"lambda_across_mm", &P::lambda_across_mm, 1.75, 9.2, "mm",
       "halo length across the muscle fibres",
       "model choice: iso-equivalent halo 5 mm (Elwischger MRI) divided by sqrt(1.25)", true},
      {"lambda_isotropic_mm", &P::lambda_isotropic_mm, 2.0, 8.0, "mm",
       "halo length in tissue without fibres (fat, skin, unlabelled tissue)",
       "model choice: iso-equivalent halo 5 mm (Elwischger MRI: diffusion-tensor change about "
       "0.5 cm beyond the bolus)",
       true},
      {"threshold_u_per_cm3", &P::threshold_u_per_cm3, 0.018, 0.12, "ona-U/cm3",
       "bound-toxin density above which muscle counts as affected (B_th)",
       "derived: fitted so that 1 U gives a 15-30 mm gradient segment in muscle (Borodic 1994); "
       "plausible range 0.018-0.12",
       false},
      {"fascia_transmission", &P::fascia_transmission, 0.3, 1.0, "1",
       "fraction of the toxin that would bind beyond a fascia that still does (1 = no barrier)",
       "Shaari 1991: a fascia reduced spread by 23% (0.77); Borodic 1990 suggests about 0.5", true},
      {"bone_transmission", &P::bone_transmission, 0.0, 1.0, "1",
       "how bone passes toxin: 0 = no-flux (toxin neither enters nor binds), 1 = like soft "
       "tissue",
       "MODEL CHOICE: no binding sites in bone; Borodic 1990 saw effects beyond bone, which "
       "fascia_transmission and the halo around it cover",
       true},
      {"bolus_aspect_ratio", &P::bolus_aspect_ratio, 1.0, 10.2, "1",
       "length / thickness of the injected bolus along the fibres (A)",
       "model choice: Elwischger MRI bolus length/thickness 10.2 (1 mL), 4.4 (spastic muscle), "
       "6.0 (2 mL)",
       true},
      {"bolus_volume_fraction", &P::bolus_volume_fraction, 0.1, 1.0, "1",
       "injectate fraction of the bolus volume (phi_b; bolus volume = V / phi_b)",
       "derived: a bolus of the injected volume reproduces the bolus sizes Elwischger measured "
       "by MRI",
       true},
      {"systemic_loss_fraction", &P::systemic_loss_fraction, 0.0, 0.1, "1",
       "fraction of the dose lost systemically (f_sys)",
       "Tang-Liu 2003: 'most remained at the injection site'", false},
      {"ona_units_per_product_unit_abobotulinumtoxinA",
       &P::ona_units_per_product_unit_abobotulinumtoxinA, 1.0 / 3.0, 1.0 / 1.3, "ona-U/U",
       "APPROXIMATE conversion of abobotulinumtoxinA units for the spread model only",
       "approximate clinical ratio 2.5:1 (PMC4248237 Table 6; 1.3:1 in skin, Kranz 2009; 3:1 in "
       "cervical dystonia, Odergren 1998); not label-endorsed",
       false},
      {"ona_units_per_product_unit_incobotulinumtoxinA",
       &P::ona_units_per_product_unit_incobotulinumtoxinA, 1.0, 1.0, "ona-U/U",
       "APPROXIMATE conversion of incobotulinumtoxinA units for the spread model only",
       "approximate 1:1 (Scaglione 2016; PMC4248237 Table 6); not label-endorsed", false},
      {"ona_units_per_product_unit_rimabotulinumtoxinB",
       &P::ona_units_per_product_unit_rimabotulinumtoxinB, 1.0 / 50.0, 1.0 / 40.0, "ona-U/U",
       "APPROXIMATE conversion of rimabotulinumtoxinB units for the spread model only",
       "approximate 40:1 (PMC4248237 Table 6); the 50:1 also quoted is not verified; not "
       "label-endorsed",
       false},
      {"grid_spacing_mm", &P::grid_spacing_mm, 0.2, 2.0, "mm",
       "voxel size of each site's solver grid",
       "model choice: reach and effect volume within 3% of those on a 0.25 mm grid", true},
      {"grid_margin_lambdas", &P::grid_margin_lambdas, 0.5, 4.0, "halo lengths",
       "grid margin beyond the estimated reach, in halo lengths",
       "model choice: the reach of the closed-form cases is within 2% at the default 1", true},
      {"plan_grid_spacing_mm", &P::plan_grid_spacing_mm, 0.25, 2.0, "mm",
       "voxel size of the plan grid on which site fields are summed (combined volume, overlap)",
       "model choice", false},
      {"needle_length_mm", &P::needle_length_mm, 4.0, 40.0, "mm",
       "needle length for NEEDLE_TOO_SHORT",
       "BOTOX label (chronic migraine): 30 G 0.5-inch (12.7 mm) needle; 'a 1 inch needle may be "
       "needed in the neck region' for extremely thick neck muscles",
       false},
      {"spread_beyond_target_fraction", &P::spread_beyond_target_fraction, 0.0, 1.0, "1",
       "share of the bound toxin in muscles and organs outside the target's muscle group (same "
       "side) that makes SPREAD_BEYOND_TARGET a warning",
       "model choice: 10% of the bound toxin (an arbitrary threshold, adjustable here)", false},
      {"spread_beyond_target_volume_cm3", &P::spread_beyond_target_volume_cm3, 0.0, 10.0, "cm3",
       "effect volume inside one other muscle that raises SPREAD_BEYOND_TARGET (information "
       "below the bound-share threshold)",
       "model choice: any affected voxel of another muscle counts; 0.05 cm3 ignores single-voxel "
       "staircase noise",
       false},
      {"fascia_crossing_volume_cm3", &P::fascia_crossing_volume_cm3, 0.0, 10.0, "cm3",
       "effect volume beyond a fascia that raises FASCIA_CROSSING (information)", "model choice",
       false},
      {"danger_volume_cm3", &P::danger_volume_cm3, 0.0, 1.0, "cm3",
       "effect volume inside a danger structure that raises DANGER_STRUCTURE_REACHED",
       "model choice: 0.01 cm3 = 80 voxels of 0.5 mm; any reach of a danger structure counts",
       false},
      {"danger_error_bound_fraction", &P::danger_error_bound_fraction, 0.0, 1.0, "1",
       "share of the bound toxin inside a danger structure above which DANGER_STRUCTURE_REACHED "
       "is an error (below it, a warning: the region touches the structure)",
       "model choice: 10% (arbitrary, adjustable); the PREEMPT frontal sites carry a known, low "
       "eyelid-ptosis rate (3.6% in the pooled PREEMPT trials, Blumenfeld 2010)",
       false},
      {"bolus_overflow_fraction", &P::bolus_overflow_fraction, 0.0, 1.0, "1",
       "share of the bolus volume outside the target that raises BOLUS_OVERFLOW",
       "model choice: 2% ignores the voxel staircase at the boundary", false},
      {"sites_overlap_volume_cm3", &P::sites_overlap_volume_cm3, 0.0, 100.0, "cm3",
       "volume affected by two sites' own effect regions that raises SITES_OVERLAP", "model choice",
       false},
      {"systemic_info_session_ona_units", &P::systemic_info_session_ona_units, 50.0, 1000.0,
       "ona-U", "session total above which SYSTEMIC_INFO is shown",
       "Lange 1987: abnormal single-fibre EMG in a distant muscle, without weakness, above 245 U "
       "in a session",
       false},
      {"high_dose_scm_ona_units", &P::high_dose_scm_ona_units, 25.0, 400.0, "ona-U",
       "dose per sternocleidomastoid above which HIGH_DOSE is raised (dysphagia)",
       "Borodic 1990: dysphagia at a median SCM dose of 150 U against 100 U without; BOTOX "
       "label: limiting the SCM dose to 100 U or less may decrease dysphagia",
       false},
      {"expected_neighbour_warning_fraction", &P::expected_neighbour_warning_fraction, 0.0, 1.0,
       "1",
       "share of the bound toxin (or of the bolus) in a known, accepted neighbour of the target "
       "(frontalis over the corrugator, upper trapezius over the cervical paraspinal muscles) "
       "above which it becomes a warning",
       "model choice: above the 11-14% that the label's 5 U / 0.1 mL sites give on the default "
       "atlas; frontalis overlies the corrugator (superficial corrugator injection weakens the "
       "lower frontalis fibres), and the trapezius overlies splenius capitis in the upper neck "
       "(Torun 2021: trapezius 10.7, splenius capitis 11.9 mm below the skin above C2)",
       false},
      {"brow_ptosis_min_height_mm", &P::brow_ptosis_min_height_mm, 0.0, 40.0, "mm",
       "height of a frontalis site above the eyebrow below which BROW_PTOSIS_RISK is a warning",
       "BOTOX Cosmetic label (forehead lines): the lowest row at least 2 cm above the eyebrow",
       false},
      {"brow_caution_height_mm", &P::brow_caution_height_mm, 0.0, 50.0, "mm",
       "height of a frontalis site above the eyebrow below which BROW_PTOSIS_RISK is information",
       "clinical injection guide (idnps.com): avoid the zone 2-2.5 cm above the eyebrow (eyelid "
       "heaviness); secondary source",
       false},
      {"eyelid_ptosis_min_height_mm", &P::eyelid_ptosis_min_height_mm, 0.0, 30.0, "mm",
       "height of a corrugator, procerus or frontalis site above the bony supraorbital rim below "
       "which EYELID_PTOSIS_RISK is a warning",
       "BOTOX Cosmetic label (glabellar lines): at least 1 cm above the bony supraorbital ridge",
       false},
      {"migraine_neck_max_ona_units", &P::migraine_neck_max_ona_units, 5.0, 100.0, "ona-U",
       "cervical paraspinal dose of a chronic-migraine plan above which NECK_WEAKNESS_RISK is a "
       "warning",
       "BOTOX label (chronic migraine): 20 U in the cervical paraspinal group; no follow-the-pain "
       "dose in the neck (Blumenfeld 2010)",
       false},
  };
  return table;
}

const ParameterInfo* find_parameter(std::string_view name) {
  for (const ParameterInfo& info : parameter_table()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

double get_parameter(const SpreadParameters& params, const ParameterInfo& info) {
  return params.*(info.member);
}

std::optional<std::string> set_parameter(SpreadParameters& params, std::string_view name,
                                         double value) {
  const ParameterInfo* info = find_parameter(name);
  if (!info) {
    std::string known;
    for (const ParameterInfo& p : parameter_table()) {
      if (!known.empty()) known += ", ";
      known += p.name;
    }
    return "unknown spread-model parameter '" + std::string(name) + "'; known: " + known;
  }
  // A small relative slack so that values written with a few digits (0.333 for 1/3) pass.
  const double slack = 1e-3 * std::max(std::abs(info->min_value), std::abs(info->max_value));
  if (!std::isfinite(value) || value < info->min_value - slack || value > info->max_value + slack) {
    std::ostringstream s;
    s << "spread-model parameter '" << name << "' = " << value << " is outside its allowed range "
      << info->min_value << " to " << info->max_value << " " << info->unit << " (" << info->source
      << ")";
    return s.str();
  }
  params.*(info->member) = value;
  return std::nullopt;
}

Findings apply_parameters(SpreadParameters& params, const std::map<std::string, double>& values) {
  Findings findings;
  for (const auto& [name, value] : values) {
    if (auto error = set_parameter(params, name, value)) {
      findings.push_back({"MODEL_PARAMETER_INVALID", Severity::Error, "",
                          "/model_parameters/" + name, 0, "Plan " + *error + "."});
    }
  }
  return findings;
}

std::optional<std::string> apply_assignment(SpreadParameters& params, std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return "expected name=value, got '" + std::string(text) + "'";
  }
  const std::string name(text.substr(0, eq));
  const std::string value_text(text.substr(eq + 1));
  char* end = nullptr;
  const double value = std::strtod(value_text.c_str(), &end);
  if (value_text.empty() || end != value_text.c_str() + value_text.size()) {
    return "value of '" + name + "' is not a number: '" + value_text + "'";
  }
  return set_parameter(params, name, value);
}

}  // namespace toxplan::sim
