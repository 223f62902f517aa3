// Findings as JSON, shared by every command's --json output.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "base/finding.h"

namespace toxplan::cli {

nlohmann::json findings_to_json(const Findings& findings);

}  // namespace toxplan::cli
