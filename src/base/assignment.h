// Optimal assignment (Hungarian / Kuhn-Munkres with potentials, O(n² m)) on a rectangular cost
// matrix: pairs rows with columns, each used at most once, so that the summed cost is minimal.
// Scoring uses it to pair a trainee's sites with the reference sites: greedy nearest-first pairing
// can be far from optimal (it lets one early close pair push another site onto a distant partner).
#pragma once

#include <vector>

namespace toxplan {

// cost[row][col]; every row has the same length and every entry is finite.
using CostMatrix = std::vector<std::vector<double>>;

struct Assignment {
  // Column of each row, -1 when the row is unassigned (only when there are more rows than
  // columns). Exactly min(rows, cols) pairs are made.
  std::vector<int> column_of_row;
  std::vector<int> row_of_column;  // the inverse, -1 for an unassigned column
  double total_cost = 0.0;         // sum of cost[row][column_of_row[row]] over assigned rows
};

// Throws std::invalid_argument for ragged rows or a non-finite cost: both are programming errors,
// never caused by a user's file (callers map unusable pairs to a large finite cost).
Assignment solve_assignment(const CostMatrix& cost);

}  // namespace toxplan
