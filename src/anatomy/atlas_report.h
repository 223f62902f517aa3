// What `toxplan atlas info` and `toxplan atlas check` print, as functions of a loaded atlas and
// its findings, so that tests can check the text without running the program.
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "anatomy/atlas.h"
#include "base/finding.h"

namespace toxplan::anatomy {

// Structures (kind, side, group, triangles, volume, closed) and landmarks, as a table.
void write_atlas_info(const Atlas& atlas, std::ostream& out);
// The same content as JSON.
nlohmann::json atlas_info_json(const Atlas& atlas);

// One line: "error CODE atlas.json:12/structures/3/kind: message". `file` is the manifest's
// name as the user should see it; a message that starts with the manifest path has that
// prefix removed, since the line already says where.
std::string finding_line(const Finding& finding, const std::string& file,
                         const std::string& manifest_path);

}  // namespace toxplan::anatomy
