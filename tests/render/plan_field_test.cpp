// The plan's combined field (Scene::SpreadColouring::PlanField, render::surface_from_plan): the
// sites' fields summed on the plan lattice, so that two sites whose own effect regions stop
// short of each other merge where their tails add up past the threshold. Two Gaussian site
// fields of known size are placed 27 mm apart: at the midpoint each is 0.64 x threshold, the sum
// 1.27 x. The numbers are checked on the lattice and the merge in the pixels.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <memory>

#include "render/scene.h"
#include "render/snapshot.h"
#include "render/spread_surfaces.h"
#include "render/view_overlays.h"
#include "sim/plan_field.h"
#include "support/image_check.h"
#include "support/scene_setup.h"
#include "support/schematic_atlas.h"

using namespace toxplan;

namespace {

constexpr int kSize = 500;
constexpr double kThreshold = 0.05;  // U/cm³
constexpr double kSigmaMm = 6.0;
constexpr double kPeak = 8.0 * kThreshold;  // U/cm³ per ona-U, with q_eff = 1 ona-U
constexpr int kHalf = 25;                   // plan lattice voxels (1 mm) each side of a centre
constexpr double kSeparationMm = 27.0;
const Vec3 kCentreA{-13.5, 150, 0}, kCentreB{13.5, 150, 0};

double gaussian(double r_mm) {
  return kPeak * std::exp(-r_mm * r_mm / (2.0 * kSigmaMm * kSigmaMm));
}

// A site whose unit field on the 1 mm plan lattice is a Gaussian around `centre` (lattice
// aligned: the centres are at half-millimetres, so nodes sit at x = centre +- 0.5 + n).
std::shared_ptr<const sim::SiteSpread> gaussian_site(const std::string& id, const Vec3& centre) {
  auto solution = std::make_shared<sim::SiteSolution>();
  sim::LatticeBlock& block = solution->unit_lattice;
  block.spacing_mm = 1.0;
  const int n = 2 * kHalf + 1;
  block.dims = {n, n, n};
  block.lo = {static_cast<int>(std::floor(centre.x)) - kHalf,
              static_cast<int>(std::lround(centre.y)) - kHalf,
              static_cast<int>(std::lround(centre.z)) - kHalf};
  block.values.resize(static_cast<std::size_t>(n) * n * n);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const Vec3 p{static_cast<double>(block.lo[0] + i), static_cast<double>(block.lo[1] + j),
                     static_cast<double>(block.lo[2] + k)};
        block.values[static_cast<std::size_t>(i) + n * (static_cast<std::size_t>(j) + n * k)] =
            static_cast<float>(gaussian(norm(p - centre)));
      }
  auto site = std::make_shared<sim::SiteSpread>();
  site->site_id = id;
  site->tip_mm = centre;
  site->q_eff_ona_units = 1.0;
  site->threshold_u_per_cm3 = kThreshold;
  site->solution = solution;
  return site;
}

sim::PlanSpread two_site_plan() {
  sim::PlanSpread plan;
  plan.parameters.threshold_u_per_cm3 = kThreshold;
  plan.sites = {gaussian_site("a", kCentreA), gaussian_site("b", kCentreB)};
  return plan;
}

// The plan field's value at the lattice node nearest `p`.
double plan_value_at(const render::SpreadSurfaceData& d, const Vec3& p) {
  const auto& m = d.index_to_world;
  const int i = static_cast<int>(std::lround((p.x - m[3]) / m[0]));
  const int j = static_cast<int>(std::lround((p.y - m[7]) / m[5]));
  const int k = static_cast<int>(std::lround((p.z - m[11]) / m[10]));
  return (*d.values)[static_cast<std::size_t>(i) +
                     static_cast<std::size_t>(d.dims[0]) *
                         (static_cast<std::size_t>(j) + static_cast<std::size_t>(d.dims[1]) * k)];
}

