#include "base/near_miss.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace toxplan {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> near_miss(std::string_view name,
                                     std::initializer_list<const char*> known) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const char* k : known) {
    const std::string_view candidate(k);
    if (candidate == name) return std::nullopt;  // not a miss at all
    const std::size_t allowed = candidate.size() >= 6 ? 2 : candidate.size() >= 3 ? 1 : 0;
    const std::size_t d = edit_distance(name, candidate);
    if (d <= allowed && (!best || d < best_distance)) {
      best = std::string(candidate);
      best_distance = d;
    }
  }
  return best;
}

}  // namespace toxplan
