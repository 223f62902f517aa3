// has_near_duplicates: the check that lets the mesh importer skip Assimp's JoinIdenticalVertices
// must never miss a close pair, wherever it falls on the search grid.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "anatomy/near_duplicates.h"

namespace toxplan::anatomy {
namespace {

TEST(NearDuplicates, EqualPointsAreNotNearDuplicates) {
  const std::vector<Vec3> points{{1, 2, 3}, {4, 5, 6}, {1, 2, 3}, {0.0, 0, 0}, {-0.0, -0.0, 0}};
  EXPECT_FALSE(has_near_duplicates(points, 1e-4, 1.0));
  EXPECT_FALSE(has_near_duplicates({}, 1e-4, 1.0));
  EXPECT_FALSE(has_near_duplicates({{1, 1, 1}}, 1e-4, 1.0));
}

TEST(NearDuplicates, AClosePairIsFoundAndAFarOneIsNot) {
  EXPECT_TRUE(has_near_duplicates({{0, 0, 0}, {10, 0, 0}, {10, 5e-5, 0}}, 1e-4, 1.0));
  EXPECT_FALSE(has_near_duplicates({{0, 0, 0}, {10, 0, 0}, {10, 2e-4, 0}}, 1e-4, 1.0));
  // Closer than any float step at this magnitude would allow, still not equal.
  EXPECT_TRUE(has_near_duplicates({{100, 0, 0}, {std::nextafter(100.0, 101.0), 0, 0}}, 1e-4, 1.0));
}

TEST(NearDuplicates, PairsAcrossCellSidesAndCornersAreFound) {
  // With the grid anchored at the smallest coordinates and cells of `spacing`, put pairs just
  // either side of cell faces, edges and corners, along every axis combination.
  const double spacing = 1.0;
  const double d = 2e-5;  // the pair is 2d apart per axis: 6.9e-5 at a corner
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> cell(1, 20);
  for (int mask = 1; mask < 8; ++mask) {
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<Vec3> points{{0, 0, 0}, {25, 25, 25}};  // fix the grid's extent
      Vec3 a{cell(rng) + 0.5, cell(rng) + 0.5, cell(rng) + 0.5};
      Vec3 b = a;
      double* ca[3] = {&a.x, &a.y, &a.z};
      double* cb[3] = {&b.x, &b.y, &b.z};
      for (int axis = 0; axis < 3; ++axis) {
        if (mask & (1 << axis)) {
          const double side = std::floor(*ca[axis]) + spacing;
          *ca[axis] = side - d;
          *cb[axis] = side + d;
        }
      }
      points.push_back(a);
      points.push_back(b);
      EXPECT_TRUE(has_near_duplicates(points, 1e-4, spacing)) << "mask " << mask;
      std::swap(points[2], points[3]);
      EXPECT_TRUE(has_near_duplicates(points, 1e-4, spacing)) << "mask " << mask;
    }
  }
}

TEST(NearDuplicates, NonFinitePointsAnswerYes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(has_near_duplicates({{0, 0, 0}, {nan, 0, 0}}, 1e-4, 1.0));
  EXPECT_TRUE(has_near_duplicates({{0, 0, inf}}, 1e-4, 1.0));
}

TEST(NearDuplicates, AgreesWithAllPairsOnRandomClouds) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> coordinate(-50.0, 50.0);
  std::uniform_real_distribution<double> offset(-2e-4, 2e-4);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<Vec3> points;
    for (int i = 0; i < 300; ++i) {
      points.push_back({coordinate(rng), coordinate(rng), coordinate(rng)});
    }
    if (trial % 2 == 0) {  // a near copy of one point, possibly closer than the tolerance
      const Vec3 p = points[trial % points.size()];
      points.push_back({p.x + offset(rng), p.y + offset(rng), p.z + offset(rng)});
    }
    bool expected = false;
    for (std::size_t i = 0; i < points.size() && !expected; ++i) {
      for (std::size_t j = i + 1; j < points.size(); ++j) {
        const Vec3 d = points[i] - points[j];
        if (!(points[i] == points[j]) && dot(d, d) < 1e-8) {
          expected = true;
          break;
        }
      }
    }
    // Spacing 5 keeps cells sparse: no "too crowded" answers, so the two must agree.
    EXPECT_EQ(has_near_duplicates(points, 1e-4, 5.0), expected) << "trial " << trial;
  }
}

}  // namespace
}  // namespace toxplan::anatomy
