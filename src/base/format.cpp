#include "base/format.h"

#include <cmath>
#include <cstdio>

namespace toxplan {

std::string format_number(double value, int max_decimals) {
  if (!std::isfinite(value)) return std::isnan(value) ? "NaN" : (value > 0 ? "inf" : "-inf");
  char buf[64];
  // Far beyond any dose or volume (a typing error such as 1e300): a short scientific form, not
  // a line of 300 digits.
  if (std::abs(value) >= 1e9) {
    std::snprintf(buf, sizeof buf, "%.3g", value);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.*f", max_decimals, value);
  std::string s(buf);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0')
      s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string format_units(double units) {
  return format_number(units, 2) + " U";
}
std::string format_ml(double ml) {
  return format_number(ml, 3) + " mL";
}

}  // namespace toxplan
