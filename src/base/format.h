// Number formatting for messages and reports: doses and volumes without trailing noise.
#pragma once

#include <string>

namespace toxplan {

// Shortest text that reads back to the same value at the given decimals: 5 -> "5", 3.1 -> "3.1".
std::string format_number(double value, int max_decimals = 3);
std::string format_units(double units);  // "155 U"
std::string format_ml(double ml);        // "3.1 mL"

}  // namespace toxplan
