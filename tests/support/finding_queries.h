// Looking findings up in tests: those with a code, and all of them as text for a failure message.
#pragma once

#include <string>
#include <vector>

#include "base/finding.h"

namespace toxplan::test {

inline std::vector<const Finding*> with_code(const Findings& findings, const std::string& code) {
  std::vector<const Finding*> out;
  for (const Finding& f : findings) {
    if (f.code == code) out.push_back(&f);
  }
  return out;
}

// "\n  CODE [site field] message" for each finding.
inline std::string all_messages(const Findings& findings) {
  std::string text;
  for (const Finding& f : findings)
    text += "\n  " + f.code + " [" + f.site_id + " " + f.field + "] " + f.message;
  return text;
}

}  // namespace toxplan::test
