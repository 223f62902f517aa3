// How things look: default opacity per structure kind, and the colours that carry meaning
// (site status). Kept in one place so the window, `toxplan render` and the legend agree.
#pragma once

#include <array>

#include "anatomy/structure.h"

namespace toxplan::render {

using Rgb = std::array<double, 3>;

// Worst flag of a site, which colours its glyph and its spread surface.
enum class SiteStatus { Unsimulated, WithinTarget, SpreadBeyondTarget, DangerReached };

const char* site_status_name(SiteStatus status);
Rgb site_status_colour(SiteStatus status);

// Skin is translucent by default so the muscles under it show; the fat layer is hidden because
// it would veil every muscle; everything else is opaque.
double default_opacity(anatomy::StructureKind kind);
bool default_visible(anatomy::StructureKind kind);

inline constexpr Rgb kBackgroundTop{0.16, 0.18, 0.22};
inline constexpr Rgb kBackgroundBottom{0.05, 0.06, 0.08};
inline constexpr Rgb kSelectionColour{1.0, 0.95, 0.2};
inline constexpr Rgb kHighlightColour{1.0, 0.85, 0.1};
inline constexpr Rgb kReferenceSiteColour{0.85, 0.4, 1.0};  // violet: unlike any status colour
inline constexpr Rgb kErrorLineColour{1.0, 1.0, 1.0};

}  // namespace toxplan::render
