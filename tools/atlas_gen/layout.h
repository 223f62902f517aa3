// Positions shared by several builders (atlas frame, mm, right side). Each is derived from the
// sourced dimensions in dimensions.h; the derivation is in the comment and in
// docs/schematic-atlas.md.
#pragma once

#include "dimensions.h"
#include "sdf.h"

namespace atlas_gen::layout {

// Eyes: pupils 64 mm apart (A7), 17.4 mm above the Frankfort plane (A26: ectocanthus above
// tragion). The globe (K8: 23.5 mm) sits ~4 mm behind the closed-lid skin.
constexpr double kPupilX_mm = dim::kInterpupillary_mm / 2.0;
constexpr double kPupilZ_mm = dim::kEctocanthusAboveTragion_mm;
constexpr double kEyeRadius_mm = dim::kEyeAxialLength_mm / 2.0;
constexpr V3 kEyeCentre{kPupilX_mm, 73.0, kPupilZ_mm};

// Orbit cavity: breadth 40 x height 32 (K5) around the globe, ~46 mm deep (K7 rim -> optic
// canal 44.7). Its superior margin is the supraorbital rim.
constexpr V3 kOrbitCentre{30.5, 65.0, 16.0};
constexpr V3 kOrbitRadii{dim::kOrbitBreadth_mm / 2.0 - 0.5, 30.0, dim::kOrbitHeight_mm / 2.0 + 0.5};
constexpr double kSupraorbitalRimZ_mm = kOrbitCentre.z + kOrbitRadii.z;  // 32.5
constexpr double kInfraorbitalRimZ_mm = kOrbitCentre.z - kOrbitRadii.z;
constexpr double kLateralOrbitalRimX_mm = kOrbitCentre.x + kOrbitRadii.x;  // 50 (K10: 50.9)

// Brow and forehead: the eyebrow lies ~5 mm above the bony rim; the hairline is 66.5 mm above
// the brow (B1).
constexpr double kBrowZ_mm = kSupraorbitalRimZ_mm + 5.5;
constexpr double kTrichionZ_mm = kBrowZ_mm + dim::kForeheadHeight_mm;
constexpr double kGlabellaZ_mm = 33.0;
constexpr double kNasionZ_mm = 21.0;
constexpr double kSellionZ_mm = 19.0;
constexpr double kIntercanthalZ_mm = kPupilZ_mm;  // HL of M11

// Occiput: external occipital protuberance just above the Frankfort plane (K13 not found; the
// trapezius' occipital attachment of the neck model lands 5 mm below the plane).
constexpr double kInionZ_mm = 4.0;

// Temporal fusion line (anterior superior temporal line) ~ 8 mm lateral of the orbit's lateral
// rim at forehead height (M28 not found: modelling choice).
constexpr double kTemporalLineX_mm = 52.0;

// Shoulders: acromion skin points biacromial 415.7 mm apart (A10), 184.3 mm below tragion (A24).
constexpr double kAcromionSkinX_mm = dim::kBiacromial_mm / 2.0;
constexpr double kAcromionZ_mm = -dim::kTragionAboveAcromion_mm;

}  // namespace atlas_gen::layout
