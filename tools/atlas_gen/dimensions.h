// Sourced dimensions of the schematic atlas (adult male column). Each constant names its row in
// docs/reference/anatomy-dimensions.md (mirrored in docs/schematic-atlas.md). Values that
// are modelling choices, not sources, say so.
#pragma once

namespace atlas_gen::dim {

// --- Whole head (ANSUR II, A rows) ---
constexpr double kHeadLength_mm = 199.5;                 // A1 glabella -> back of head
constexpr double kHeadBreadth_mm = 154.3;                // A2 euryon -> euryon
constexpr double kTragionToVertex_mm = 131.1;            // A4
constexpr double kSellionToMenton_mm = 122.6;            // A5
constexpr double kBizygomatic_mm = 142.6;                // A6
constexpr double kInterpupillary_mm = 64.0;              // A7
constexpr double kNeckCircumference_mm = 397.6;          // A8
constexpr double kBiacromial_mm = 415.7;                 // A10
constexpr double kTragionAboveSuprasternale_mm = 186.5;  // A23
constexpr double kTragionAboveAcromion_mm = 184.3;       // A24
constexpr double kEctocanthusAboveTragion_mm = 17.4;     // A26 (low confidence)
constexpr double kBitragion_mm = 146.0;                  // B4
constexpr double kForeheadHeight_mm = 66.5;              // B1 hairline -> brow

// --- Skin (epidermis + dermis, S1 + S2) and fat (S3, S4, S10, S13) ---
constexpr double kSkinForehead_mm = 1.4;   // S1 0.22 + S2 1.17
constexpr double kSkinGlabella_mm = 1.35;  // S1 + S2
constexpr double kSkinTemple_mm = 1.25;    // S1 + S2
constexpr double kSkinNeck_mm = 1.2;       // S1 + S2
constexpr double kSkinScalp_mm = 1.7;      // S9
constexpr double kSkinEyelid_mm = 0.9;     // S8 (1.13 below brow .. 0.32 at margin), mid value
// S4: the frontalis starts between 2.3 and 2.8 mm under the skin surface, so forehead fat is
// 2.55 - 1.4 = 1.15 mm (S3's "0.2 cm" is a rounded figure; S4 is the direct measurement).
constexpr double kFrontalisTopDepth_mm = 2.55;   // S4
constexpr double kFatTemple_mm = 6.0;            // S3 temporal
constexpr double kFatCheek_mm = 6.0;             // S3 supraglenoid / submental
constexpr double kOccipitalSoftTissue_mm = 6.9;  // S10 skin -> GON at the superior nuchal line
constexpr double kTrapeziusDepthUpperNeck_mm = 10.70;     // S13, 2 cm above C2 spinous
constexpr double kSpleniusDepthUpperNeck_mm = 11.88;      // S13
constexpr double kSemispinalisDepthUpperNeck_mm = 15.91;  // S13
constexpr double kTrapeziusDepthLowerNeck_mm = 20.89;     // S13, 2 cm below C2 spinous

// --- Muscles ---
// M5: frontalis thickness not found; S4 band is 0.5 mm. We use 1.8 mm so that a 0.5 mm grid
// resolves it (modelling choice, documented).
constexpr double kFrontalisThickness_mm = 1.8;
constexpr double kFrontalisBifurcationAboveNotch_mm = 47.0;  // M1
constexpr double kFrontalisTopAboveNotch_mm = 60.0;          // M2 (fibres at 5.0 cm in 75 %)
constexpr double kCorrugatorThickness_mm = 1.62;             // M10
constexpr double kCorrugatorDepthTop_mm = 4.6;               // M12 5.4-6.6 to the muscle centre
constexpr double kProcerusThicknessSellion_mm = 1.6;         // M13
constexpr double kProcerusThicknessGlabella_mm = 1.1;        // M13
constexpr double kProcerusWidthSellion_mm = 10.9;            // M13
constexpr double kProcerusWidthGlabella_mm = 14.5;           // M13
constexpr double kProcerusDepthSellion_mm = 2.7;             // S7
constexpr double kProcerusDepthGlabella_mm = 3.8;            // S7
// M16: ~1.0 mm (low confidence); 1.2 mm so a 0.5 mm grid keeps the sheet closed.
constexpr double kOrbicularisThickness_mm = 1.2;
constexpr double kOrbicularisAboveRim_mm = 14.0;      // M14
constexpr double kOrbicularisBelowRim_mm = 12.0;      // M14
constexpr double kOrbicularisLateralRim_mm = 25.0;    // M14
constexpr double kLevatorBellyLength_mm = 38.0;       // M17 36 / M18 40
constexpr double kLevatorAponeurosisWidth_mm = 29.0;  // M19 27.2-32.0
constexpr double kTemporalisThickness_mm = 7.6;       // M23
constexpr double kOccipitalisWidth_mm = 60.9;         // M29
constexpr double kOccipitalisHeight_mm = 31.7;        // M29
constexpr double kOccipitalisAboveEop_mm = 7.1;       // M30
constexpr double kOccipitalisLateral_mm = 29.6;       // M30
constexpr double kOccipitalisThickness_mm = 2.5;      // not found: modelling choice
constexpr double kMasseterThickness_mm = 9.7;         // M31
constexpr double kScmThickness_mm = 8.0;         // M35 6.6 (embalmed) .. CSA M36: modelling choice
constexpr double kScmWidth_mm = 34.0;            // CSA ~ 1.4-5 cm^2 (M35, M36)
constexpr double kTrapeziusThickness_mm = 11.0;  // M42 11.6-11.9 (lateral, upper part)
constexpr double kLevatorScapulaeRadius_mm = 9.0;  // CSA 281 mm^2 (M36) -> r 9.5
constexpr double kPharynxWall_mm = 3.9;            // M50
constexpr double kCricopharyngeus_mm = 6.5;        // M48
constexpr double kOesophagusAp_mm = 14.0;          // M47 (< 16 normal)
constexpr double kOesophagusLateral_mm = 22.0;     // M47 (< 24 normal)

// --- Skull, eye, spine ---
constexpr double kVaultFrontal_mm = 8.0;              // K1
constexpr double kVaultParietal_mm = 7.0;             // K1
constexpr double kVaultOccipital_mm = 8.0;            // K1
constexpr double kVaultTemporal_mm = 4.7;             // K1
constexpr double kOrbitHeight_mm = 32.0;              // K5
constexpr double kOrbitBreadth_mm = 40.0;             // K5
constexpr double kRimToOpticCanal_mm = 44.7;          // K7
constexpr double kEyeAxialLength_mm = 23.5;           // K8
constexpr double kCorneaAheadOfLateralRim_mm = 15.0;  // K9
constexpr double kPorionToMastoidale_mm = 39.4;       // K11
constexpr double kClavicleLength_mm = 166.8;          // K18
constexpr double kScapulaHeight_mm = 139.3;           // K19

}  // namespace atlas_gen::dim
