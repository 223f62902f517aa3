#include "plan/validation.h"

#include <cmath>
#include <set>

#include "base/format.h"
#include "plan/limits.h"

namespace toxplan::plan {

namespace {

class Checker {
 public:
  explicit Checker(Findings* out) : out_(out) {}
  void add(const char* code, Severity severity, const std::string& site_id,
           const std::string& field, const std::string& message) {
    out_->push_back({code, severity, site_id, field, 0, message});
  }

 private:
  Findings* out_;
};

void check_dilution(const Plan& plan, Checker& c) {
  const Dilution& d = plan.dilution;
  if (!std::isfinite(d.vial_units) || d.vial_units <= 0.0) {
    c.add("DILUTION_INVALID", Severity::Error, "", "/dilution/vial_units",
          "field /dilution/vial_units is " + format_number(d.vial_units) +
              "; enter the vial size in units (for example 100)");
  }
  if (!std::isfinite(d.diluent_ml) || d.diluent_ml <= 0.0) {
    c.add("DILUTION_INVALID", Severity::Error, "", "/dilution/diluent_ml",
          "field /dilution/diluent_ml is " + format_number(d.diluent_ml) +
              "; enter the diluent volume in mL (for example 2)");
  }
}

void check_site(const Plan& plan, std::size_t i, const AbsurdBounds& absurd, Checker& c) {
  const Site& s = plan.sites[i];
  const std::string p = "/sites/" + std::to_string(i);
  const std::string who = "site " + (s.id.empty() ? "#" + std::to_string(i + 1) : s.id);

  if (s.id.empty()) {
    c.add("SITE_ID_EMPTY", Severity::Error, "", p + "/id",
          who +
              ": field id is empty; give the "
              "site a unique id");
  }
  if (!std::isfinite(s.dose_units)) {
    c.add("DOSE_NOT_FINITE", Severity::Error, s.id, p + "/dose_units",
          who + ": field dose_units is not a number; enter the dose in units");
  } else if (s.dose_units <= 0.0) {
    c.add("DOSE_NOT_POSITIVE", Severity::Error, s.id, p + "/dose_units",
          who + ": field dose_units is " + format_number(s.dose_units) +
              "; a dose must be more than 0 U (delete the site instead)");
  } else if (s.dose_units > absurd.max_site_dose_units) {
    c.add("DOSE_ABSURD", Severity::Error, s.id, p + "/dose_units",
          who + ": field dose_units is " + format_units(s.dose_units) + ", above " +
              format_units(absurd.max_site_dose_units) + " (" + absurd.dose_source +
              "); check for a typing error");
  }
  if (!std::isfinite(s.volume_ml)) {
    c.add("VOLUME_NOT_FINITE", Severity::Error, s.id, p + "/volume_ml",
          who + ": field volume_ml is not a number; enter the volume in mL");
  } else if (s.volume_ml <= 0.0) {
    c.add("VOLUME_NOT_POSITIVE", Severity::Error, s.id, p + "/volume_ml",
          who + ": field volume_ml is " + format_number(s.volume_ml) +
              "; an injected volume must be more than 0 mL");
  } else if (s.volume_ml > kAbsurdSiteVolumeMl) {
    c.add("VOLUME_ABSURD", Severity::Error, s.id, p + "/volume_ml",
          who + ": field volume_ml is " + format_ml(s.volume_ml) + ", more than " +
              format_ml(kAbsurdSiteVolumeMl) +
              " (the largest reconstitution of one vial in the BOTOX label's dilution table, "
              "PDR); check for a typing error");
  } else if (std::isfinite(s.dose_units) && s.dose_units > 0.0 &&
             plan.dilution.units_per_ml() > 0.0 && std::isfinite(plan.dilution.units_per_ml())) {
    const double expected_ml = plan.dilution.volume_ml_for_dose(s.dose_units);
    const double tolerance_ml =
        std::max(kVolumeMismatchAbsoluteMl, kVolumeMismatchRelative * expected_ml);
    if (std::abs(s.volume_ml - expected_ml) > tolerance_ml) {
      c.add("VOLUME_DOSE_MISMATCH", Severity::Error, s.id, p + "/volume_ml",
            who + ": field volume_ml is " + format_ml(s.volume_ml) + " but " +
                format_units(s.dose_units) + " at " +
                format_number(plan.dilution.units_per_0_1_ml()) + " U per 0.1 mL is " +
                format_ml(expected_ml) + "; correct the volume, the dose or the dilution");
    }
  }
  if (!is_finite(s.entry_point_mm)) {
    c.add("COORDINATE_NOT_FINITE", Severity::Error, s.id, p + "/entry_mm",
          who + ": field entry_mm has a non-finite coordinate; place the site again");
  }
  if (!is_finite(s.needle_direction) || norm(s.needle_direction) < 1e-9) {
    c.add("DIRECTION_INVALID", Severity::Error, s.id, p + "/direction",
          who + ": field direction must be a non-zero vector pointing into the body");
  }
  if (!std::isfinite(s.depth_mm) || s.depth_mm < 0.0) {
    c.add("DEPTH_INVALID", Severity::Error, s.id, p + "/depth_mm",
          who + ": field depth_mm is " + format_number(s.depth_mm) +
              "; enter the needle depth from the skin in mm (0 or more)");
  }
  if (!std::isfinite(s.needle_length_mm) || s.needle_length_mm < 0.0) {
    c.add("NEEDLE_LENGTH_INVALID", Severity::Error, s.id, p + "/needle_length_mm",
          who + ": field needle_length_mm must be a length in mm (or left out)");
  }
  if (s.target_structure_id.empty()) {
    c.add("TARGET_MISSING", Severity::Error, s.id, p + "/target_structure_id",
          who + ": field target_structure_id is empty; choose the target muscle");
  }
}

// A protocol's doses are in its product's units: a PREEMPT plan switched to another product
// would still carry "155 U" of a paradigm that exists only for onabotulinumtoxinA.
void check_protocol_product(const Plan& plan, Checker& c) {
  const std::optional<Product> expected = protocol_product(plan.protocol_id);
  if (!expected || *expected == plan.product) return;
  c.add("PROTOCOL_PRODUCT_MISMATCH", Severity::Error, "", "/product",
        "field /product is " + std::string(product_id(plan.product)) +
            " but the plan is made from "
            "protocol " +
            plan.protocol_id + ", whose doses are " + std::string(product_id(*expected)) + " (" +
            std::string(product_info(*expected).brand_name) +
            ") units (the PREEMPT paradigm is defined for onabotulinumtoxinA only, BOTOX "
            "label); units are not interchangeable: start the plan again in this product without "
            "the protocol, or set the product back");
}

}  // namespace

std::optional<Product> protocol_product(const std::string& protocol_id) {
  if (protocol_id.rfind("preempt", 0) == 0) return Product::OnabotulinumtoxinA;
  if (protocol_id == "cervical-dystonia") return Product::OnabotulinumtoxinA;
  return std::nullopt;
}

Findings validate_plan(const Plan& plan, const ValidationContext& context) {
  Findings out;
  Checker c(&out);
  check_dilution(plan, c);
  const AbsurdBounds absurd = absurd_bounds(plan.product);

  std::set<std::string> seen_ids;
  for (std::size_t i = 0; i < plan.sites.size(); ++i) {
    const Site& s = plan.sites[i];
    check_site(plan, i, absurd, c);
    if (!s.id.empty() && !seen_ids.insert(s.id).second) {
      c.add("SITE_ID_DUPLICATE", Severity::Error, s.id, "/sites/" + std::to_string(i) + "/id",
            "site " + s.id + ": field id is used by an earlier site; site ids must be unique");
    }
    if (context.structure_exists && !s.target_structure_id.empty() &&
        !context.structure_exists(s.target_structure_id)) {
      c.add("TARGET_UNKNOWN", Severity::Error, s.id,
            "/sites/" + std::to_string(i) + "/target_structure_id",
            "site " + s.id + ": field target_structure_id \"" + s.target_structure_id +
                "\" is not a structure of atlas " + context.atlas_id +
                "; choose one listed by `toxplan atlas info`");
    }
  }
  if (!context.atlas_id.empty() && plan.atlas_id != context.atlas_id) {
    c.add("ATLAS_MISMATCH", Severity::Warning, "", "/atlas/id",
          "field /atlas/id: the plan was made on atlas \"" + plan.atlas_id +
              "\" but is checked against \"" + context.atlas_id +
              "\"; positions may not match this anatomy");
  }
  if (!std::isfinite(plan.prior_units_last_3_months) || plan.prior_units_last_3_months < 0.0) {
    c.add("FIELD_WRONG_TYPE", Severity::Error, "", "/prior_units_last_3_months",
          "field /prior_units_last_3_months must be 0 or more units");
  }
  for (std::size_t i = 0; i < plan.patient_checklist.size(); ++i) {
    const ChecklistItem& item = plan.patient_checklist[i];
    if (item.answer.value_or(false)) {
      c.add("CHECKLIST_FLAGGED", Severity::Warning, "",
            "/patient_checklist/" + std::to_string(i) + "/answer",
            "patient checklist: \"" + item.question +
                "\" is answered yes; review before "
                "injecting");
    }
  }

  check_protocol_product(plan, c);

  const DoseTotals totals = compute_totals(plan, context.group_of);
  Findings limits = check_limits(plan, totals);
  out.insert(out.end(), limits.begin(), limits.end());
  return out;
}

}  // namespace toxplan::plan
