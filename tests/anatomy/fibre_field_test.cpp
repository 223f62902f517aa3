// FibreField::at: constant, converging and path fibres.
#include <gtest/gtest.h>

#include "anatomy/structure.h"

namespace toxplan::anatomy {
namespace {

TEST(FibreField, NoneIsZero) {
  const FibreField f;
  EXPECT_EQ(f.at({1, 2, 3}), Vec3{});
}

TEST(FibreField, ConstantIsUnit) {
  FibreField f;
  f.type = FibreField::Type::Constant;
  f.direction = {0, 0, 5};
  EXPECT_EQ(f.at({10, -3, 2}), (Vec3{0, 0, 1}));
}

TEST(FibreField, ConvergeRunsTowardThePoint) {
  FibreField f;
  f.type = FibreField::Type::Converge;
  f.point_mm = {10, 0, 0};
  const Vec3 d = f.at({10, 3, 4});
  EXPECT_DOUBLE_EQ(d.y, -0.6);
  EXPECT_DOUBLE_EQ(d.z, -0.8);
  EXPECT_EQ(f.at({10, 0, 0}), Vec3{});  // undefined at the point itself
}

TEST(FibreField, PathFollowsTheNearestSegment) {
  FibreField f;
  f.type = FibreField::Type::Path;
  f.path_mm = {{0, 0, 0}, {0, 0, 10}, {10, 0, 10}};  // up, then along +x
  EXPECT_EQ(f.at({1, 0, 3}), (Vec3{0, 0, 1}));
  EXPECT_EQ(f.at({6, 0, 11}), (Vec3{1, 0, 0}));
  // Beyond the end the last segment's tangent still applies.
  EXPECT_EQ(f.at({30, 0, 10}), (Vec3{1, 0, 0}));
  f.path_mm = {{1, 1, 1}, {1, 1, 1}};
  EXPECT_EQ(f.at({0, 0, 0}), Vec3{});
}

}  // namespace
}  // namespace toxplan::anatomy
