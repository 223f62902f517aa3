// Plan files on disk: loading with every finding (file, field, line), and atomic saving that
// never leaves a half-written plan and keeps the previous version as "<file>.bak".
#pragma once

#include <optional>
#include <string>

#include "base/finding.h"
#include "plan/plan.h"
#include "plan/validation.h"

namespace toxplan::plan {

struct PlanLoadResult {
  std::optional<Plan> plan;  // empty when the file cannot be read or is refused
  Findings findings;         // parse findings, then validation findings, with lines
  bool unreadable = false;   // the file could not be read or is not valid JSON
};

// Reads, parses and validates. Never throws.
PlanLoadResult load_plan_file(const std::string& path, const ValidationContext& context = {});

// Writes `text` to `path` atomically: temporary file in the same folder, fsync, the old file
// kept as path + ".bak", rename over the old file, fsync of the folder. Returns an error message
// (naming the file and what to do) or nothing on success; on error the old file is untouched.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& text);
std::optional<std::string> save_plan_file(const Plan& plan, const std::string& path);

// Whole file as text; nothing if it cannot be read (error explains why).
std::optional<std::string> read_text_file(const std::string& path, std::string* error);

}  // namespace toxplan::plan
