// Adverse-effect rules about where a site is, not about how far its toxin spreads: a frontalis
// site too close to the brow (brow ptosis), a glabellar or forehead site less than 1 cm above the
// bony supraorbital rim (eyelid ptosis), occipitalis below the occipital ridge, cervical
// paraspinal sites in the mid-neck or above PREEMPT's neck dose (neck weakness), both
// sternocleidomastoids injected or a needle tip deep to the sternocleidomastoid (dysphagia).
// Distances are measured from the atlas landmarks (Tissue::landmarks()), in the atlas frame whose
// x-y plane is the Frankfort horizontal, so "above" is +z. Each finding names the site, the
// distance in mm, the rule and its published source, and says it is an estimate. Rules and
// sources: docs/spread-model.md (position rules). Costs a few landmark look-ups per site.
//
//   BROW_PTOSIS_RISK     warning  frontalis entry < brow_ptosis_min_height_mm above the eyebrow
//                        info     below brow_caution_height_mm
//   EYELID_PTOSIS_RISK   warning  corrugator / procerus / frontalis entry over the orbit less than
//                                 eyelid_ptosis_min_height_mm above the bony supraorbital rim
//   NECK_WEAKNESS_RISK   warning  occipitalis entry below the occipital ridge; in a chronic-
//                                 migraine plan: cervical paraspinal entry below the C2 spinous
//                                 process (mid-neck), or the group's dose above
//                                 migraine_neck_max_ona_units
//   BILATERAL_SCM        warning  both sternocleidomastoids injected
//   DEEP_ANTERIOR_NECK   warning  sternocleidomastoid site whose tip lies deep to the muscle
#pragma once

#include <memory>
#include <vector>

#include "base/finding.h"
#include "plan/plan.h"
#include "sim/site_spread.h"
#include "sim/spread_parameters.h"
#include "sim/tissue.h"

namespace toxplan::sim {

// True for a plan of the chronic-migraine (PREEMPT) paradigm: its indication says so.
bool is_chronic_migraine_plan(const plan::Plan& plan);

// `sites` in plan order (as PlanSpread::sites), or empty: the rules that need the needle tip's
// structure (DEEP_ANTERIOR_NECK) are then skipped. Rules whose landmarks the tissue lacks are
// skipped too.
Findings position_flags(const plan::Plan& plan,
                        const std::vector<std::shared_ptr<const SiteSpread>>& sites,
                        const SpreadParameters& params, const TissueTable& table,
                        const Landmarks& landmarks);

}  // namespace toxplan::sim
