// Deterministic parallel loop over slices: each index is computed independently, so the
// result does not depend on the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

namespace atlas_gen {

inline void parallel_for(int n, const std::function<void(int)>& body) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const int workers = static_cast<int>(std::min<unsigned>(hw, 8u));
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++)
        body(i);
    });
  }
  for (auto& t : pool)
    t.join();
}

}  // namespace atlas_gen
