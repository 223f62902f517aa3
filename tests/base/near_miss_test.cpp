// Which known field a misspelled one was meant to be (base/near_miss.h).
#include <gtest/gtest.h>

#include "base/near_miss.h"

using namespace toxplan;

TEST(NearMiss, EditDistanceCountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("prior_unit_last_3_months", "prior_units_last_3_months"), 1u);
  EXPECT_EQ(edit_distance("dose_unit", "dose_units"), 1u);
  EXPECT_EQ(edit_distance("volume_lm", "volume_ml"), 2u);
  EXPECT_EQ(edit_distance("Dose_Units", "dose_units"), 0u);  // case is ignored
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(NearMiss, NamesTheClosestKnownField) {
  const auto known = {"id", "dose_units", "depth_mm", "prior_units_last_3_months", "notes"};
  EXPECT_EQ(near_miss("prior_unit_last_3_months", known), "prior_units_last_3_months");
  EXPECT_EQ(near_miss("prior_units_last_3_month", known), "prior_units_last_3_months");
  EXPECT_EQ(near_miss("dose_unit", known), "dose_units");
  EXPECT_EQ(near_miss("Dose_Units", known), "dose_units");
  EXPECT_EQ(near_miss("note", known), "notes");
}

TEST(NearMiss, UnrelatedOrShortNamesAreNotGuessed) {
  const auto known = {"id", "dose_units", "notes"};
  EXPECT_EQ(near_miss("colour_scheme", known), std::nullopt);
  EXPECT_EQ(near_miss("ix", known), std::nullopt);          // two letters: too close to guess
  EXPECT_EQ(near_miss("dose_units", known), std::nullopt);  // known: not a miss
}