// Renders the two sites in `colouring`; returns the pixel at the midpoint and one far outside.
struct MidpointPixels {
  std::array<int, 3> midpoint{}, background{};
};
MidpointPixels render_midpoint(render::Scene::SpreadColouring colouring, const std::string& name) {
  auto atlas = test::schematic_atlas();
  EXPECT_TRUE(atlas);
  render::Scene scene(*atlas);
  test::show_only(scene);
  scene.set_view(anatomy::ViewPreset::Anterior);
  const sim::PlanSpread plan = two_site_plan();
  std::vector<render::SpreadSurfaceData> sites;
  for (const auto& s : plan.sites) {
    // The site fields on the same lattice, as the scene draws them per site.
    render::SpreadSurfaceData d;
    sim::PlanSpread one;
    one.parameters = plan.parameters;
    one.sites = {s};
    d = render::surface_from_plan(one);
    d.site_id = s->site_id;
    d.status = render::SiteStatus::WithinTarget;
    sites.push_back(d);
  }
  scene.set_spread_colouring(colouring);
  scene.set_spread_surfaces(sites);
  scene.set_plan_field_surface(render::surface_from_plan(plan));
  const Vec3 mid = (kCentreA + kCentreB) * 0.5;
  scene.focus_on(mid, 110.0);
  const std::string path = test::output_path(name);
  EXPECT_FALSE(render::render_png(scene, kSize, kSize, path).has_value());
  std::string error;
  const auto image = test::read_png_rgb(path, &error);
  EXPECT_TRUE(image) << error;
  MidpointPixels out;
  if (!image) return out;
  double x, y;
  EXPECT_TRUE(scene.world_to_display(mid, kSize, kSize, &x, &y));
  const unsigned char* m =
      image->at(static_cast<int>(std::lround(x)), kSize - 1 - static_cast<int>(std::lround(y)));
  // The background is a vertical gradient: its colour at the midpoint's height is the mean of
  // two points equally far above and below (both clear of the fields).
  auto pixel = [&](const Vec3& p) {
    double px, py;
    EXPECT_TRUE(scene.world_to_display(p, kSize, kSize, &px, &py));
    return image->at(static_cast<int>(std::lround(px)),
                     kSize - 1 - static_cast<int>(std::lround(py)));
  };
  const unsigned char* above = pixel(mid + Vec3{0, 0, 20});
  const unsigned char* below = pixel(mid + Vec3{0, 0, -20});
  for (int c = 0; c < 3; ++c) {
    out.midpoint[static_cast<std::size_t>(c)] = m[c];
    out.background[static_cast<std::size_t>(c)] = (above[c] + below[c]) / 2;
  }
  return out;
}

int difference(const std::array<int, 3>& a, const std::array<int, 3>& b) {
  return std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]);
}

}  // namespace

TEST(PlanField, IsTheSumOfTheSiteFields) {
  const render::SpreadSurfaceData d = render::surface_from_plan(two_site_plan());
  ASSERT_TRUE(d.values);
  EXPECT_EQ(d.site_id, render::kPlanFieldSurfaceId);
  EXPECT_DOUBLE_EQ(d.threshold, kThreshold);
  const Vec3 mid = (kCentreA + kCentreB) * 0.5;
  // The centres sit between lattice nodes (x = -13.5, 13.5); the midpoint is a node.
  const Vec3 node_a = kCentreA + Vec3{0.5, 0, 0}, node_mid = mid;
  const double expected_mid =
      gaussian(norm(node_mid - kCentreA)) + gaussian(norm(node_mid - kCentreB));
  EXPECT_NEAR(plan_value_at(d, node_mid), expected_mid, 1e-6);
  EXPECT_GT(expected_mid, kThreshold) << "the sites should merge in the test's geometry";
  EXPECT_LT(gaussian(norm(node_mid - kCentreA)), kThreshold);
  // Site b's block ends at x = -12: at site a's node only a's field counts.
  EXPECT_NEAR(plan_value_at(d, node_a), gaussian(norm(node_a - kCentreA)), 1e-6);
}

TEST(ImagePlanField, OverlappingTailsMergeBetweenTheSites) {
  // Each site's own field: nothing drawn at the midpoint (both are below the threshold there).
  const MidpointPixels by_site =
      render_midpoint(render::Scene::SpreadColouring::ByField, "plan_field_by_site");
  EXPECT_LT(difference(by_site.midpoint, by_site.background), 12)
      << "a site's own field is drawn at the midpoint, where it is below the threshold";
  // The plan's field: the sum passes the threshold there, so the threshold's blue shell covers it.
  const MidpointPixels plan =
      render_midpoint(render::Scene::SpreadColouring::PlanField, "plan_field_summed");
  EXPECT_GT(difference(plan.midpoint, plan.background), 40)
      << "the summed field is not drawn between the sites";
  EXPECT_GT(plan.midpoint[2], plan.midpoint[0]) << "the merged region is not the threshold's blue";
}

TEST(ImagePlanField, LegendNamesThePlansField) {
  auto atlas = test::schematic_atlas();
  ASSERT_TRUE(atlas);
  render::Scene scene(*atlas);
  scene.set_spread_colouring(render::Scene::SpreadColouring::PlanField);
  scene.set_plan_field_surface(render::surface_from_plan(two_site_plan()));
  ASSERT_FALSE(render::render_png(scene, 300, 300, test::output_path("plan_field_legend")));
  ASSERT_EQ(scene.overlays().legend_swatches().size(), render::kFieldLevels.size());
  EXPECT_DOUBLE_EQ(scene.overlays().legend_swatches().back().level_u_per_cm3, kThreshold);
  EXPECT_NE(scene.overlays().legend_title().find("Plan"), std::string::npos)
      << scene.overlays().legend_title();
  // Back to the flag colouring: no legend.
  scene.set_spread_colouring(render::Scene::SpreadColouring::ByFlag);
  ASSERT_FALSE(render::render_png(scene, 300, 300, test::output_path("plan_field_legend_off")));
  EXPECT_TRUE(scene.overlays().legend_swatches().empty());
}
