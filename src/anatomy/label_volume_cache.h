// A least-recently-used cache of label volumes keyed by their snapped grid, so that the
// simulator asking again for the same box gets the same volume back without re-voxelising.
// The simulator asks for fixed 8 mm bricks of the lattice (sim/site_domain.cpp), so a site that
// moves, or a neighbouring site, reuses most of them: the cache holds thousands of small
// entries, found by hash. Thread-safe: one mutex guards the list; volumes are built outside it.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "anatomy/label_volume_builder.h"

namespace toxplan::anatomy {

struct GridKeyHash {
  std::size_t operator()(const GridKey& k) const;
};

class LabelVolumeCache {
 public:
  explicit LabelVolumeCache(std::size_t max_entries = 16384, std::size_t max_bytes = 512u << 20)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}

  // The cached volume for `key`, or the result of `build` (then cached). If two threads build
  // the same key at once, both get the first one stored.
  std::shared_ptr<const LabelVolume> get_or_build(
      const GridKey& key, const std::function<std::shared_ptr<const LabelVolume>()>& build);
  void clear();
  std::size_t size() const;

 private:
  struct Entry {
    GridKey key;
    std::shared_ptr<const LabelVolume> volume;
    std::size_t bytes = 0;
  };
  std::size_t max_entries_;
  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<GridKey, std::list<Entry>::iterator, GridKeyHash> index_;
  std::size_t bytes_ = 0;
};

}  // namespace toxplan::anatomy
