// The solved region of a site's grid (an ellipsoid per octant around the tip) and the growth of
// a site's grid when the effect region reaches the region's surface.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "sim/analytic_tissue.h"
#include "sim/site_region.h"
#include "sim/site_simulation.h"
#include "test_support.h"

namespace toxplan::sim {
namespace {

using testing::kPointVolumeMl;
using testing::site_at;

TEST(SiteRegion, EllipsoidKeepsASixthOfPiOfTheBox) {
  const SiteRegion r = ellipsoid_region({40, 30, 30}, {40, 30, 30});
  ASSERT_EQ(r.dims, (std::array<int, 3>{81, 61, 61}));
  const double box = 81.0 * 61.0 * 61.0;
  EXPECT_NEAR(static_cast<double>(r.cell_count()) / box, std::numbers::pi / 6.0, 0.01);
  // The tip's row is whole; the ends of the three axes are inside, the box's corners are not.
  EXPECT_EQ(r.row(30, 30).begin, 0);
  EXPECT_EQ(r.row(30, 30).end, 81);
  EXPECT_TRUE(r.contains(40, 0, 30));
  EXPECT_TRUE(r.contains(40, 60, 30));
  EXPECT_TRUE(r.contains(40, 30, 0));
  EXPECT_FALSE(r.contains(0, 0, 0));
  EXPECT_FALSE(r.contains(80, 60, 60));
  // Out of the grid.
  EXPECT_FALSE(r.contains(40, -1, 30));
  EXPECT_FALSE(r.contains(40, 30, 61));
}

TEST(SiteRegion, OffCentreTipUsesEachSidesSemiAxis) {
  // A grid that grew on one side: 10 cells below the tip along x, 30 above.
  const SiteRegion r = ellipsoid_region({10, 20, 20}, {30, 20, 20});
  EXPECT_EQ(r.dims[0], 41);
  EXPECT_EQ(r.row(20, 20).begin, 0);
  EXPECT_EQ(r.row(20, 20).end, 41);
  // Halfway out along y the row keeps sqrt(1 - (10/20.5)²) of each side's semi-axis.
  const double s = std::sqrt(1.0 - (10.0 / 20.5) * (10.0 / 20.5));
  EXPECT_EQ(r.row(30, 20).begin, 10 - static_cast<int>(std::floor(s * 10.5)));
  EXPECT_EQ(r.row(30, 20).end, 10 + static_cast<int>(std::floor(s * 30.5)) + 1);
}

TEST(SiteRegion, StaircaseFacesCountTheSurfaceTheyStandFor) {
  const SiteRegion r = ellipsoid_region({20, 20, 20}, {20, 20, 20});
  // On an axis the surface is a cell face: full weight.
  EXPECT_DOUBLE_EQ(r.outgoing_face_weight(40, 20, 20), 1.0);
  // On the sphere's diagonal the normal is (1, 1, 1)/√3: three faces stand for one unit of area.
  EXPECT_NEAR(r.outgoing_face_weight(32, 32, 32), 1.0 / std::sqrt(3.0), 1e-12);
}

TEST(SiteRegion, GridGrowsWhereNoFluxBonePushesTheRegion) {
  // A 6 mm sheet of muscle between two no-flux bone plates: the toxin spreads in the sheet much
  // further than in open tissue, beyond the estimated region. The grid must grow until the
  // effect region no longer reaches its surface, keep the mass, and agree with a solve whose
  // grid is large from the start.
  TissueClass sheet, plate;
  sheet.id = "sheet";
  sheet.kind = anatomy::StructureKind::Muscle;
  plate.id = "plate";
  plate.kind = anatomy::StructureKind::Bone;
  TissueTable table({TissueClass{}, sheet, plate});
  auto tissue = std::make_shared<AnalyticTissue>(
      table, [](const Vec3& p) { return std::abs(p.z) < 3.0 ? 1 : 2; },
      [](const Vec3&) {
        return Vec3{1, 0, 0};
      });
  const plan::Site site = site_at("s1", {0, 0, 0}, 5.0, kPointVolumeMl, "sheet");
  SpreadParameters p;
  auto grown = simulate_site(site, plan::Product::OnabotulinumtoxinA, p, *tissue);
  EXPECT_GE(grown->solution->grid_attempts, 2);
  EXPECT_FALSE(grown->metrics.region_touches_grid_boundary);
  EXPECT_NEAR(grown->metrics.bound_units / grown->q_eff_ona_units, 1.0, 0.01);

  SpreadParameters wide = p;
  wide.grid_margin_lambdas = 4.0;
  auto reference = simulate_site(site, plan::Product::OnabotulinumtoxinA, wide, *tissue);
  EXPECT_NEAR(grown->metrics.reach_along_mm / reference->metrics.reach_along_mm, 1.0, 0.02);
  EXPECT_NEAR(grown->metrics.reach_across_mm / reference->metrics.reach_across_mm, 1.0, 0.02);
  EXPECT_NEAR(grown->metrics.effect_volume_cm3 / reference->metrics.effect_volume_cm3, 1.0, 0.02);
}

}  // namespace
}  // namespace toxplan::sim
