// Fascia transmission (T5), bolus geometry (T6, T7) and the site flags on analytic tissue.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/analytic_tissue.h"
#include "sim/bolus.h"
#include "sim/site_simulation.h"
#include "sim/spread_flags.h"
#include "test_support.h"

namespace toxplan::sim {
namespace {

using testing::kPointVolumeMl;
using testing::site_at;

double bound_in(const SiteSpread& s, const std::string& id) {
  for (const StructureShare& share : s.metrics.structures) {
    if (share.id == id) return share.bound_units;
  }
  return 0.0;
}

bool has_code(const Findings& f, const std::string& code) {
  return std::any_of(f.begin(), f.end(), [&](const Finding& x) { return x.code == code; });
}

TEST(Fascia, TransmissionScalesWhatBindsInTheNeighbour) {
  // A point source 6 mm from a flat fascia; fibres parallel to the plane. The toxin bound in the
  // neighbouring block with fascia, relative to no fascia, is τ (exact for a plane interface).
  auto tissue = AnalyticTissue::two_blocks(6.0);
  SpreadParameters open, fascia;
  open.fascia_transmission = 1.0;
  fascia.fascia_transmission = 0.77;
  const plan::Site site = site_at("s1", {0, 0, 0}, 10.0, kPointVolumeMl, "block_a");
  auto a = simulate_site(site, plan::Product::OnabotulinumtoxinA, open, *tissue);
  auto b = simulate_site(site, plan::Product::OnabotulinumtoxinA, fascia, *tissue);
  const double without = bound_in(*a, "block_b");
  const double with = bound_in(*b, "block_b");
  ASSERT_GT(without, 0.5);
  EXPECT_NEAR(with / without, 0.77, 0.02);
  // Mass is kept: what does not cross binds on the near side.
  EXPECT_NEAR(b->metrics.bound_units / 10.0, 1.0, 0.01);
  // The effect region beyond the fascia shrinks.
  double vol_a = 0.0, vol_b = 0.0;
  for (const auto& s : a->metrics.structures)
    vol_a += s.id == "block_b" ? s.effect_volume_cm3 : 0;
  for (const auto& s : b->metrics.structures)
    vol_b += s.id == "block_b" ? s.effect_volume_cm3 : 0;
  EXPECT_LT(vol_b, vol_a);
}

TEST(Bolus, GeometryAgainstElwischger) {
  const SpreadParameters p;  // A = 6, phi_b = 1
  const Bolus one = make_bolus({0, 0, 0}, {1, 0, 0}, 1.0, p);
  const Bolus two = make_bolus({0, 0, 0}, {1, 0, 0}, 2.0, p);
  // T6: 1 mL length 5.3 ± 1.7 cm; T7: 2 mL thickness 0.95 ± 0.2 cm, length 5.67 ± 1.3 cm.
  EXPECT_NEAR(one.length_mm(), 41.0, 0.1);
  EXPECT_GE(one.length_mm(), 53.0 - 17.0);
  EXPECT_NEAR(two.thickness_mm(), 8.6, 0.1);
  EXPECT_GE(two.thickness_mm(), 9.5 - 2.0);
  EXPECT_GE(two.length_mm(), 56.7 - 13.0);
  // Volume is exact.
  EXPECT_NEAR(
      4.0 / 3.0 * 3.14159265358979 * one.semi_along_mm * one.semi_across_mm * one.semi_across_mm,
      1000.0, 1e-6);
  // §5.3: with A = 10.2 a 1 mL bolus is 5.84 x 0.57 cm (measured 5.3 x 0.52).
  SpreadParameters healthy;
  healthy.bolus_aspect_ratio = 10.2;
  const Bolus h = make_bolus({0, 0, 0}, {1, 0, 0}, 1.0, healthy);
  EXPECT_NEAR(h.length_mm(), 58.4, 0.1);
  EXPECT_NEAR(h.thickness_mm(), 5.7, 0.05);
  // Without fibres the bolus is a sphere.
  const Bolus sphere = make_bolus({0, 0, 0}, {0, 0, 0}, 1.0, p);
  EXPECT_DOUBLE_EQ(sphere.semi_along_mm, sphere.semi_across_mm);
}

TEST(Bolus, RasterKeepsVolume) {
  const SpreadParameters p;
  const Bolus b = make_bolus({0.1, -0.2, 0.05}, normalized(Vec3{1, 1, 0}), 0.1, p);
  GridFrame f;
  f.dims = {81, 81, 81};
  f.spacing_mm = 0.5;
  f.origin_mm = {-20, -20, -20};
  const std::vector<float> frac = rasterize_bolus(b, f);
  double volume = 0.0;
  for (float v : frac)
    volume += v * 0.125;
  EXPECT_NEAR(volume / 100.0, 1.0, 0.02);
}

TEST(Flags, SpreadBeyondTargetAndDanger) {
  // Block B stands for a danger structure (e.g. the pharynx): a large dose near the fascia
  // reaches it, a small one far from it does not.
  TissueClass a{"block_a", "muscle block A", anatomy::StructureKind::Muscle, "block_a", false, "",
                ""};
  TissueClass b{
      "block_b", "muscle block B", anatomy::StructureKind::Muscle, "block_b", true, "dysphagia",
      ""};
  auto tissue = std::make_shared<AnalyticTissue>(
      TissueTable({TissueClass{}, a, b}), [](const Vec3& p) { return p.x < 8.0 ? 1 : 2; },
      [](const Vec3&) {
        return Vec3{0, 1, 0};
      });
  const SpreadParameters p;
  plan::Site near = site_at("near", {0, 0, 0}, 40.0, 0.4, "block_a");
  auto s = simulate_site(near, plan::Product::OnabotulinumtoxinA, p, *tissue);
  const Findings f = site_flags(near, *s, p, tissue->table());
  ASSERT_TRUE(has_code(f, "DANGER_STRUCTURE_REACHED"));
  const auto danger = std::find_if(
      f.begin(), f.end(), [](const Finding& x) { return x.code == "DANGER_STRUCTURE_REACHED"; });
  // About 8% of the bound toxin reaches block B: below the default 10% share that makes the
  // flag an error, so it is a warning; a lower error share turns the same result into an error.
  EXPECT_LT(s->metrics.bound_fraction_in_target, 0.95);
  EXPECT_EQ(danger->severity, Severity::Warning);
  EXPECT_NE(danger->message.find("dysphagia"), std::string::npos);
  SpreadParameters strict;
  strict.danger_error_bound_fraction = 0.05;
  const Findings f_strict = site_flags(near, *s, strict, tissue->table());
  const auto strict_danger = std::find_if(f_strict.begin(), f_strict.end(), [](const Finding& x) {
    return x.code == "DANGER_STRUCTURE_REACHED";
  });
  ASSERT_NE(strict_danger, f_strict.end());
  EXPECT_EQ(strict_danger->severity, Severity::Error);

  plan::Site far = site_at("far", {-30, 0, 0}, 2.0, 0.1, "block_a");
  auto s2 = simulate_site(far, plan::Product::OnabotulinumtoxinA, p, *tissue);
  const Findings f2 = site_flags(far, *s2, p, tissue->table());
  EXPECT_FALSE(has_code(f2, "DANGER_STRUCTURE_REACHED"));
  EXPECT_FALSE(has_code(f2, "SPREAD_BEYOND_TARGET"));
  EXPECT_GT(s2->metrics.bound_fraction_in_target, 0.99);

  // Same geometry, block B an ordinary muscle: spread beyond target with numbers.
  auto plain = AnalyticTissue::two_blocks(8.0);
  auto s3 = simulate_site(near, plan::Product::OnabotulinumtoxinA, p, *plain);
  const Findings f3 = site_flags(near, *s3, p, plain->table());
  ASSERT_TRUE(has_code(f3, "SPREAD_BEYOND_TARGET"));
  const auto beyond = std::find_if(
      f3.begin(), f3.end(), [](const Finding& x) { return x.code == "SPREAD_BEYOND_TARGET"; });
  EXPECT_NE(beyond->message.find("muscle block B"), std::string::npos);
  EXPECT_LT(s3->metrics.bound_fraction_in_target, 0.97);
}

// SPREAD_BEYOND_TARGET is a warning from spread_beyond_target_fraction of the bound toxin in
// other muscle groups and information below it; a neighbour of the target's own muscle group and
// side (splenius and semispinalis capitis in PREEMPT) never makes it a warning.
TEST(Flags, SpreadBeyondTargetSeverityFollowsShareAndGroup) {
  auto plain = AnalyticTissue::two_blocks(8.0);
  plan::Site near = site_at("near", {0, 0, 0}, 40.0, 0.4, "block_a");
  const SpreadParameters p;
  auto s = simulate_site(near, plan::Product::OnabotulinumtoxinA, p, *plain);
  // Everything is block A or block B, so what is not in A is in B.
  const double in_b = 1.0 - s->metrics.bound_fraction_in_target;
  ASSERT_GT(in_b, 0.03);
  const auto beyond_severity = [&](const SpreadParameters& params, const TissueTable& table,
                                   std::string* message = nullptr) {
    for (const Finding& f : site_flags(near, *s, params, table)) {
      if (f.code != "SPREAD_BEYOND_TARGET") continue;
      if (message) *message = f.message;
      return f.severity;
    }
    ADD_FAILURE() << "no SPREAD_BEYOND_TARGET";
    return Severity::Error;
  };
  SpreadParameters below = p, above = p;
  below.spread_beyond_target_fraction = in_b + 0.01;
  above.spread_beyond_target_fraction = in_b - 0.01;
  EXPECT_EQ(beyond_severity(below, plain->table()), Severity::Info);
  EXPECT_EQ(beyond_severity(above, plain->table()), Severity::Warning);

  TissueClass a{"block_a", "muscle block A", anatomy::StructureKind::Muscle, "extensors", false, "",
                "L"};
  TissueClass b = a;
  b.id = "block_b";
  b.name = "muscle block B";
  std::string message;
  EXPECT_EQ(beyond_severity(above, TissueTable({TissueClass{}, a, b}), &message), Severity::Info);
  EXPECT_NE(message.find("muscle block B (same muscle group)"), std::string::npos) << message;
  b.side = "R";  // the same group on the other side is another muscle
  EXPECT_EQ(beyond_severity(above, TissueTable({TissueClass{}, a, b})), Severity::Warning);
}

TEST(Flags, NeedleTipAndBolus) {
  auto tissue = AnalyticTissue::two_blocks(5.0);
  const SpreadParameters p;
  plan::Site deep = site_at("deep", {0, 0, 0}, 5.0, 0.1, "block_a");
  deep.depth_mm = 20.0;
  deep.entry_point_mm = Vec3{0, 0, 20};
  auto s = simulate_site(deep, plan::Product::OnabotulinumtoxinA, p, *tissue);
  EXPECT_TRUE(has_code(site_flags(deep, *s, p, tissue->table()), "NEEDLE_TOO_SHORT"));

  plan::Site wrong = site_at("wrong", {0, 0, 0}, 5.0, 0.1, "block_b");
  auto s2 = simulate_site(wrong, plan::Product::OnabotulinumtoxinA, p, *tissue);
  EXPECT_TRUE(has_code(site_flags(wrong, *s2, p, tissue->table()), "TIP_OUTSIDE_TARGET"));

  // 1 mL with fibres along y, 3 mm from the fascia: the 6.8 mm thick bolus crosses it.
  plan::Site big = site_at("big", {2.0, 0, 0}, 5.0, 1.0, "block_a");
  auto s3 = simulate_site(big, plan::Product::OnabotulinumtoxinA, p, *tissue);
  EXPECT_GT(s3->solution->bolus_fraction_outside_target, 0.02);
  EXPECT_TRUE(has_code(site_flags(big, *s3, p, tissue->table()), "BOLUS_OVERFLOW"));
}

}  // namespace
}  // namespace toxplan::sim
