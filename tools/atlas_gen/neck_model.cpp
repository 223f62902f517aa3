// Attachment points copied from reference/neck-muscle-paths.json (right side, model "spine"
// frame, metres) and the transform that places them in the atlas frame.
#include "neck_model.h"

#include <cmath>
#include <cstring>
#include <map>
#include <stdexcept>

namespace atlas_gen {
namespace {

// Model landmarks used to anchor the two rigid transforms (mm, model frame).
constexpr double kSkullOriginX_mm = 17.775;  // skull body origin = C0/C1 joint (K16: y 644.7)
constexpr double kSkullOriginY_mm = 644.665;
constexpr double kSternalOriginX_mm = 43.311;  // stern_mast origin on the manubrium
constexpr double kSternalOriginY_mm = 479.068;
// Atlas positions of those anchors (y anterior, z superior, mm). C0/C1 lies at the level of the
// hard palate (K14: palate at C1), ~30 mm below the Frankfort plane; the sternal origin is put
// 186.5 mm below tragion (A23).
constexpr double kSkullOriginAtlasY_mm = -12.0;
constexpr double kSkullOriginAtlasZ_mm = -30.0;
constexpr double kSternalOriginAtlasY_mm = 16.0;
constexpr double kSternalOriginAtlasZ_mm = -186.5;
// The trunk is pitched 5 degrees (anterior down) relative to the model so that the C7
// attachments land ~120 mm below tragion (A22 107.8 +- 12.7) with the sternum at A23.
constexpr double kTrunkPitch_rad = 5.0 * 3.14159265358979323846 / 180.0;

double trunk_weight(const char* body) {
  static const std::map<std::string, double> w{
      {"skull", 0.0},  {"jaw", 0.0},       {"cerv1", 0.0},   {"cerv2", 0.15}, {"cerv3", 0.35},
      {"cerv4", 0.55}, {"cerv5", 0.7},     {"cerv6", 0.85},  {"cerv7", 1.0},  {"ribcage", 1.0},
      {"spine", 1.0},  {"rclavicle", 1.0}, {"rscapula", 1.0}};
  const auto it = w.find(body);
  if (it == w.end()) throw std::runtime_error(std::string("unknown model body ") + body);
  return it->second;
}

struct ModelPath {
  const char* name;
  std::vector<ModelPoint> points;
};

const std::vector<ModelPath>& paths() {
  static const std::vector<ModelPath> p{
      {"stern_mast",
       {{"ribcage", 0.043311150, 0.479068181, 0.008555664},
        {"skull", 0.012946817, 0.651226063, 0.060875933}}},
      {"cleid_mast",
       {{"rclavicle", 0.041208882, 0.491384773, 0.050190953},
        {"skull", 0.012946817, 0.651226063, 0.060875933}}},
      {"cleid_occ",
       {{"rclavicle", 0.041208882, 0.491384773, 0.050190953},
        {"skull", -0.015361037, 0.666440179, 0.062864105}}},
      {"trap_cl",
       {{"rclavicle", 0.018250389, 0.507230575, 0.099946178},
        {"skull", -0.058258228, 0.669318093, 0.012534951}}},
      {"trap_acr",
       {{"rscapula", -0.008088889, 0.508546870, 0.150361921},
        {"cerv7", -0.057970184, 0.536655838, 0.003331425}}},
      {"splen_cap_sklc6",
       {{"cerv6", -0.054762209, 0.551854774, 0.003331425},
        {"skull", -0.040582401, 0.662823481, 0.041656937}}},
      {"splen_cap_sklthx",
       {{"spine", -0.048608765, 0.489869707, 0.002673645},
        {"skull", -0.020246206, 0.655079173, 0.051342175}}},
      {"semi_cap_sklc5",
       {{"cerv5", -0.007281230, 0.566021587, 0.025668360},
        {"skull", -0.052672384, 0.663599758, 0.017041474}}},
      {"semi_cap_sklthx",
       {{"spine", -0.032165848, 0.524003241, 0.030925160},
        {"skull", -0.054849906, 0.663599747, 0.010508909}}},
      {"levator_scap",
       {{"rscapula", -0.054646934, 0.510836165, 0.066189997},
        {"cerv2", -0.003687769, 0.616888626, 0.023167060}}},
      {"scalenus_ant",
       {{"ribcage", 0.024871911, 0.484023337, 0.047145273},
        {"cerv4", 0.014400308, 0.582984587, 0.025373447}}},
      {"scalenus_med",
       {{"ribcage", 0.013651515, 0.493710844, 0.055879180},
        {"cerv3", -0.000389077, 0.601891760, 0.023145215}}},
      {"scalenus_post",
       {{"ribcage", 0.011512599, 0.466412928, 0.094647032},
        {"cerv5", -0.000607461, 0.568391825, 0.028071355}}},
  };
  return p;
}

}  // namespace

V3 model_to_atlas(const ModelPoint& p) {
  const double x_mm = p.x_m * 1000.0;  // anterior
  const double y_mm = p.y_m * 1000.0;  // up
  const double z_mm = p.z_m * 1000.0;  // right
  // Head: pure translation (axes swapped: atlas x = model z, y = model x, z = model y).
  const double head_y = x_mm - kSkullOriginX_mm + kSkullOriginAtlasY_mm;
  const double head_z = y_mm - kSkullOriginY_mm + kSkullOriginAtlasZ_mm;
  // Trunk: rotation about the transverse axis, anchored at the sternal origin.
  const double dx = x_mm - kSternalOriginX_mm;
  const double dy = y_mm - kSternalOriginY_mm;
  const double c = std::cos(kTrunkPitch_rad);
  const double s = std::sin(kTrunkPitch_rad);
  const double trunk_y = kSternalOriginAtlasY_mm + dx * c + dy * s;
  const double trunk_z = kSternalOriginAtlasZ_mm - dx * s + dy * c;
  const double w = trunk_weight(p.body);
  return {z_mm, head_y * (1.0 - w) + trunk_y * w, head_z * (1.0 - w) + trunk_z * w};
}

std::vector<V3> neck_path_right(const std::string& model_muscle) {
  for (const auto& mp : paths()) {
    if (model_muscle == mp.name) {
      std::vector<V3> out;
      for (const auto& pt : mp.points)
        out.push_back(model_to_atlas(pt));
      return out;
    }
  }
  throw std::runtime_error("no model muscle " + model_muscle);
}

}  // namespace atlas_gen
