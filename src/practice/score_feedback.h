// Words for scoring feedback: muscle and site names a trainee recognises, and position errors
// turned into anatomical directions (superior/inferior, anterior/posterior, medial/lateral) with
// the move that fixes them.
#pragma once

#include <string>

#include "base/vec3.h"
#include "plan/plan.h"

namespace toxplan::practice {

// A reference site within this distance of the midsagittal plane is a midline site: there,
// "medial" and "lateral" mean nothing and an x error is "to the patient's left/right".
inline constexpr double kMidlineHalfWidthMm = 5.0;
// An axis is named in the feedback only when its share of the error is at least this fraction of
// the largest axis (and at least 1 mm): "12 mm too low" and not "12 mm too low, 0.4 mm lateral".
inline constexpr double kNamedAxisFraction = 0.35;
// Depth differences from this size on are mentioned (about a quarter of a 0.5-inch needle's
// length; shallower differences are within the needle-feel of the injection).
inline constexpr double kDepthFeedbackMm = 2.0;

// "frontalis_L" -> "Frontalis L", "corrugator_supercilii_R" -> "Corrugator supercilii R".
std::string structure_display_name(const std::string& structure_id);
// "Frontalis L" -> "frontalis L", for the middle of a sentence.
std::string lowercase_first(std::string text);

// The site's label, or "<Structure> site k" where k counts the plan's sites on that structure.
std::string site_display_name(const plan::Plan& plan, std::size_t site_index);

// RAS offset (attempt minus reference) split into anatomical components.
struct AnatomicalOffset {
  double superior_mm = 0.0;  // + too high
  double anterior_mm = 0.0;  // + too anterior
  double lateral_mm = 0.0;   // + too lateral (away from x = 0); for a midline site: + to the
                             // patient's right
  bool midline = false;      // the reference site is on the midline
};

AnatomicalOffset anatomical_offset(const Vec3& offset_mm, double reference_x_mm);

// "12 mm too low and 6 mm too lateral; move it up and medially" (no final period).
std::string direction_advice(const AnatomicalOffset& offset);

// "too deep by 3 mm: inject 3 mm shallower", empty below kDepthFeedbackMm.
std::string depth_advice(double depth_error_mm);

}  // namespace toxplan::practice
