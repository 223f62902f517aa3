// A finding is what validation, limits and the simulator report to the user: a stable code,
// a severity, where it is (site, field, line) and a sentence that says what to do.
#pragma once

#include <string>
#include <vector>

namespace toxplan {

enum class Severity { Info, Warning, Error };

const char* severity_name(Severity severity);  // "info", "warning", "error"

struct Finding {
  std::string code;  // e.g. "DOSE_NOT_POSITIVE", stable across versions
  Severity severity = Severity::Error;
  std::string site_id;  // empty when the finding is not about one site
  std::string field;    // JSON pointer of the field, e.g. "/sites/3/dose_units"; may be empty
  int line = 0;         // 1-based line in the file; 0 when unknown or not from a file
  std::string message;  // one sentence a physician understands, naming the field and the fix
};

using Findings = std::vector<Finding>;

bool has_errors(const Findings& findings);

}  // namespace toxplan
