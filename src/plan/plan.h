// The plan: what a physician intends to inject, in one product, on one atlas.
// Plain data; editing goes through PlanEditor (undo/redo) in the app, files through plan_json.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plan/dilution.h"
#include "plan/indication.h"
#include "plan/product.h"
#include "plan/site.h"

namespace toxplan::plan {

inline constexpr int kPlanFormatVersion = 1;

// Contraindications and precautions from reference/clinical.md §3.3. Each is a yes/no answer
// the physician records; nothing here identifies the patient.
struct ChecklistItem {
  std::string id;              // e.g. "hypersensitivity"
  std::string question;        // shown to the user
  std::optional<bool> answer;  // unset until answered; true means "present"
  bool operator==(const ChecklistItem& o) const = default;
};

std::vector<ChecklistItem> default_patient_checklist();

struct Plan {
  std::string title;
  Product product = Product::OnabotulinumtoxinA;
  // Which limits apply (docs/limits.md): the same product has other maxima per indication.
  Indication indication = Indication::Other;
  Dilution dilution;
  std::string atlas_id = "default";
  std::string atlas_version = "1";
  std::string protocol_id;  // empty when the plan did not start from a protocol
  std::vector<Site> sites;
  // Spread-model parameters that differ from the defaults, by name (see sim/spread_parameters).
  std::map<std::string, double> model_parameters;
  // Units of the same product the patient received in the 3 months before this session, for the
  // cumulative 3-month limit (reference/clinical.md §3.1). 0 when none or unknown.
  double prior_units_last_3_months = 0.0;
  std::vector<ChecklistItem> patient_checklist = default_patient_checklist();
  std::string notes;

  const Site* find_site(const std::string& id) const;
  bool operator==(const Plan& o) const = default;
};

}  // namespace toxplan::plan
