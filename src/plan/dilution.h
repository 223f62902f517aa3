// Reconstitution arithmetic: a vial of `vial_units` made up with `diluent_ml` of saline.
// All functions are exact in double precision for the values clinicians use.
#pragma once

namespace toxplan::plan {

struct Dilution {
  double vial_units = 100.0;
  double diluent_ml = 2.0;

  double units_per_ml() const { return vial_units / diluent_ml; }
  // The way clinicians state a dilution: "5 U per 0.1 mL".
  double units_per_0_1_ml() const { return units_per_ml() / 10.0; }
  double volume_ml_for_dose(double dose_units) const { return dose_units / units_per_ml(); }
  double dose_units_for_volume(double volume_ml) const { return volume_ml * units_per_ml(); }
  bool operator==(const Dilution& o) const = default;
};

// Whole vials needed to draw `total_units`; a vial is single-use, so any remainder opens one more.
int vials_needed(double total_units, double vial_units);

}  // namespace toxplan::plan
