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
inline constexpr Rgb kLandmarkColour{0.3, 0.9, 1.0};  // cyan dots: unlike tissue and status
inline constexpr Rgb kLandmarkNameColour{0.7, 0.95, 1.0};

// The field view of the spread (Scene::SpreadColouring::ByField): surfaces at these multiples of
// the paralytic threshold, in these colours (viridis, a perceptually uniform and colour-blind-safe
// map, at 0.25, 0.5 and 1: blue, teal, yellow; unlike the red muscles and the beige bone).
inline constexpr std::array<double, 3> kFieldLevels{1.0, 2.0, 4.0};
inline constexpr std::array<Rgb, 3> kFieldLevelColours{
    {{0.229, 0.322, 0.546}, {0.128, 0.567, 0.551}, {0.993, 0.906, 0.144}}};

}  // namespace toxplan::render
