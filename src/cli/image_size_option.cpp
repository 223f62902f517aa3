#include "cli/image_size_option.h"

#include <exception>

namespace toxplan::cli {

bool parse_size(const std::string& text, int* width, int* height) {
  const auto x = text.find('x');
  if (x == std::string::npos) return false;
  try {
    std::size_t used_w = 0;
    std::size_t used_h = 0;
    *width = std::stoi(text.substr(0, x), &used_w);
    *height = std::stoi(text.substr(x + 1), &used_h);
    return used_w == x && used_h == text.size() - x - 1 && *width > 0 && *height > 0;
  } catch (const std::exception&) {  // not a number, or beyond int: not a size
    return false;
  }
}

std::optional<std::string> read_image_size(const std::string& command, const std::string& option,
                                           const std::string& text, int* width, int* height) {
  int w = 0, h = 0;
  if (parse_size(text, &w, &h) && w >= kMinImageSide && h >= kMinImageSide && w <= kMaxImageSide &&
      h <= kMaxImageSide) {
    *width = w;
    *height = h;
    return std::nullopt;
  }
  return command + ": " + option + " must be WIDTHxHEIGHT with each side from " +
         std::to_string(kMinImageSide) + " to " + std::to_string(kMaxImageSide) +
         " pixels (for example 1280x800), got \"" + text + "\"";
}

}  // namespace toxplan::cli
