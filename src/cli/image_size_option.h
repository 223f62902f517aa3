// The --size WIDTHxHEIGHT option of render, export, demo and the window, read and bounded in one
// place: a size no GPU or memory holds (100000x100000 is 40 GB of pixels) is refused with the
// option and the allowed range, exit code 2, instead of ending in std::bad_alloc or a GL error.
#pragma once

#include <optional>
#include <string>

namespace toxplan::cli {

inline constexpr int kMinImageSide = 64;
// The largest side VTK's off-screen Mesa renderer draws (its maximum viewport is 16384; 8192 x
// 8192 is 256 MB of RGBA, twice that while it is read back).
inline constexpr int kMaxImageSide = 8192;

// "1280x800" -> width, height; false for anything else (no bounds).
bool parse_size(const std::string& text, int* width, int* height);

// Reads `text` given to `option` (e.g. "--size") of `command`; nothing when it is a size within
// kMinImageSide..kMaxImageSide on both sides, else the message to print, naming the option, the
// value and the allowed range.
std::optional<std::string> read_image_size(const std::string& command, const std::string& option,
                                           const std::string& text, int* width, int* height);

}  // namespace toxplan::cli
