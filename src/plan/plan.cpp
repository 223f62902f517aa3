#include "plan/plan.h"

namespace toxplan::plan {

// Questions from reference/clinical.md §3.3 (contraindications, precautions) and §3.1
// (re-treatment interval). Answers are yes/no; no identifying data is asked for.
std::vector<ChecklistItem> default_patient_checklist() {
  return {
      {"hypersensitivity",
       "Known hypersensitivity to any botulinum toxin preparation or formulation component? "
       "(contraindication)",
       std::nullopt},
      {"infection_at_site", "Infection at any proposed injection site? (contraindication)",
       std::nullopt},
      {"neuromuscular_disorder",
       "Neuromuscular disorder such as ALS, myasthenia gravis or Lambert-Eaton syndrome? "
       "(increased risk of serious systemic effects)",
       std::nullopt},
      {"neuromuscular_drugs",
       "Taking aminoglycosides or other agents affecting neuromuscular transmission? (may "
       "potentiate the effect)",
       std::nullopt},
      {"dysphagia_or_breathing",
       "Pre-existing swallowing or breathing difficulty? (boxed warning: distant spread)",
       std::nullopt},
      {"pregnancy", "Pregnant? (not recommended / benefit must justify risk; sources differ)",
       std::nullopt},
      {"breastfeeding",
       "Breastfeeding? (sources disagree: one label advises against it, LactMed found no special "
       "precautions needed)",
       std::nullopt},
      {"retreatment_interval",
       "Previous botulinum toxin treatment less than 12 weeks ago? (re-treatment interval)",
       std::nullopt},
  };
}

const Site* Plan::find_site(const std::string& site_id) const {
  for (const Site& s : sites) {
    if (s.id == site_id) return &s;
  }
  return nullptr;
}

}  // namespace toxplan::plan
