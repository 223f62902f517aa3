#include "plan/unit_conversion.h"

namespace toxplan::plan {

namespace {

struct RatioToOna {
  double low;  // product units per onabotulinumtoxinA unit
  double high;
  const char* source;
};

// reference/clinical.md §3.2, "APPROXIMATE clinical ratios (NOT label-endorsed)".
RatioToOna ratio_to_ona(Product p) {
  switch (p) {
    case Product::OnabotulinumtoxinA:
      return {1.0, 1.0, "identity"};
    case Product::IncobotulinumtoxinA:
      return {1.0, 1.0, "1:1 (Scaglione, Toxins 2016;8:65; PMC4248237 Table 6)"};
    case Product::AbobotulinumtoxinA:
      return {2.5, 3.0, "2.5-3:1 (PMC4248237 Table 6; American Academy of Ophthalmology)"};
    case Product::RimabotulinumtoxinB:
      return {40.0, 40.0, "about 40:1 (PMC4248237 Table 6; the often quoted 50:1 is not verified)"};
  }
  return {1.0, 1.0, ""};
}

}  // namespace

ApproximateConversion convert_approximately(double units, Product from, Product to) {
  const RatioToOna f = ratio_to_ona(from);
  const RatioToOna t = ratio_to_ona(to);
  // from-units -> ona-units -> to-units; the range combines both ranges' ends.
  const double low = t.low / f.high;
  const double high = t.high / f.low;
  ApproximateConversion c;
  c.ratio_low = low;
  c.ratio_high = high;
  c.value_units = units * (t.low / f.low);
  c.label = from == to ? "approximate conversion not needed (same product)"
                       : "approximate: units are not interchangeable between products (labels); "
                         "clinical ratio only";
  c.source = std::string(f.source) + "; " + t.source;
  return c;
}

}  // namespace toxplan::plan
