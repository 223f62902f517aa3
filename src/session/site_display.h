// How the window names a site: its side, its target's full name and the site editor's header,
// so that the user always sees which muscle on which side a dose typed now goes to (issue 12:
// the sites table cut "sternocleidomastoi..." and a dose meant for the left went to the right).
#pragma once

#include <string>

#include "anatomy/atlas.h"
#include "plan/plan.h"

namespace toxplan::session {

// "left", "right" or "midline": the target structure's side in the atlas, or from its id's
// suffix ("_L", "_R") for a target the atlas does not have.
std::string site_side(const anatomy::Atlas& atlas, const plan::Site& site);
// The target's full name from the atlas ("Sternocleidomastoid (left)"), else its id.
std::string site_target_name(const anatomy::Atlas& atlas, const plan::Site& site);
// The target's name without the side the Side column shows ("Sternocleidomastoid").
std::string site_target_name_without_side(const anatomy::Atlas& atlas, const plan::Site& site);
// "Editing: Sternocleidomastoid (left) - site sternocleidomastoid_L".
std::string site_editor_header(const anatomy::Atlas& atlas, const plan::Site& site);

}  // namespace toxplan::session
