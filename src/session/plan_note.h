// The line under an error message that says what the window holds now. It must be true: after a
// failed open at start there is no open plan to speak of ("Your open plan was not changed" was
// shown then).
#pragma once

#include <string>

#include "session/planner.h"

namespace toxplan::session {

// "No plan is open: ..." for a new, empty, unmodified plan; otherwise which plan is in the
// window and that it is as it was (a failed action never replaces it), with its unsaved changes.
std::string plan_after_error_note(const Planner& planner);

}  // namespace toxplan::session
