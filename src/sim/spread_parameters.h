// Every number of the spread model (docs/spread-model.md, parameters) by name, with its
// default, allowed range, unit and source. Values are resolved in this order: defaults, then
// the plan's model_parameters, then the command line (--set name=value).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/finding.h"
#include "plan/product.h"

namespace toxplan::sim {

struct SpreadParameters {
  // Halo (uptake-limited screened diffusion), §5.3: iso-equivalent 5 mm, λ∥/λ⊥ = 1.25 with
  // λ∥ = 5·√1.25 and λ⊥ = 5/√1.25 (so √(λ∥λ⊥) = 5 mm).
  double lambda_along_mm = 5.590169943749474;
  double lambda_across_mm = 4.47213595499958;
  double lambda_isotropic_mm = 5.0;  // tissue without fibres (fat, skin, unlabelled)
  double threshold_u_per_cm3 = 0.05;
  double fascia_transmission = 0.77;
  // Tissue classes the halo does not enter (no-flux): 0 = impermeable, 1 = like soft tissue.
  double bone_transmission = 0.0;
  // Bolus, §5.2 step 1.
  double bolus_aspect_ratio = 6.0;
  double bolus_volume_fraction = 1.0;
  double systemic_loss_fraction = 0.0;
  // Unit conversion to ona-U, §3.6 / clinical.md §3.2 (approximate).
  double ona_units_per_product_unit_abobotulinumtoxinA = 0.4;
  double ona_units_per_product_unit_incobotulinumtoxinA = 1.0;
  double ona_units_per_product_unit_rimabotulinumtoxinB = 0.025;
  // Discretisation.
  double grid_spacing_mm = 0.5;
  double grid_margin_lambdas = 1.0;
  double plan_grid_spacing_mm = 1.0;
  // Flags, §5.7 and clinical.md.
  double needle_length_mm = 12.7;
  double spread_beyond_target_fraction = 0.10;
  double spread_beyond_target_volume_cm3 = 0.05;
  double fascia_crossing_volume_cm3 = 0.005;
  double danger_volume_cm3 = 0.01;
  double danger_error_bound_fraction = 0.10;
  double bolus_overflow_fraction = 0.02;
  double sites_overlap_volume_cm3 = 0.1;
  double systemic_info_session_ona_units = 245.0;
  double high_dose_scm_ona_units = 100.0;
  // Known, accepted neighbours of a target (docs/spread-model.md, flags).
  double expected_neighbour_warning_fraction = 0.25;
  // Position rules (position_rules.h; docs/spread-model.md, position rules).
  double brow_ptosis_min_height_mm = 20.0;
  double brow_caution_height_mm = 25.0;
  double eyelid_ptosis_min_height_mm = 10.0;
  double migraine_neck_max_ona_units = 20.0;

  // ona-U per product-U for `product` (1 for onabotulinumtoxinA, the reference).
  double ona_units_per_product_unit(plan::Product product) const;
};

// What a parameter means, for the user, the docs and validation.
struct ParameterInfo {
  std::string_view name;
  double SpreadParameters::*member;
  double min_value;
  double max_value;
  std::string_view unit;
  std::string_view meaning;
  std::string_view source;
  // False for parameters that only change flags or the dose scale: those never re-solve.
  bool changes_field_shape;
};

const std::vector<ParameterInfo>& parameter_table();
const ParameterInfo* find_parameter(std::string_view name);

// Sets one parameter; returns an error message (unknown name with the known names, or the
// allowed range) and leaves `params` unchanged on error.
std::optional<std::string> set_parameter(SpreadParameters& params, std::string_view name,
                                         double value);
double get_parameter(const SpreadParameters& params, const ParameterInfo& info);

// Applies a plan's model_parameters; each bad entry becomes an error finding whose field is
// "/model_parameters/<name>".
Findings apply_parameters(SpreadParameters& params, const std::map<std::string, double>& values);
// Parses "name=value" (command line); error message on a malformed entry or bad value.
std::optional<std::string> apply_assignment(SpreadParameters& params, std::string_view text);

}  // namespace toxplan::sim
