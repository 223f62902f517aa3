// Parsing a JSON text from a file for every reader of the program (plans, protocols, tours,
// atlases, attempt histories): never throws, and says where the text is wrong.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/finding.h"

namespace toxplan {

struct JsonTextError {
  int line = 0;         // 1-based line of the error, 0 when it cannot be placed
  std::string message;  // what is wrong, without nlohmann's "[json.exception...]" prefix
};

// The document, or nothing and *error filled. Besides syntax errors this catches what
// nlohmann reports as other exceptions while parsing (a number too large for a double, for
// example 1e999999), which a bare catch of parse_error let escape and end the process.
std::optional<nlohmann::json> parse_json_text(std::string_view text, JsonTextError* error);

// The one wording of a syntax error, for every reader: "<source>:<line>: not valid JSON
// (<what>); <advice>" (no ":<line>" when it cannot be placed). Wrong types and missing fields are
// worded by JsonReader (base/json_reader.h), with the JSON pointer of the field.
std::string json_syntax_message(const std::string& source, const JsonTextError& error,
                                const std::string& advice);

// The same as an error finding with the reader's stable `code` and the line.
Finding json_syntax_finding(const std::string& code, const std::string& source,
                            const JsonTextError& error, const std::string& advice);

}  // namespace toxplan
