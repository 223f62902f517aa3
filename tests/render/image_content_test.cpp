// The pixel analysis of the image tests (support/image_content.h) on drawn-by-hand pictures:
// a needle and a spread disc where the description puts them pass; a missing disc, a missing
// needle or a needle elsewhere is named.
#include <gtest/gtest.h>

#include "render/display_style.h"
#include "support/image_content.h"

using namespace toxplan;

namespace {

const render::Rgb kGreen = render::site_status_colour(render::SiteStatus::WithinTarget);

test::RgbImage dark(int w, int h) {
  test::RgbImage image{w, h, std::vector<unsigned char>(static_cast<std::size_t>(w) * h * 3, 20)};
  return image;
}

void paint(test::RgbImage& image, int x, int y, const render::Rgb& c) {
  unsigned char* p = &image.rgb[(static_cast<std::size_t>(y) * image.width + x) * 3];
  p[0] = static_cast<unsigned char>(200 * c[0]);
  p[1] = static_cast<unsigned char>(200 * c[1]);
  p[2] = static_cast<unsigned char>(200 * c[2]);
}

void needle(test::RgbImage& image, int x0, int x1, int y) {
  for (int x = x0; x <= x1; ++x)
    paint(image, x, y, kGreen);
}

void disc(test::RgbImage& image, int cx, int cy, int r) {
  for (int y = cy - r; y <= cy + r; ++y) {
    for (int x = cx - r; x <= cx + r; ++x) {
      if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) paint(image, x, y, kGreen);
    }
  }
}

// One visible site: needle from (20, 50) to the tip at (60, 50), 1 pixel per mm, with spread.
render::ImageAbout one_site() {
  render::ImageAbout about;
  about.image_width = 120;
  about.image_height = 100;
  about.view = {0, 0, 120, 100};
  render::SiteInImage s;
  s.id = "s1";
  s.hub = {20, 50};
  s.entry = {34, 50};
  s.tip = {60, 50};
  s.pixels_per_mm = 1.0;
  s.visible = true;
  s.glyph_colour = kGreen;
  s.spread = true;
  s.spread_colour = kGreen;
  about.sites.push_back(s);
  return about;
}

}  // namespace

TEST(ImageContent, NeedleAndSpreadWhereTheDescriptionSaysPass) {
  test::RgbImage image = dark(120, 100);
  needle(image, 20, 60, 50);
  disc(image, 60, 50, 8);
  const test::ImageContent content = test::analyse_image(image, one_site());
  EXPECT_TRUE(content.problems.empty()) << content.problems.front();
  EXPECT_EQ(content.visible_sites_with_glyph, 1);
  EXPECT_EQ(content.visible_sites_with_spread, 1);
  EXPECT_EQ(content.spread_blobs, 1);
}

TEST(ImageContent, MissingSpreadIsNamed) {
  test::RgbImage image = dark(120, 100);
  needle(image, 20, 60, 50);
  const test::ImageContent content = test::analyse_image(image, one_site());
  ASSERT_EQ(content.problems.size(), 1u);
  EXPECT_NE(content.problems[0].find("site s1: visible with spread, but no"), std::string::npos)
      << content.problems[0];
}

TEST(ImageContent, NeedleElsewhereIsNamed) {
  test::RgbImage image = dark(120, 100);
  disc(image, 60, 50, 8);
  needle(image, 10, 40, 90);  // 40 pixels below where the site is
  const test::ImageContent content = test::analyse_image(image, one_site());
  // The needle 40 pixels off is named. (The missing needle at the site is not: the edge of its
  // spread disc lies along the needle's line, and counts for it; see the report of issue 13.)
  ASSERT_EQ(content.problems.size(), 1u);
  EXPECT_NE(content.problems[0].find("lie on no site's needle"), std::string::npos)
      << content.problems[0];
}

TEST(ImageContent, ColourRuleSeparatesStatusesFromTheBackground) {
  const unsigned char background[3] = {41, 46, 56};  // kBackgroundTop
  const unsigned char lit_green[3] = {40, 170, 70};
  const unsigned char salmon[3] = {200, 110, 95};  // a muscle
  EXPECT_FALSE(test::shows_colour(background, kGreen));
  EXPECT_TRUE(test::shows_colour(lit_green, kGreen));
  EXPECT_FALSE(test::shows_colour(salmon, kGreen));
  EXPECT_FALSE(
      test::shows_colour(salmon, render::site_status_colour(render::SiteStatus::DangerReached)));
}
