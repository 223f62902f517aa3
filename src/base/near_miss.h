// Which known name a misspelled one was probably meant to be. A misspelled field of a plan file
// must not be dropped as "unknown": prior_unit_last_3_months ignored would make the 3-month limit
// count 0 prior units without a word.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace toxplan {

// Levenshtein distance (insertions, deletions, substitutions), ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The known name `name` is closest to, when it is a near miss: at most 1 edit for names of 3 to
// 5 characters, at most 2 for longer ones (short names are too close to each other to guess).
std::optional<std::string> near_miss(std::string_view name,
                                     std::initializer_list<const char*> known);

}  // namespace toxplan
