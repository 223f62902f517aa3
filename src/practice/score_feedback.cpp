#include "practice/score_feedback.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

#include "base/format.h"

namespace toxplan::practice {

std::string structure_display_name(const std::string& structure_id) {
  std::string text = structure_id;
  std::replace(text.begin(), text.end(), '_', ' ');
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string lowercase_first(std::string text) {
  // Keep all-capital words (acronyms such as "SCM") as they are.
  if (text.size() >= 2 && std::isupper(static_cast<unsigned char>(text[1]))) return text;
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::string site_display_name(const plan::Plan& plan, std::size_t site_index) {
  const plan::Site& site = plan.sites.at(site_index);
  if (!site.label.empty()) return site.label;
  int ordinal = 0;
  for (std::size_t i = 0; i <= site_index; ++i) {
    if (plan.sites[i].target_structure_id == site.target_structure_id) ++ordinal;
  }
  return structure_display_name(site.target_structure_id) + " site " + std::to_string(ordinal);
}

AnatomicalOffset anatomical_offset(const Vec3& offset_mm, double reference_x_mm) {
  AnatomicalOffset a;
  a.superior_mm = offset_mm.z;
  a.anterior_mm = offset_mm.y;
  a.midline = std::fabs(reference_x_mm) < kMidlineHalfWidthMm;
  a.lateral_mm = a.midline ? offset_mm.x : (reference_x_mm > 0 ? offset_mm.x : -offset_mm.x);
  return a;
}

namespace {

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t n = 0; n < words.size(); ++n) {
    if (n > 0) out += n + 1 == words.size() ? " and " : ", ";
    out += words[n];
  }
  return out;
}

std::string mm(double value) {
  return format_number(std::fabs(value), 0) + " mm";
}

}  // namespace

std::string direction_advice(const AnatomicalOffset& offset) {
  const double largest = std::max(
      {std::fabs(offset.superior_mm), std::fabs(offset.anterior_mm), std::fabs(offset.lateral_mm)});
  auto named = [&](double v) {
    return std::fabs(v) >= 1.0 && std::fabs(v) >= kNamedAxisFraction * largest;
  };
  std::vector<std::string> errors;
  std::vector<std::string> moves;
  if (named(offset.superior_mm)) {
    errors.push_back(mm(offset.superior_mm) + (offset.superior_mm < 0 ? " too low" : " too high"));
    moves.push_back(offset.superior_mm < 0 ? "up" : "down");
  }
  if (named(offset.lateral_mm)) {
    if (offset.midline) {
      errors.push_back(mm(offset.lateral_mm) + " to the patient's " +
                       (offset.lateral_mm > 0 ? "right" : "left"));
      moves.push_back("toward the midline");
    } else {
      errors.push_back(mm(offset.lateral_mm) +
                       (offset.lateral_mm > 0 ? " too lateral" : " too medial"));
      moves.push_back(offset.lateral_mm > 0 ? "medially" : "laterally");
    }
  }
  if (named(offset.anterior_mm)) {
    errors.push_back(mm(offset.anterior_mm) +
                     (offset.anterior_mm > 0 ? " too anterior" : " too posterior"));
    moves.push_back(offset.anterior_mm > 0 ? "posteriorly" : "anteriorly");
  }
  if (errors.empty()) return "";
  return join_words(errors) + "; move it " + join_words(moves);
}

std::string depth_advice(double depth_error_mm) {
  if (!(std::fabs(depth_error_mm) >= kDepthFeedbackMm)) return "";
  const std::string d = format_number(std::fabs(depth_error_mm), 1) + " mm";
  return depth_error_mm > 0 ? "the needle goes " + d + " too deep: inject " + d + " shallower"
                            : "the needle is " + d + " too shallow: inject " + d + " deeper";
}

}  // namespace toxplan::practice
