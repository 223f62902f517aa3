#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <stdexcept>

#include "base/assignment.h"

using namespace toxplan;

namespace {

// Exhaustive minimum over all injective maps from the smaller side, for cross-checking.
double brute_force_minimum(const CostMatrix& cost) {
  const std::size_t rows = cost.size();
  const std::size_t cols = cost[0].size();
  const bool transposed = rows > cols;
  const std::size_t n = std::min(rows, cols);
  const std::size_t m = std::max(rows, cols);
  std::vector<std::size_t> perm(m);
  for (std::size_t k = 0; k < m; ++k)
    perm[k] = k;
  double best = std::numeric_limits<double>::infinity();
  do {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      sum += transposed ? cost[perm[i]][i] : cost[i][perm[i]];
    best = std::min(best, sum);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

void expect_valid(const CostMatrix& cost, const Assignment& a) {
  const std::size_t rows = cost.size();
  const std::size_t cols = cost[0].size();
  std::size_t assigned = 0;
  double sum = 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    const int c = a.column_of_row[r];
    if (c < 0) continue;
    ++assigned;
    EXPECT_EQ(a.row_of_column[static_cast<std::size_t>(c)], static_cast<int>(r));
    sum += cost[r][static_cast<std::size_t>(c)];
  }
  EXPECT_EQ(assigned, std::min(rows, cols));
  EXPECT_NEAR(sum, a.total_cost, 1e-9);
}

}  // namespace

TEST(Assignment, BeatsGreedyNearestFirst) {
  // Greedy takes the cheapest pair (0,0)=1 first and is left with (1,1)=10: 11 in all.
  const CostMatrix cost = {{1, 2}, {2, 10}};
  const Assignment a = solve_assignment(cost);
  EXPECT_EQ(a.column_of_row, (std::vector<int>{1, 0}));
  EXPECT_DOUBLE_EQ(a.total_cost, 4.0);
}

TEST(Assignment, ThreeByThreeWhereGreedyIsFarFromOptimal) {
  // Greedy: (0,0)=0, then (1,2)=1, then (2,1)=60 -> 61. Optimal: 1 + 1 + 2 = 4.
  const CostMatrix cost = {{0, 1, 50}, {1, 5, 1}, {2, 60, 100}};
  const Assignment a = solve_assignment(cost);
  EXPECT_DOUBLE_EQ(a.total_cost, 4.0);
  EXPECT_EQ(a.column_of_row, (std::vector<int>{1, 2, 0}));
  expect_valid(cost, a);
}

TEST(Assignment, MoreColumnsThanRowsLeavesColumnsFree) {
  const CostMatrix cost = {{9, 1, 8, 7}, {3, 2, 9, 9}};
  const Assignment a = solve_assignment(cost);
  EXPECT_EQ(a.column_of_row, (std::vector<int>{1, 0}));
  EXPECT_EQ(a.row_of_column, (std::vector<int>{1, 0, -1, -1}));
  EXPECT_DOUBLE_EQ(a.total_cost, 4.0);
}

TEST(Assignment, MoreRowsThanColumnsLeavesRowsUnassigned) {
  const CostMatrix cost = {{5}, {1}, {3}};
  const Assignment a = solve_assignment(cost);
  EXPECT_EQ(a.column_of_row, (std::vector<int>{-1, 0, -1}));
  EXPECT_DOUBLE_EQ(a.total_cost, 1.0);

  const CostMatrix tall = {{4, 1}, {2, 8}, {3, 3}, {1, 9}};
  const Assignment b = solve_assignment(tall);
  EXPECT_DOUBLE_EQ(b.total_cost, 2.0);  // (0,1)=1 + (3,0)=1
  EXPECT_EQ(b.column_of_row, (std::vector<int>{1, -1, -1, 0}));
}

TEST(Assignment, TiesGiveAnOptimalCompleteAssignment) {
  const CostMatrix all_equal(4, std::vector<double>(4, 7.0));
  const Assignment a = solve_assignment(all_equal);
  expect_valid(all_equal, a);
  EXPECT_DOUBLE_EQ(a.total_cost, 28.0);

  // Two optimal answers of cost 2: either is fine, but the cost must be 2.
  const CostMatrix two_optima = {{1, 1, 5}, {1, 1, 5}};
  const Assignment b = solve_assignment(two_optima);
  expect_valid(two_optima, b);
  EXPECT_DOUBLE_EQ(b.total_cost, 2.0);
  EXPECT_EQ(b.row_of_column[2], -1);
}

TEST(Assignment, EmptyAndNegativeCosts) {
  EXPECT_TRUE(solve_assignment({}).column_of_row.empty());
  const Assignment no_columns = solve_assignment({{}, {}});
  EXPECT_EQ(no_columns.column_of_row, (std::vector<int>{-1, -1}));
  const Assignment negative = solve_assignment({{-3, 0}, {0, -4}});
  EXPECT_DOUBLE_EQ(negative.total_cost, -7.0);
}

TEST(Assignment, MatchesBruteForceOnRandomRectangularMatrices) {
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> value(0.0, 100.0);
  std::uniform_int_distribution<int> size(1, 6);
  for (int trial = 0; trial < 300; ++trial) {
    const auto rows = static_cast<std::size_t>(size(rng));
    const auto cols = static_cast<std::size_t>(size(rng));
    CostMatrix cost(rows, std::vector<double>(cols));
    for (auto& row : cost) {
      for (double& c : row)  // integers make ties frequent
        c = trial % 2 == 0 ? value(rng) : static_cast<double>(static_cast<int>(value(rng)) % 5);
    }
    const Assignment a = solve_assignment(cost);
    expect_valid(cost, a);
    EXPECT_NEAR(a.total_cost, brute_force_minimum(cost), 1e-9) << "trial " << trial;
  }
}

TEST(Assignment, RejectsRaggedAndNonFiniteInput) {
  EXPECT_THROW(solve_assignment({{1, 2}, {3}}), std::invalid_argument);
  EXPECT_THROW(solve_assignment({{1, std::numeric_limits<double>::quiet_NaN()}}),
               std::invalid_argument);
}
