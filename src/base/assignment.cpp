#include "base/assignment.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace toxplan {

Assignment solve_assignment(const CostMatrix& cost) {
  const std::size_t rows = cost.size();
  const std::size_t cols = rows > 0 ? cost[0].size() : 0;
  for (std::size_t r = 0; r < rows; ++r) {
    if (cost[r].size() != cols)
      throw std::invalid_argument("solve_assignment: row " + std::to_string(r) + " has " +
                                  std::to_string(cost[r].size()) + " columns, expected " +
                                  std::to_string(cols));
    for (double c : cost[r]) {
      if (!std::isfinite(c))
        throw std::invalid_argument("solve_assignment: non-finite cost in row " +
                                    std::to_string(r));
    }
  }

  Assignment result;
  result.column_of_row.assign(rows, -1);
  result.row_of_column.assign(cols, -1);
  if (rows == 0 || cols == 0) return result;

  // The potentials method needs n <= m; with more rows than columns, solve the transpose.
  const bool transposed = rows > cols;
  const std::size_t n = transposed ? cols : rows;
  const std::size_t m = transposed ? rows : cols;
  auto a = [&](std::size_t i, std::size_t j) { return transposed ? cost[j][i] : cost[i][j]; };

  // 1-based arrays; index 0 of the columns is a virtual column that starts each augmenting path.
  // u, v are the dual potentials (u[i] + v[j] <= a(i, j)), p[j] the row matched to column j,
  // way[j] the previous column on the shortest augmenting path.
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0.0), v(m + 1, 0.0);
  std::vector<std::size_t> p(m + 1, 0), way(m + 1, 0);
  for (std::size_t i = 1; i <= n; ++i) {
    p[0] = i;
    std::size_t j0 = 0;
    std::vector<double> minv(m + 1, inf);
    std::vector<bool> used(m + 1, false);
    do {
      used[j0] = true;
      const std::size_t i0 = p[j0];
      double delta = inf;
      std::size_t j1 = 0;
      for (std::size_t j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const double reduced = a(i0 - 1, j - 1) - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (std::size_t j = 0; j <= m; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {  // flip the augmenting path
      const std::size_t j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }

  for (std::size_t j = 1; j <= m; ++j) {
    if (p[j] == 0) continue;
    const std::size_t i = p[j] - 1;
    const std::size_t row = transposed ? j - 1 : i;
    const std::size_t col = transposed ? i : j - 1;
    result.column_of_row[row] = static_cast<int>(col);
    result.row_of_column[col] = static_cast<int>(row);
    result.total_cost += cost[row][col];
  }
  return result;
}

}  // namespace toxplan
