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

double SpreadParameters::ona_units_per_product_unit(core::Product product) const {
  switch (product) {
    case core::Product::OnabotulinumtoxinA:
      return 1.0;
    case core::Product::AbobotulinumtoxinA:
      return ona_units_per_product_unit_abobotulinumtoxinA;
    case core::Product::IncobotulinumtoxinA:
      return ona_units_per_product_unit_incobotulinumtoxinA;
    case core::Product::RimabotulinumtoxinB:
      return ona_units_per_product_unit_rimabotulinumtoxinB;
  }
  return 1.0;
}

const std::vector<ParameterInfo>& parameter_table() {
  static const std::vector<ParameterInfo> table = {
      {"lambda_along_mm", &P::lambda_along_mm, 1.75, 9.2, "mm",
       "halo length along the muscle fibres (uptake-limited diffusion length)",
       "spread-model.md §5.3: iso-equivalent 5 mm (range 2-8) times sqrt(1.25) (ratio 1.0-1.3); "
       "MODEL CHOICE",
       true},
      {"lambda_across_mm", &P::lambda_across_mm, 1.75, 9.2, "mm",
       "halo length across the muscle fibres",
       "spread-model.md §5.3: iso-equivalent 5 mm divided by sqrt(1.25); MODEL CHOICE", true},
      {"lambda_isotropic_mm", &P::lambda_isotropic_mm, 2.0, 8.0, "mm",
       "halo length in tissue without fibres (fat, skin, unlabelled tissue)",
       "spread-model.md §5.3 iso-equivalent halo length 5 mm (Elwischger DTI halo); MODEL CHOICE",
       true},
      {"threshold_u_per_cm3", &P::threshold_u_per_cm3, 0.018, 0.12, "ona-U/cm3",
       "bound-toxin density above which muscle counts as affected (B_th)",
       "spread-model.md §5.3/§5.4: DERIVED fit to Borodic 1994", false},
      {"fascia_transmission", &P::fascia_transmission, 0.3, 1.0, "1",
       "fraction of the toxin that would bind beyond a fascia that still does (1 = no barrier)",
       "spread-model.md §5.3: Shaari 1991 (-23%) gives 0.77; Borodic 1990 suggests ~0.5", true},
      {"bone_transmission", &P::bone_transmission, 0.0, 1.0, "1",
       "how bone passes toxin: 0 = no-flux (toxin neither enters nor binds), 1 = like soft "
       "tissue",
       "MODEL CHOICE: no binding sites in bone; Borodic 1990 saw effects beyond bone, which "
       "fascia_transmission and the halo around it cover",
       true},
      {"bolus_aspect_ratio", &P::bolus_aspect_ratio, 1.0, 10.2, "1",
       "length / thickness of the injected bolus along the fibres (A)",
       "spread-model.md §5.3: Elwischger MRI 10.2 (1 mL), 4.4 (spastic), 6.0 (2 mL); MODEL CHOICE",
       true},
      {"bolus_volume_fraction", &P::bolus_volume_fraction, 0.1, 1.0, "1",
       "injectate fraction of the bolus volume (phi_b; bolus volume = V / phi_b)",
       "spread-model.md §5.3: DERIVED fit to Elwischger bolus sizes", true},
      {"systemic_loss_fraction", &P::systemic_loss_fraction, 0.0, 0.1, "1",
       "fraction of the dose lost systemically (f_sys)",
       "spread-model.md §5.3: Tang-Liu 2003 'most remained at the injection site'", false},
      {"ona_units_per_product_unit_abobotulinumtoxinA",
       &P::ona_units_per_product_unit_abobotulinumtoxinA, 1.0 / 3.0, 1.0 / 1.3, "ona-U/U",
       "APPROXIMATE conversion of abobotulinumtoxinA units for the spread model only",
       "spread-model.md §3.6 / clinical.md §3.2: 1:2.5 clinical (1:1.3 skin, 1:3 CD)", false},
      {"ona_units_per_product_unit_incobotulinumtoxinA",
       &P::ona_units_per_product_unit_incobotulinumtoxinA, 1.0, 1.0, "ona-U/U",
       "APPROXIMATE conversion of incobotulinumtoxinA units for the spread model only",
       "clinical.md §3.2: 1:1 (Scaglione 2016; PMC4248237 Table 6)", false},
      {"ona_units_per_product_unit_rimabotulinumtoxinB",
       &P::ona_units_per_product_unit_rimabotulinumtoxinB, 1.0 / 50.0, 1.0 / 40.0, "ona-U/U",
       "APPROXIMATE conversion of rimabotulinumtoxinB units for the spread model only",
       "clinical.md §3.2: about 40:1 (PMC4248237 Table 6); 50:1 quoted, NOT VERIFIED", false},
      {"grid_spacing_mm", &P::grid_spacing_mm, 0.2, 2.0, "mm",
       "voxel size of each site's solver grid", "docs/spread-model.md (discretisation error)",
       true},
      {"grid_margin_lambdas", &P::grid_margin_lambdas, 0.5, 4.0, "halo lengths",
       "grid margin beyond the estimated reach, in halo lengths",
       "docs/spread-model.md (closed-form reach within 2% at the default 1)", true},
      {"plan_grid_spacing_mm", &P::plan_grid_spacing_mm, 0.25, 2.0, "mm",
       "voxel size of the plan grid on which site fields are summed (combined volume, overlap)",
       "docs/spread-model.md", false},
      {"needle_length_mm", &P::needle_length_mm, 4.0, 40.0, "mm",
       "needle length for NEEDLE_TOO_SHORT",
       "clinical.md §1.2: 30 G 0.5-inch (12.7 mm) needle (SmPC); 1 inch for thick necks", false},
      {"spread_beyond_target_fraction", &P::spread_beyond_target_fraction, 0.0, 1.0, "1",
       "share of the bound toxin in muscles and organs outside the target's muscle group (same "
       "side) that makes SPREAD_BEYOND_TARGET a warning",
       "spread-model.md §5.7: 10% (arbitrary, exposed)", false},
      {"spread_beyond_target_volume_cm3", &P::spread_beyond_target_volume_cm3, 0.0, 10.0, "cm3",
       "effect volume inside one other muscle that raises SPREAD_BEYOND_TARGET (information "
       "below the bound-share threshold)",
       "spread-model.md §5.7 ('any voxel'); 0.05 cm3 ignores single-voxel staircase noise", false},
      {"fascia_crossing_volume_cm3", &P::fascia_crossing_volume_cm3, 0.0, 10.0, "cm3",
       "effect volume beyond a fascia that raises FASCIA_CROSSING (information)",
       "spread-model.md §5.7; MODEL CHOICE", false},
      {"danger_volume_cm3", &P::danger_volume_cm3, 0.0, 1.0, "cm3",
       "effect volume inside a danger structure that raises DANGER_STRUCTURE_REACHED",
       "MODEL CHOICE: 0.01 cm3 = 80 voxels of 0.5 mm; any reach of a danger structure counts",
       false},
      {"danger_error_bound_fraction", &P::danger_error_bound_fraction, 0.0, 1.0, "1",
       "share of the bound toxin inside a danger structure above which DANGER_STRUCTURE_REACHED "
       "is an error (below it, a warning: the region touches the structure)",
       "MODEL CHOICE: the 10% of spread-model.md §5.7 (arbitrary, exposed); PREEMPT frontal "
       "sites carry a known, low eyelid-ptosis rate (clinical.md §1.5: 3.6%)",
       false},
      {"bolus_overflow_fraction", &P::bolus_overflow_fraction, 0.0, 1.0, "1",
       "share of the bolus volume outside the target that raises BOLUS_OVERFLOW",
       "spread-model.md §5.7; 2% ignores voxel staircase at the boundary", false},
      {"sites_overlap_volume_cm3", &P::sites_overlap_volume_cm3, 0.0, 100.0, "cm3",
       "volume affected by two sites' own effect regions that raises SITES_OVERLAP", "MODEL CHOICE",
       false},
      {"systemic_info_session_ona_units", &P::systemic_info_session_ona_units, 50.0, 1000.0,
       "ona-U", "session total above which SYSTEMIC_INFO is shown",
       "spread-model.md §5.6 T16: Lange 1987, subclinical distant effects above 245 U", false},
      {"high_dose_scm_ona_units", &P::high_dose_scm_ona_units, 25.0, 400.0, "ona-U",
       "dose per sternocleidomastoid above which HIGH_DOSE is raised (dysphagia)",
       "spread-model.md §5.6 T11: Borodic 1990 (dysphagia median 150 U vs 100 U)", false},
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

core::Findings apply_parameters(SpreadParameters& params,
                                const std::map<std::string, double>& values) {
  core::Findings findings;
  for (const auto& [name, value] : values) {
    if (auto error = set_parameter(params, name, value)) {
      findings.push_back({"MODEL_PARAMETER_INVALID", core::Severity::Error, "",
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
