// Maps JSON pointers ("/sites/3/dose_units") to the 1-based line where that value starts in
// the file's text, so that findings can say "line 42" — nlohmann::json keeps no positions.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/finding.h"

namespace toxplan {

class JsonLocator {
 public:
  JsonLocator() = default;
  // `text` must be valid JSON (parse it with nlohmann first); invalid text yields fewer entries.
  explicit JsonLocator(std::string_view text);

  // Line of the value at `pointer`, or of its nearest ancestor that exists; 0 if none.
  int line_of(const std::string& pointer) const;

  // 1-based line of a byte offset into the text (for parse errors).
  static int line_at_offset(std::string_view text, std::size_t offset);

 private:
  std::unordered_map<std::string, int> lines_;
};

// Fills in the line of every finding that names a field, and appends "(line N)" to its
// message, from the text the findings were made from.
void attach_lines(std::vector<Finding>* findings, std::string_view text);

// Escapes a key for use in a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string json_pointer_escape(const std::string& key);

}  // namespace toxplan
